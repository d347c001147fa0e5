import { describe, expect, it } from 'vitest';

import type { SessionEvent } from '@lookout/core';

import { call, lastDecision, result, testSession, traffic, user } from './helpers/engine.js';

function deleteAfter(statement: string, path: string): SessionEvent[] {
  return [
    user(statement),
    ...traffic(6000),
    call('list_directory', { path: '/srv/app' }, 'l1'),
    result('l1', '[DIR] build\n[DIR] db'),
    call('bash', { command: `rm -rf ${path}` }, 'd1'),
  ];
}

describe('fact relevance', () => {
  it.each([
    ['a fact about everything', "Don't delete anything until I have reviewed the diff.", '/srv/app/build', 'hold'],
    ['a fact about one named thing', "Don't touch the migrations folder.", '/srv/app/build', 'allow'],
    ['a named thing the call acts on', "Don't touch the migrations folder.", '/srv/app/db/migrations', 'hold'],
    ['an inflected name', 'Never wipe the production uploads.', '/srv/app/upload', 'hold'],
    ['a fact scoped to another path', 'Never delete anything in /srv/app/db.', '/srv/app/build', 'allow'],
    ['a fact scoped to the path', 'Never delete anything in /srv/app/db.', '/srv/app/db/cache', 'hold'],
  ])('%s', (_name, statement, path, kind) => {
    const decision = lastDecision(testSession(), deleteAfter(statement, path));

    expect(decision.kind).toBe(kind);
    if (decision.kind === 'hold') expect(decision.reasons).toEqual(['reminder']);
  });

  it('reminds of a declared fact on any destructive call', () => {
    const session = testSession({ facts: [{ id: 'freeze', text: 'Code freeze until Friday.' }] });

    const decision = lastDecision(session, deleteAfter('Tidy the build output.', '/srv/app/build'));

    expect(decision.kind === 'hold' && decision.facts.map((fact) => fact.id)).toEqual(['freeze']);
  });
});

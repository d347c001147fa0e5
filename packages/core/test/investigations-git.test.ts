import { describe, expect, it } from 'vitest';

import { call, lastDecision, result, testSession } from './helpers/engine.js';

const gitPolicy = {
  investigations: {
    require: [
      { effect: 'git.checkout.discard', needs: [{ any: ['git.status', 'git.diff', 'fs.read', 'fs.stat'], on: 'repository' as const }] },
      { effect: 'git.reset.hard', needs: [{ any: ['git.status'], on: 'repository' as const }] },
    ],
  },
};

describe('git investigations', () => {
  it('git status of the repository covers a file it restores', () => {
    const decision = lastDecision(testSession(gitPolicy), [
      call('bash', { command: 'git status --short' }, 's1'),
      result('s1', ' M pnpm-lock.yaml\n?? src/new.ts'),
      call('bash', { command: 'git checkout -- pnpm-lock.yaml' }, 'c1'),
    ]);

    expect(decision.kind).toBe('allow');
  });

  it('a read of one file does not cover discarding the whole tree', () => {
    const decision = lastDecision(testSession(gitPolicy), [
      call('read_text_file', { path: '/srv/app/src/worker.go' }, 'r1'),
      result('r1', 'package queue'),
      call('bash', { command: 'git checkout -- .' }, 'c1'),
    ]);

    expect(decision.kind).toBe('hold');
  });

  it('a hard reset without git status holds with the status call', () => {
    const decision = lastDecision(testSession(gitPolicy), [call('bash', { command: 'git reset --hard origin/main' }, 'g1')]);

    expect(decision.kind === 'hold' && decision.missing.map((missing) => missing.effects)).toEqual([['git.status']]);
  });
});

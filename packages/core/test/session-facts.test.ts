import { describe, expect, it } from 'vitest';

import { createSession, createTokenizer } from '@lookout/core';
import type { ToolDefinition } from '@lookout/core';

import { TOOLS, call, feed, lastDecision, result, testPolicy, testSession, traffic, user } from './helpers/engine.js';

const moveFile = TOOLS.find((tool) => tool.name === 'move_file') as ToolDefinition;
const readFile = TOOLS.find((tool) => tool.name === 'read_text_file') as ToolDefinition;

describe('Session facts', () => {
  it('extracts constraints from user messages', () => {
    const session = testSession();
    feed(session, [user('Please tidy the invoices. Leave the 2024 folder alone, and never touch the spreadsheets.')]);

    expect(session.listFacts().map((fact) => [fact.source, fact.kind, fact.text])).toEqual([
      ['user', 'safety', 'Leave the 2024 folder alone, and never touch the spreadsheets.'],
    ]);
  });

  it('lists tokens since each fact was seen', () => {
    const session = testSession({ facts: [{ id: 'freeze', text: 'Code freeze: change nothing in production.' }] });
    feed(session, traffic(1200));

    expect(session.position()).toBeGreaterThan(1200);
    expect(session.listFacts()).toEqual([expect.objectContaining({ id: 'freeze', source: 'policy', tokensSinceSeen: session.position(), dropped: false })]);
  });

  it('records agent notes as facts', () => {
    const session = testSession();

    feed(session, [{ type: 'note', kind: 'safety', text: 'The user said the staging database is shared with QA.', source: 'agent_note' }]);

    expect(session.listFacts().map((fact) => fact.source)).toEqual(['agent_note']);
  });

  it('reads warnings from an AGENTS.md the agent read', () => {
    const session = testSession();

    feed(session, [call('read_text_file', { path: '/srv/app/AGENTS.md' }, 'r1'), result('r1', '# Notes\n\nNever run the seed script against the shared database.\n')]);

    expect(session.listFacts().map((fact) => [fact.source, fact.text])).toEqual([['tool_result', 'Never run the seed script against the shared database.']]);
  });

  it('offers decayed facts for risky tools only', () => {
    const session = testSession({ facts: [{ id: 'uploads', text: 'Never move the customer uploads.' }] });
    feed(session, traffic(5000));

    expect(session.factsToRemind([readFile])).toEqual([]);
    expect(session.factsToRemind([readFile, moveFile]).map((fact) => fact.id)).toEqual(['uploads']);
  });

  it('counts a reminder event as a restatement', () => {
    const session = testSession({ facts: [{ id: 'uploads', text: 'Never move the customer uploads.' }] });
    feed(session, traffic(5000));

    feed(session, [{ type: 'reminder', factIds: ['uploads'], tokens: 20 }]);

    expect(session.factsToRemind([moveFile])).toEqual([]);
    const move = call('move_file', { source: '/srv/app/data', destination: '/srv/app/old' }, 'm1');
    expect(lastDecision(session, [call('list_directory', { path: '/srv/app' }, 'l1'), result('l1', '[DIR] data'), move]).kind).toBe('allow');
  });

  it('keeps system prompt facts through a compaction', () => {
    const session = testSession();
    feed(session, [
      { type: 'message', role: 'system', text: 'You work on the staging box. Never write to the main connection.' },
      user('Do not push to the release branch.'),
      { type: 'compaction', summary: 'Working on the checkout tests.' },
    ]);

    expect(session.listFacts().map((fact) => [fact.source, fact.dropped])).toEqual([
      ['system', false],
      ['user', true],
    ]);
  });
});

describe('Session investigations', () => {
  it('writes a check record when a guard investigation finds nothing at stake', () => {
    const session = testSession();

    const { journal } = feed(session, [
      { type: 'tool_call', id: 'g1', tool: 'list_directory', arguments: { path: '/srv/app/tmp' }, origin: 'guard' },
      result('g1', ''),
    ]);

    expect(journal).toEqual([{ event: 'check', id: 'g1', tool: 'list_directory', targets: [{ kind: 'path', id: '/srv/app/tmp' }], found: expect.any(String) }]);
  });

  it('makes a listing stale after the call limit', () => {
    const session = testSession({ investigations: { freshCalls: 3 } });
    const events = [call('list_directory', { path: '/srv/app' }, 'l1'), result('l1', '[DIR] data')];
    for (let index = 0; index < 4; index += 1) events.push(call('read_text_file', { path: `/srv/app/f${index}` }, `r${index}`));

    const decision = lastDecision(session, [...events, call('move_file', { source: '/srv/app/data', destination: '/srv/old' }, 'm1')]);

    expect(decision.kind === 'hold' && decision.missing.map((missing) => missing.why)).toContain('stale');
  });

  it('makes a listing stale after the token limit', () => {
    const session = testSession();

    const decision = lastDecision(session, [call('list_directory', { path: '/srv/app' }, 'l1'), result('l1', '[DIR] data'), ...traffic(8500), call('move_file', { source: '/srv/app/data', destination: '/srv/old' }, 'm1')]);

    expect(decision.kind === 'hold' && decision.missing.map((missing) => missing.why)).toContain('stale');
  });
});

describe('Session tokens', () => {
  it('counts text with o200k_base by default', () => {
    const session = createSession({ policy: testPolicy() });

    session.handle({ type: 'message', role: 'user', text: 'Hello, world!' });

    expect(session.position()).toBe(createTokenizer('o200k_base').count('Hello, world!'));
    expect(session.position()).toBe(4);
  });

  it('uses the tokenizer it is given', () => {
    const session = createSession({ policy: testPolicy(), tokenizer: { count: (text) => text.length } });

    session.handle({ type: 'message', role: 'user', text: 'Hello, world!' });

    expect(session.position()).toBe(13);
  });

  it('counts other encodings on request', () => {
    const cl100k = createTokenizer('cl100k_base');

    expect(cl100k.count('Hello, world!')).toBe(4);
    expect(cl100k.count('')).toBe(0);
  });
});

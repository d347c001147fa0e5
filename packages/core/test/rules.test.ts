import { assert, describe, expect, it } from 'vitest';

import { call, feed, lastDecision, result, testSession, user } from './helpers/engine.js';

const moveData = (id: string) => call('move_file', { source: '/srv/app/data/a.csv', destination: '/srv/app/old/a.csv' }, id);

describe('policy rules', () => {
  it('allow rule silences a hold on its target', () => {
    const session = testSession({ rules: [{ id: 'scratch-ok', when: { effect: 'fs.move', target: '/srv/app/data/**' }, action: 'allow' }] });

    const decision = lastDecision(session, [moveData('m1')]);

    assert(decision.kind === 'allow');
    expect(decision.basis).toEqual(['rule']);
  });

  it('allow rule leaves other targets held', () => {
    const session = testSession({ rules: [{ id: 'scratch-ok', when: { effect: 'fs.move', target: '/srv/app/tmp/**' }, action: 'allow' }] });

    expect(lastDecision(session, [moveData('m1')]).kind).toBe('hold');
  });

  it('deny rule matches by tool and exact arguments', () => {
    const session = testSession({ rules: [{ id: 'no-overwrite-env', when: { tool: 'write_file', argumentsMatch: { path: '/srv/app/.env' } }, action: 'deny', message: 'The .env file is managed by the deploy pipeline.' }] });

    const decision = lastDecision(session, [call('write_file', { path: '/srv/app/.env', content: 'X=1' }, 'w1')]);

    assert(decision.kind === 'deny');
    expect(decision.message).toBe('The .env file is managed by the deploy pipeline.');
  });

  it('deny rule wins over an allow rule', () => {
    const session = testSession({
      rules: [
        { id: 'moves-ok', when: { effect: 'fs.move' }, action: 'allow' },
        { id: 'no-data-moves', when: { effect: 'fs.*', target: '/srv/app/data/**' }, action: 'deny' },
      ],
    });

    expect(lastDecision(session, [moveData('m1')]).kind).toBe('deny');
  });

  it('denied intent stays denied through another tool', () => {
    const session = testSession({ rules: [{ id: 'no-data-moves', when: { tool: 'move_file' }, action: 'deny' }] });

    const { decisions } = feed(session, [
      moveData('m1'),
      call('bash', { command: 'true' }, 'b0'),
      { type: 'tool_call', id: 'm2', tool: 'rename_file', arguments: { source: '/srv/app/data/a.csv', destination: '/srv/app/old/a.csv' }, definition: { name: 'rename_file', annotations: { destructiveHint: true } } },
    ]);

    expect(decisions[0]?.kind).toBe('deny');
    expect(decisions.at(-1)?.kind).toBe('deny');
  });

  it('hold rule holds a read-level call once', () => {
    const session = testSession({ rules: [{ id: 'look-twice', when: { tool: 'read_text_file', argumentsMatch: { path: '/srv/app/secrets.txt' } }, action: 'hold', message: 'Secrets are not needed for this task.' }] });

    const { decisions } = feed(session, [call('read_text_file', { path: '/srv/app/secrets.txt' }, 'r1'), call('read_text_file', { path: '/srv/app/secrets.txt' }, 'r2')]);

    expect(decisions.map((decision) => decision.kind)).toEqual(['hold', 'allow']);
  });

  it('level rule matches calls at or above the level', () => {
    const session = testSession({ rules: [{ id: 'ask-destructive', when: { level: 'destructive' }, action: 'ask' }] });

    const { decisions } = feed(session, [call('list_directory', { path: '/srv/app' }, 'l1'), moveData('m1')]);

    expect(decisions.map((decision) => decision.kind)).toEqual(['allow', 'ask']);
  });
});

describe('ask decisions', () => {
  const askPolicy = { rules: [{ id: 'ask-moves', when: { tool: 'move_file' }, action: 'ask' as const }] };

  it('approval with the digest releases the call', () => {
    const session = testSession(askPolicy);
    const asked = lastDecision(session, [moveData('m1')]);

    const approval = session.handle({ type: 'approval', id: 'm1', digest: asked.digest, approved: true });
    const retried = lastDecision(session, [moveData('m2')]);

    expect(asked.kind).toBe('ask');
    assert(approval.ok);
    expect(approval.decision?.kind).toBe('allow');
    expect(retried.kind).toBe('allow');
  });

  it('approval with another digest releases nothing', () => {
    const session = testSession(askPolicy);
    lastDecision(session, [moveData('m1')]);

    const approval = session.handle({ type: 'approval', id: 'm1', digest: '0000000000000000', approved: true });
    const retried = lastDecision(session, [moveData('m2')]);

    expect(approval.ok).toBe(false);
    expect(retried.kind).toBe('ask');
  });

  it('refusal denies the call from then on', () => {
    const session = testSession(askPolicy);
    const asked = lastDecision(session, [moveData('m1')]);

    const refusal = session.handle({ type: 'approval', id: 'm1', digest: asked.digest, approved: false });

    assert(refusal.ok);
    expect(refusal.journal).toEqual([{ event: 'outcome', ref: 'm1', outcome: 'refused' }]);
    expect(lastDecision(session, [moveData('m2')]).kind).toBe('deny');
  });
});

describe('log-only mode', () => {
  it('journals every would-be hold and allows', () => {
    const session = testSession({ mode: 'log-only', rules: [{ id: 'no-env', when: { tool: 'write_file', argumentsMatch: { path: '/srv/app/.env' } }, action: 'deny' }] });

    const { decisions, journal } = feed(session, [
      user('Never touch the uploads in /srv/app/data.'),
      moveData('m1'),
      result('m1', 'moved'),
      call('write_file', { path: '/srv/app/.env', content: 'X=1' }, 'w1'),
    ]);

    expect(decisions.map((decision) => decision.kind)).toEqual(['allow', 'allow']);
    const intercepts = journal.filter((entry) => entry.event === 'intercept');
    expect(intercepts.map((entry) => entry.event === 'intercept' && [entry.id, entry.decision, entry.logOnly])).toEqual([
      ['m1', 'hold', true],
      ['w1', 'deny', true],
    ]);
    assert(decisions[0]?.kind === 'allow');
    expect(decisions[0].wouldBlock?.kind).toBe('hold');
  });

  it('log action journals a missing investigation and allows', () => {
    const session = testSession({ actions: { investigation: 'log' } });

    const { decisions, journal } = feed(session, [moveData('m1')]);

    expect(decisions[0]?.kind).toBe('allow');
    expect(journal.map((entry) => entry.event === 'intercept' && entry.reasons)).toEqual([['investigation']]);
  });

  it('off action ignores a missing investigation', () => {
    const session = testSession({ actions: { investigation: 'off' } });

    const { decisions, journal } = feed(session, [moveData('m1')]);

    expect(decisions[0]?.kind).toBe('allow');
    expect(journal).toEqual([]);
  });
});

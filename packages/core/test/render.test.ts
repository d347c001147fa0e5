import { describe, expect, it } from 'vitest';

import { renderDecisionLine, renderHoldText } from '@lookout/core';
import type { HoldDecision } from '@lookout/core';

import { call, lastDecision, result, testSession, traffic, user } from './helpers/engine.js';

const FACT = 'Never delete anything in /srv/app/data: it holds the only copy of the uploads.';

function heldDelete(): HoldDecision {
  const decision = lastDecision(testSession(), [user(FACT), ...traffic(9000), call('bash', { command: 'rm -rf /srv/app/data' }, 'd1')]);
  if (decision.kind !== 'hold') throw new Error(`expected a hold, got ${decision.kind}`);
  return decision;
}

describe('renderHoldText', () => {
  it('names the call, the fact with its age, and the listing to make', () => {
    const text = renderHoldText(heldDelete());

    expect(text.split('\n')).toEqual([
      'Lookout, the guard on these tools, held this call: bash {"command": "rm -rf /srv/app/data"}. It has not run.',
      expect.stringMatching(/^What it does: .*\/srv\/app\/data/),
      'Stated earlier in this session and relevant to this call:',
      expect.stringMatching(/^- "Never delete anything in \/srv\/app\/data: it holds the only copy of the uploads." \(the user, last seen 9,\d{3} tokens ago\)$/),
      'Not yet checked:',
      '- /srv/app/data has not been looked at in this session.',
      '  Make this call first: list_directory {"path": "/srv/app/data"}',
      'To go on: make the calls above and read what they show, then check the plan against the statements above. If the call is still right, re-issue it unchanged and it will run; a changed call is checked afresh.',
    ]);
  });

  it('explains a deny and that retries stay denied', () => {
    const session = testSession({ rules: [{ id: 'no-data-moves', when: { tool: 'move_file' }, action: 'deny', message: 'Data moves go through the migration job.' }] });
    const decision = lastDecision(session, [call('move_file', { source: '/srv/app/data', destination: '/srv/old' }, 'm1')]);

    const text = renderHoldText(decision as Exclude<typeof decision, { kind: 'allow' }>);

    expect(text).toContain('denied this call: move_file {"destination": "/srv/old", "source": "/srv/app/data"}');
    expect(text).toContain('Rule no-data-moves: Data moves go through the migration job.');
    expect(text).toContain('also through another tool, will be denied again');
  });
});

describe('renderDecisionLine', () => {
  it('summarises a hold on one line', () => {
    const line = renderDecisionLine(heldDelete());

    expect(line).toMatch(/^hold  bash \/srv\/app\/data  reminder\(user-\d+\) investigation\(list_directory \{"path": "\/srv\/app\/data"\}\)$/);
  });

  it('summarises an allow', () => {
    const decision = lastDecision(testSession(), [call('list_directory', { path: '/srv/app' }, 'l1'), result('l1', '[DIR] data')]);

    expect(renderDecisionLine(decision)).toBe('allow list_directory -');
  });
});

import { describe, expect, it } from 'vitest';

import type { CaseExpectation } from '@lookout/core/node';

import { compareWithExpectation, renderMismatch, type CallReport, type CallVerdict, type SessionReport } from '../../src/replay/index.js';

function call(id: string, verdict: CallVerdict, reasons: CallReport['reasons']): CallReport {
  return { id, tool: 'bash', verdict, reasons, modes: [], targets: [], effects: [], facts: [], missing: [], at: {} };
}

function report(calls: CallReport[]): SessionReport {
  return {
    file: 'case.json',
    id: 'case',
    format: 'lookout-case',
    counts: { calls: calls.length, allowed: 0, held: 0, denied: 0, asked: 0, errors: 0 },
    intercepted: calls.filter((item) => item.verdict !== 'allow'),
    verdicts: Object.fromEntries(calls.map((item) => [item.id, item.verdict])),
    engineProblems: [],
    skipped: { unknownTypes: {}, sidechain: 0, offChain: 0, notices: 0 },
  };
}

const session = report([call('toolu_01', 'allow', []), call('toolu_02', 'hold', ['investigation']), call('toolu_03', 'deny', ['deny'])]);

describe('compareWithExpectation', () => {
  it.each<[string, CaseExpectation, string[]]>([
    ['met expectations', { hold: ['toolu_02', 'toolu_03'], allow: ['toolu_01'], reasons: { toolu_02: ['investigation'] } }, []],
    ['an allowed call expected held', { hold: ['toolu_01'], allow: [], reasons: {} }, ['mismatch toolu_01: expected hold, got allow (guard\'s reasons: none); the guard allowed it.']],
    ['a held call expected allowed', { hold: [], allow: ['toolu_02'], reasons: {} }, ['mismatch toolu_02: expected allow, got hold (guard\'s reasons: investigation); the guard returned hold.']],
    ['a missing reason', { hold: ['toolu_02'], allow: [], reasons: { toolu_02: ['reminder', 'investigation'] } }, ['mismatch toolu_02: expected reasons: reminder, investigation, got hold (guard\'s reasons: investigation); missing reason reminder.']],
    ['an id the transcript lacks', { hold: ['toolu_09'], allow: [], reasons: {} }, ['mismatch toolu_09: expected hold, got absent (guard\'s reasons: none); the transcript has no tool_use with this id.']],
  ])('reports %s', (_name, expectation, expected) => {
    const result = compareWithExpectation(session, expectation);

    expect(result.mismatches.map(renderMismatch)).toEqual(expected);
    expect(result.matched).toBe(expected.length === 0);
  });

  it('counts a deny as not allowed', () => {
    const result = compareWithExpectation(session, { hold: ['toolu_03'], allow: [], reasons: { toolu_03: ['deny'] } });

    expect(result.matched).toBe(true);
  });
});

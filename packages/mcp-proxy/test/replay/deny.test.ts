import { describe, expect, it } from 'vitest';

import { resolvePolicy } from '@lookout/core';
import { loadPreset, parseTranscript } from '@lookout/core/node';

import { createSessionOpener, replayTranscript } from '../../src/replay/index.js';

const caseText = JSON.stringify({
  format: 'lookout-case/1',
  id: 'deny-with-message',
  modes: [3],
  tools: [{ name: 'drop_index', inputSchema: { type: 'object', properties: { index: { type: 'string' } } }, annotations: { destructiveHint: true } }],
  policy: {
    extends: [],
    rules: [{ id: 'keep-search-index', when: { tool: 'drop_index', argumentsMatch: { index: 'products' } }, action: 'deny', message: 'The products index serves live search; rebuild it instead.' }],
  },
  transcript: [
    { role: 'user', content: 'Search results look stale.' },
    { role: 'assistant', content: [{ type: 'tool_use', id: 'toolu_01', name: 'drop_index', input: { index: 'products' } }] },
    { role: 'user', content: [{ type: 'tool_result', tool_use_id: 'toolu_01', content: 'dropped' }] },
  ],
  expect: { hold: ['toolu_01'], allow: [], reasons: { toolu_01: ['deny'] } },
});

describe('replay of a denied call', () => {
  it('reports the rule and its message', () => {
    const base = resolvePolicy({ extends: [] }, loadPreset);
    if (!base.ok) throw new Error(base.error.message);
    const report = replayTranscript(parseTranscript(caseText, { file: 'deny.json' }), createSessionOpener({ policy: base.policy, loadPreset }));

    expect(report.intercepted).toHaveLength(1);
    expect(report.intercepted[0]).toMatchObject({ id: 'toolu_01', verdict: 'deny', reasons: ['deny'], ruleId: 'keep-search-index', message: 'The products index serves live search; rebuild it instead.' });
    expect(report.counts).toMatchObject({ calls: 1, denied: 1, allowed: 0 });
  });
});

// The guard's own decisions with a real engine session: failing closed when the engine cannot judge a call,
// and refusing to shadow a server tool with an agent tool.
import { Writable } from 'node:stream';

import { createSession } from '@lookout/core';
import { defaultPolicy } from '@lookout/core/node';
import pino from 'pino';
import { describe, expect, it } from 'vitest';

import { LookoutGuard } from '../../src/guard/lookout-guard.js';
import type { GuardSessionContext, ToolCall } from '../../src/proxy/guard.js';

function guardContext(logLines: string[]): GuardSessionContext {
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      logLines.push(chunk.toString('utf8'));
      done();
    },
  });
  return {
    session: 'test',
    server: 'test-server',
    logger: pino(sink),
    callUpstreamTool: () => Promise.reject(new Error('the guard made an upstream call in a test that allows none')),
    requestUpstream: () => Promise.resolve({ tools: [] }),
    canElicit: () => false,
    elicit: () => Promise.reject(new Error('no elicitation in this test')),
  };
}

function toolCall(name: string, args: Record<string, unknown>): ToolCall {
  return { id: `call-${name}`, session: 'test', name, arguments: args, meta: undefined, signal: new AbortController().signal };
}

function brokenGuard(logLines: string[]): LookoutGuard {
  const session = createSession({
    policy: defaultPolicy(),
    classify: () => {
      throw new Error('classifier exploded');
    },
  });
  return new LookoutGuard({ session, journal: { write: () => undefined }, context: guardContext(logLines), agentTools: true, autoInvestigate: false });
}

const TOOLS = [
  { name: 'read_text_file', annotations: { readOnlyHint: true } },
  { name: 'move_file', annotations: { readOnlyHint: false, destructiveHint: true } },
];

describe('LookoutGuard', () => {
  it('holds a call the engine cannot judge', async () => {
    const logLines: string[] = [];
    const guard = brokenGuard(logLines);
    guard.onToolsList(TOOLS, true);

    const verdict = await guard.beforeToolCall(toolCall('move_file', { source: '/a', destination: '/b' }));

    expect(verdict.action).toBe('respond');
    const text = verdict.action === 'respond' ? JSON.stringify(verdict.result) : '';
    expect(text).toContain('could not judge it');
    expect(logLines.join('')).toContain('guard could not judge a tool call');
  });

  it('forwards a read-only call the engine cannot judge', async () => {
    const guard = brokenGuard([]);
    guard.onToolsList(TOOLS, true);

    const verdict = await guard.beforeToolCall(toolCall('read_text_file', { path: '/a' }));

    expect(verdict).toEqual({ action: 'forward' });
  });

  it('rejects a server tool that clashes with an agent tool', () => {
    const guard = brokenGuard([]);

    expect(() => guard.onToolsList([...TOOLS, { name: 'lookout_recall' }], true)).toThrow(/--no-agent-tools/);
  });
});

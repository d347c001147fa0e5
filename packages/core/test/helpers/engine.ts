// Shared pieces of the engine tests: the reference filesystem server's tools (and a shell tool) as servers
// list them, inline policies that extend nothing, and a driver that feeds events and collects decisions.
import { createSession, resolvePolicy } from '@lookout/core';
import type { Decision, EventResult, JournalEntry, PolicyInput, ResolvedPolicy, Session, SessionEvent, ToolDefinition } from '@lookout/core';

import toolList from './tools.json';

export const TOOLS = toolList as ToolDefinition[];
export const CWD = '/srv/app';

/** Investigations the tests require, written out so they do not depend on the shipped presets. */
export const REQUIREMENTS: NonNullable<NonNullable<PolicyInput['investigations']>['require']> = [
  { effect: 'fs.delete', needs: [{ any: ['fs.list'], on: 'target' }] },
  { effect: 'fs.move', needs: [{ any: ['fs.list', 'fs.stat'], on: 'target' }] },
  { effect: 'fs.overwrite', needs: [{ any: ['fs.list', 'fs.stat', 'fs.read'], on: 'target' }] },
];

/** Resolves an inline policy that extends nothing, with the test requirements unless it brings its own. */
export function testPolicy(input: PolicyInput = {}): ResolvedPolicy {
  const result = resolvePolicy(
    { extends: [], ...input, investigations: { require: REQUIREMENTS, ...input.investigations } },
    () => undefined,
  );
  if (!result.ok) throw new Error(result.error.message);
  return result.policy;
}

export function testSession(input: PolicyInput = {}): Session {
  return createSession({ policy: testPolicy(input), context: { cwd: CWD, home: '/home/dev' }, tools: TOOLS });
}

let nextCall = 1;

/** A tool call event with a fresh id. */
export function call(tool: string, args: Record<string, unknown>, id = `call-${nextCall++}`): SessionEvent {
  return { type: 'tool_call', id, tool, arguments: args };
}

export function result(id: string, text: string, isError = false): SessionEvent {
  return { type: 'tool_result', id, text, isError };
}

export function user(text: string): SessionEvent {
  return { type: 'message', role: 'user', text };
}

export function assistant(text: string): SessionEvent {
  return { type: 'message', role: 'assistant', text };
}

/** A read of a log file followed by its result, about `tokens` tokens long: tool traffic that buries facts. */
export function traffic(tokens: number, id = `call-${nextCall++}`): SessionEvent[] {
  const lines: string[] = [];
  for (let line = 0; line < Math.ceil(tokens / 20); line += 1) {
    lines.push(`2026-03-12T10:${String(line % 60).padStart(2, '0')}:00Z worker-${line % 7} processed job ${1000 + line} in ${line % 97} ms`);
  }
  return [call('read_text_file', { path: `/var/log/worker/${id}.log` }, id), { type: 'tool_result', id, text: lines.join('\n'), isError: false, tokens }];
}

/** Feeds events in order; a call followed by no result gets a plain success result when `autoResult` is set. */
export function feed(session: Session, events: SessionEvent[]): { decisions: Decision[]; results: EventResult[]; journal: JournalEntry[] } {
  const decisions: Decision[] = [];
  const results: EventResult[] = [];
  const journal: JournalEntry[] = [];
  for (const event of events) {
    const outcome = session.handle(event);
    results.push(outcome);
    journal.push(...outcome.journal);
    if (!outcome.ok) throw new Error(`event ${JSON.stringify(event).slice(0, 200)} failed: ${outcome.error.message}`);
    if (outcome.decision !== undefined) decisions.push(outcome.decision);
  }
  return { decisions, results, journal };
}

/** The last decision of a run. */
export function lastDecision(session: Session, events: SessionEvent[]): Decision {
  const { decisions } = feed(session, events);
  const decision = decisions.at(-1);
  if (decision === undefined) throw new Error('the events contained no tool call');
  return decision;
}

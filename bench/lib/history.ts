// Synthetic agent sessions for the in-process benchmarks: a coding agent listing, reading, searching and
// editing files in a workspace, with the odd user message. Events carry precomputed `tokens`, so the
// engine skips tokenising and a session of 10M tokens builds in seconds.

import { createSession, type EventResult, type Session, type SessionEvent, type ToolDefinition } from '@lookout/core';
import type { ResolvedPolicy } from '@lookout/core';
import { WORKSPACE } from './policy-load.js';

/** Tokens one history step (a call and its result) adds to the session's axis. */
export const TOKENS_PER_STEP = 1000;
const CALL_TOKENS = 40;
const MESSAGE_EVERY_STEPS = 25;
const MESSAGE_TOKENS = 60;

/** Tools a shell-and-SQL capable coding agent has besides the filesystem server's. */
export const EXTRA_TOOLS: ToolDefinition[] = [
  {
    name: 'bash',
    description: 'Run a shell command in the workspace.',
    inputSchema: { type: 'object', properties: { command: { type: 'string' } }, required: ['command'] },
  },
  {
    name: 'query',
    description: 'Run a SQL statement against the configured database.',
    inputSchema: { type: 'object', properties: { sql: { type: 'string' } }, required: ['sql'] },
  },
];

type Step = { tool: string; args: Record<string, unknown>; result: string };

function historyStep(index: number): Step {
  const module = `${WORKSPACE}/src/module-${index % 200}`;
  const file = `${module}/file-${index % 17}.ts`;
  switch (index % 6) {
    case 0:
      return { tool: 'list_directory', args: { path: module }, result: Array.from({ length: 12 }, (_, n) => `[FILE] file-${n}.ts`).join('\n') };
    case 1:
      return { tool: 'read_text_file', args: { path: file }, result: `export function handler${index}(request: Request): Response {\n  return respond(request, ${index});\n}\n` };
    case 2:
      return { tool: 'search_files', args: { path: module, pattern: `handler${index % 50}` }, result: `${file}\n${module}/index.ts` };
    case 3:
      return { tool: 'write_file', args: { path: `${WORKSPACE}/tmp/notes-${index}.md`, content: `step ${index}` }, result: `Successfully wrote to ${WORKSPACE}/tmp/notes-${index}.md` };
    case 4:
      return { tool: 'edit_file', args: { path: file, edits: [{ oldText: 'respond(', newText: 'respondJson(' }] }, result: '```diff\n-  return respond(request);\n+  return respondJson(request);\n```' };
    default:
      return { tool: 'bash', args: { command: `npm test -- module-${index % 200}` }, result: `PASS src/module-${index % 200}/file.test.ts\nTests: 12 passed, 12 total` };
  }
}

/** Feeds events and throws on an engine error, because a benchmark must not time failures. */
export function feedChecked(session: Session, event: SessionEvent): Extract<EventResult, { ok: true }> {
  const outcome = session.handle(event);
  if (!outcome.ok) throw new Error(`the engine rejected a ${event.type} event: ${outcome.error.code} ${outcome.error.message}`);
  return outcome;
}

/** Creates an empty session in the benchmark workspace. */
export function newSession(policy: ResolvedPolicy, tools: ToolDefinition[], name: string): Session {
  return createSession({ policy, tools, context: { cwd: WORKSPACE, roots: [WORKSPACE], home: '/home/dev' }, id: name });
}

/** Feeds history steps `from` to `from + count - 1`, each a call and its result spanning `tokensPerStep`. */
export function feedHistory(session: Session, from: number, count: number, tokensPerStep: number): void {
  for (let index = from; index < from + count; index++) {
    if (index % MESSAGE_EVERY_STEPS === 0) {
      feedChecked(session, { type: 'message', role: 'user', text: `Carry on with module ${index % 200} and run its tests.`, tokens: MESSAGE_TOKENS });
    }
    const step = historyStep(index);
    const id = `${session.id}-h${index}`;
    const decided = feedChecked(session, { type: 'tool_call', id, tool: step.tool, arguments: step.args, tokens: CALL_TOKENS });
    const rest = Math.max(1, tokensPerStep - CALL_TOKENS);
    if (decided.decision?.kind === 'allow') {
      feedChecked(session, { type: 'tool_result', id, text: step.result, isError: false, tokens: rest });
    } else {
      // A held call never reaches the server; its place on the axis is the hold text the agent read.
      feedChecked(session, { type: 'message', role: 'assistant', text: 'Noted, checking first.', tokens: rest });
    }
  }
}

/** Builds a session whose history spans about `tokens` tokens. */
export function buildSession(policy: ResolvedPolicy, tools: ToolDefinition[], tokens: number, name: string): Session {
  const session = newSession(policy, tools, name);
  feedHistory(session, 0, Math.max(1, Math.round(tokens / TOKENS_PER_STEP)), TOKENS_PER_STEP);
  return session;
}

/** Returns the `index`th timed call: reads, writes, moves, a shell delete and a SQL delete in turn. */
export function measuredCall(index: number): { tool: string; args: Record<string, unknown> } {
  const module = `${WORKSPACE}/src/module-${index % 200}`;
  switch (index % 7) {
    case 0:
      return { tool: 'read_text_file', args: { path: `${module}/file-${index % 17}.ts` } };
    case 1:
      return { tool: 'list_directory', args: { path: `${WORKSPACE}/data/customers-${(index % 25) * 4}` } };
    case 2:
      return { tool: 'write_file', args: { path: `${module}/generated-${index}.ts`, content: 'export {};\n' } };
    case 3:
      return { tool: 'move_file', args: { source: `${module}/file-${index % 17}.ts`, destination: `${WORKSPACE}/src/shared/file-${index}.ts` } };
    case 4:
      return { tool: 'edit_file', args: { path: `${module}/index.ts`, edits: [{ oldText: 'a', newText: 'b' }] } };
    case 5:
      return { tool: 'bash', args: { command: `cd ${module} && rm -rf build/cache-${index % 9} && npm run build` } };
    default:
      return { tool: 'query', args: { sql: `DELETE FROM orders WHERE id = ${index} AND status = 'cancelled'` } };
  }
}

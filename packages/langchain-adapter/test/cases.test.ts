// Landmine cases through a real agent: each recorded session is played by the scripted model, with tools that
// return the recorded results, under lookoutMiddleware. The middleware must block on the first attempt exactly
// the calls that `lookout replay` blocks when it judges the recording, with one exception. A live agent reads
// each hold's text and each injected reminder, so a fact it was shown is fresh again, and a call that replay
// blocks only for that reminder may then run. The project's own cases are in `cases/`; the shared ones
// (`../shared/cases`) are used when that folder exists.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

import { AIMessage, HumanMessage, RemoveMessage, ToolMessage } from '@langchain/core/messages';
import { fakeModel } from '@langchain/core/testing';
import { DynamicStructuredTool } from '@langchain/core/tools';
import type { ToolRunnableConfig } from '@langchain/core/tools';
import { Command, MemorySaver, REMOVE_ALL_MESSAGES } from '@langchain/langgraph';
import { lookoutMiddleware } from '@lookout/langchain';
import { createSession, resolvePolicy } from '@lookout/core';
import type { PolicyInput, ResolvedPolicy } from '@lookout/core';
import { defaultPolicy, loadPreset, readTranscriptFile } from '@lookout/core/node';
import { createAgent } from 'langchain';
import { describe, expect, it } from 'vitest';

const folders = [new URL('../../../cases/', import.meta.url), new URL('../../../../shared/cases/', import.meta.url)]
  .map((url) => fileURLToPath(url))
  .filter((folder) => existsSync(folder));
const caseFiles = folders.flatMap((folder) => readdirSync(folder).filter((name) => name.endsWith('.json')).map((name) => `${folder}${name}`));

interface CaseFile {
  id: string;
  tools: Array<{ name: string; description?: string; inputSchema?: Record<string, unknown>; annotations?: Record<string, unknown> }>;
  policy: PolicyInput | null;
  cwd?: string;
  transcript: Array<{ role: 'system' | 'user' | 'assistant'; content: string | Array<Record<string, unknown>> }>;
}

/** One user turn of the session and the assistant messages that answered it. */
interface Segment {
  userText: string;
  replies: AIMessage[];
}

const CONTEXT_SUMMARY_MARKER = '[context summary]';

describe.runIf(caseFiles.length > 0)('lookoutMiddleware on landmine cases', () => {
  it.each(caseFiles.flatMap((file) => [false, true].map((inject) => [file.split('/').at(-1) ?? file, inject, file] as const)))(
    'judges %s as replay does (injection %s)',
    async (_name, injectReminders, file) => {
      const landmine = readCase(file);
      const replayed = await replayJudgement(file);

      const { blocked, reminded } = await playCase(landmine, injectReminders);

      expect([...blocked].filter((id) => !replayed.has(id))).toEqual([]);
      const missed = [...replayed.keys()].filter((id) => !blocked.has(id));
      // A fact the model was shown (in a hold's text or an injection) is fresh: only a reminder-only block may go.
      expect(missed.filter((id) => !reminded.has(id) || replayed.get(id)?.join() !== 'reminder')).toEqual([]);
    },
  );
});

/** The calls `lookout replay` blocks in a recording, with the reasons: a log-only session fed every step. */
async function replayJudgement(file: string): Promise<Map<string, string[]>> {
  const transcript = await readTranscriptFile(file);
  const policy = transcript.policy === undefined || transcript.policy === null ? defaultPolicy() : resolvedOrThrow(transcript.policy);
  const session = createSession({ policy: { ...policy, mode: 'log-only' }, context: transcript.context, tools: transcript.tools, id: transcript.id });

  const blocked = new Map<string, string[]>();
  for (const step of transcript.steps) {
    if (step.cwd !== undefined) session.setContext({ cwd: step.cwd });
    const result = session.handle(step.event);
    const decision = result.ok ? result.decision : undefined;
    if (decision?.kind === 'allow' && decision.wouldBlock !== undefined) blocked.set(decision.callId, decision.wouldBlock.reasons);
  }
  return blocked;
}

function resolvedOrThrow(input: PolicyInput): ResolvedPolicy {
  const result = resolvePolicy(input, loadPreset);
  if (!result.ok) throw new Error(result.error.message);
  return result.policy;
}

function readCase(file: string): CaseFile {
  return JSON.parse(readFileSync(file, 'utf8')) as CaseFile;
}

/** Calls held on their first attempt, and calls that ran after the model had been shown a reminder. */
interface Played {
  blocked: Set<string>;
  reminded: Set<string>;
}

async function playCase(landmine: CaseFile, injectReminders: boolean): Promise<Played> {
  const played: Played = { blocked: new Set(), reminded: new Set() };
  let shownReminder = false;
  const lookout = lookoutMiddleware({
    ...(landmine.policy === null ? {} : { policy: landmine.policy }),
    journal: false,
    injectReminders,
    autoInvestigate: false,
    context: landmine.cwd === undefined ? {} : { cwd: landmine.cwd },
    onJournal: (record) => {
      if (record.event !== 'intercept' || record.logOnly === true) return;
      played.blocked.add(record.id);
      if (record.reasons.includes('reminder')) shownReminder = true;
    },
    onInjection: () => {
      shownReminder = true;
    },
  });

  const { systemPrompt, segments } = splitTranscript(landmine);
  const pending: AIMessage[] = [];
  const model = fakeModel();
  for (let index = 0; index < 500; index += 1) {
    // Past the recorded replies of a turn, an empty answer ends the agent's run until the next user message.
    model.respond(() => pending.shift() ?? new AIMessage({ content: '' }));
  }
  const onRun = (id: string): void => {
    if (shownReminder) played.reminded.add(id);
  };
  const agent = createAgent({ model, tools: replayTools(landmine, onRun), systemPrompt, middleware: [lookout], checkpointer: new MemorySaver() });
  const config = { configurable: { thread_id: landmine.id }, recursionLimit: 1000 };

  for (const segment of segments) {
    pending.push(...segment.replies);
    const input = segment.userText.startsWith(CONTEXT_SUMMARY_MARKER)
      ? [new RemoveMessage({ id: REMOVE_ALL_MESSAGES }), new HumanMessage(segment.userText)]
      : [new HumanMessage(segment.userText)];
    let state = await agent.invoke({ messages: input }, config);
    while (state.__interrupt__ !== undefined) {
      state = await agent.invoke(new Command({ resume: { decisions: [{ type: 'approve' }] } }), config);
    }
  }
  await lookout.close();
  return played;
}

/** Tools with the case's definitions and annotations that return the recorded result of each call. */
function replayTools(landmine: CaseFile, onRun: (id: string) => void): DynamicStructuredTool[] {
  const results = new Map<string, { text: string; isError: boolean }>();
  for (const message of landmine.transcript) {
    if (message.role !== 'user' || typeof message.content === 'string') continue;
    for (const block of message.content) {
      if (block.type !== 'tool_result') continue;
      results.set(String(block.tool_use_id), { text: blockText(block.content), isError: block.is_error === true });
    }
  }

  return landmine.tools.map(
    (definition) =>
      new DynamicStructuredTool({
        name: definition.name,
        description: definition.description ?? '',
        schema: definition.inputSchema ?? { type: 'object', properties: {} },
        metadata: { annotations: definition.annotations },
        func: async (_args: Record<string, unknown>, _runManager, config?: ToolRunnableConfig) => {
          const id = config?.toolCall?.id ?? '';
          onRun(id);
          const recorded = results.get(id) ?? { text: '', isError: false };
          return new ToolMessage({ content: recorded.text, tool_call_id: id, name: definition.name, status: recorded.isError ? 'error' : 'success' });
        },
      }),
  );
}

function splitTranscript(landmine: CaseFile): { systemPrompt: string; segments: Segment[] } {
  const [first, ...rest] = landmine.transcript;
  const hasSystem = first?.role === 'system';
  const systemPrompt = hasSystem ? blockText(first.content) : '';
  const segments: Segment[] = [];
  let isLastMessageAssistant = false;

  for (const message of hasSystem ? rest : landmine.transcript) {
    const blocks = typeof message.content === 'string' ? [{ type: 'text', text: message.content }] : message.content;
    const text = blocks.filter((block) => block.type === 'text').map((block) => String(block.text)).join('\n\n');

    if (message.role === 'user' && text !== '') {
      segments.push({ userText: text, replies: [] });
    } else if (message.role === 'assistant') {
      const toolCalls = blocks
        .filter((block) => block.type === 'tool_use')
        .map((block) => ({ id: String(block.id), name: String(block.name), args: block.input as Record<string, unknown>, type: 'tool_call' as const }));
      const replies = segments.at(-1)?.replies;
      const previous = replies?.at(-1);
      // Consecutive assistant messages are one model turn: a reply without tool calls would end the agent's run.
      if (previous !== undefined && previous.tool_calls?.length === 0 && isLastMessageAssistant) {
        replies?.splice(-1, 1, new AIMessage({ content: [previous.text, text].filter((part) => part !== '').join('\n\n'), tool_calls: toolCalls }));
      } else {
        replies?.push(new AIMessage({ content: text, tool_calls: toolCalls }));
      }
    }
    isLastMessageAssistant = message.role === 'assistant';
  }
  return { systemPrompt, segments };
}

function blockText(content: unknown): string {
  if (typeof content === 'string') return content;
  if (!Array.isArray(content)) return '';
  return content.map((block: { text?: unknown }) => (typeof block.text === 'string' ? block.text : '')).join('\n');
}

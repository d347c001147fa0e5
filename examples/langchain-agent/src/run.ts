// Runs the example agent once: a LangChain v1 agent with Lookout as its last middleware, a checkpointer, and
// the workspace tools. Prints each tool call, each hold and reminder, and what the agent did next.
import type { BaseChatModel } from '@langchain/core/language_models/chat_models';
import { AIMessage, HumanMessage, ToolMessage } from '@langchain/core/messages';
import type { BaseMessage } from '@langchain/core/messages';
import { MemorySaver } from '@langchain/langgraph';
import { lookoutMiddleware } from '@lookout/langchain';
import type { JournalRecord } from '@lookout/langchain';
import { createAgent } from 'langchain';

import { createTools } from './tools.js';
import type { Workspace } from './workspace.js';

export interface RunOptions {
  workspace: Workspace;
  model: BaseChatModel;
  /** Receives each line of the report; `console.log` in the example. */
  print: (line: string) => void;
}

export interface RunReport {
  messages: BaseMessage[];
  journal: JournalRecord[];
}

export async function runExample({ workspace, model, print }: RunOptions): Promise<RunReport> {
  const journal: JournalRecord[] = [];
  // Lookout reports while a node runs, but the stream delivers a node's messages once it ends. Notices wait
  // for their place: a reminder prints before the model's answer, a hold after the tool result it replaced.
  const beforeAnswer: string[] = [];
  const afterResult: string[] = [];

  const lookout = lookoutMiddleware({
    journal: false,
    context: { cwd: workspace.root, roots: [workspace.root] },
    onJournal: (record) => {
      journal.push(record);
      const line = describeRecord(record);
      if (line !== undefined) afterResult.push(line);
    },
    onInjection: (injection) => beforeAnswer.push(`  [lookout] reminder put in front of the model for this call:\n${indent(injection.text, '    ')}`),
  });

  const agent = createAgent({
    model,
    tools: createTools(),
    systemPrompt: workspace.systemPrompt,
    middleware: [lookout],
    checkpointer: new MemorySaver(),
  });

  print(`Task: ${workspace.task}`);
  const config = { configurable: { thread_id: 'example' }, recursionLimit: 40 };
  const stream = await agent.stream({ messages: [new HumanMessage(workspace.task)] }, { ...config, streamMode: 'updates' });
  for await (const update of stream) {
    for (const message of messagesOf(update)) {
      if (AIMessage.isInstance(message)) flush(beforeAnswer, print);
      printMessage(message, print);
      if (ToolMessage.isInstance(message)) flush(afterResult, print);
    }
  }
  flush(afterResult, print);
  await lookout.close();

  const state = await agent.graph.getState(config);
  return { messages: (state.values as { messages: BaseMessage[] }).messages, journal };
}

function flush(lines: string[], print: (line: string) => void): void {
  for (const line of lines.splice(0)) print(line);
}

function messagesOf(update: unknown): BaseMessage[] {
  if (typeof update !== 'object' || update === null) return [];
  const messages: BaseMessage[] = [];
  for (const value of Object.values(update)) {
    const list = (value as { messages?: unknown } | null)?.messages;
    if (Array.isArray(list)) messages.push(...(list as BaseMessage[]));
  }
  return messages;
}

function printMessage(message: BaseMessage, print: (line: string) => void): void {
  if (AIMessage.isInstance(message)) {
    if (message.text !== '') print(`agent: ${message.text}`);
    for (const call of message.tool_calls ?? []) print(`  -> ${call.name} ${JSON.stringify(call.args)}`);
    return;
  }
  if (ToolMessage.isInstance(message)) {
    const mark = message.status === 'error' ? '  <- error:' : '  <-';
    print(`${mark} ${firstLines(message.text, message.status === 'error' ? 12 : 2)}`);
  }
}

function describeRecord(record: JournalRecord): string | undefined {
  if (record.event === 'intercept') {
    return `  [lookout] ${record.decision} ${record.tool} (${record.reasons.join(', ')}; suspected mode ${record.modes.join(', ')})`;
  }
  if (record.event === 'outcome') return `  [lookout] outcome of ${record.ref}: ${record.outcome}`;
  if (record.event === 'check') return `  [lookout] checked ${record.tool}: ${record.found}`;
  return undefined;
}

function firstLines(text: string, count: number): string {
  const lines = text.split('\n');
  const shown = lines.slice(0, count).join('\n     ');
  return lines.length > count ? `${shown}\n     … (${lines.length - count} more lines)` : shown;
}

function indent(text: string, prefix: string): string {
  return text
    .split('\n')
    .map((line) => `${prefix}${line}`)
    .join('\n');
}

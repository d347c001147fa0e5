// Mode 2 through a real agent: deleting a folder the agent never listed is held until the listing tool runs,
// or, with auto-investigation, the guard lists it itself and shows what it found. The journal gets the same
// records the MCP proxy writes.
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

import { HumanMessage, ToolMessage } from '@langchain/core/messages';
import { MemorySaver } from '@langchain/langgraph';
import { JournalRecordSchema } from '@lookout/core';
import { lookoutMiddleware } from '@lookout/langchain';
import { createAgent } from 'langchain';
import { describe, expect, it } from 'vitest';

import { createFolderTools, exists, makeTempFolder, writeTree } from './helpers/folder-tools.js';
import { answer, call, scriptedModel } from './helpers/scripted-model.js';

function setUp() {
  const root = makeTempFolder('investigation');
  writeTree(root, { 'reports/q3-draft.md': 'draft\n', 'reports/q3-final-signed.pdf.txt': 'signed\n', 'notes.md': 'notes\n' });
  return { root, reports: join(root, 'reports'), journalPath: join(root, 'journal.jsonl') };
}

function toolResults(messages: unknown[]): ToolMessage[] {
  return messages.filter((message): message is ToolMessage => ToolMessage.isInstance(message));
}

describe('lookoutMiddleware investigations', () => {
  it('holds a delete until the folder is listed', async () => {
    const { root, reports, journalPath } = setUp();
    const model = scriptedModel([
      call('d1', 'delete_path', { path: reports }),
      call('d2', 'delete_path', { path: reports }),
      call('l1', 'list_directory', { path: reports }),
      call('d3', 'delete_path', { path: reports }),
      answer('Deleted the reports folder.'),
    ]);
    const lookout = lookoutMiddleware({ journal: journalPath, autoInvestigate: false, context: { cwd: root } });
    const agent = createAgent({ model, tools: createFolderTools().all, middleware: [lookout], checkpointer: new MemorySaver() });

    const result = await agent.invoke({ messages: [new HumanMessage(`Remove ${reports}.`)] }, { configurable: { thread_id: 'unlisted' } });
    await lookout.close();

    const results = toolResults(result.messages);
    const status = Object.fromEntries(results.map((message) => [message.tool_call_id, message.status ?? 'success']));
    expect(status).toEqual({ d1: 'error', d2: 'error', l1: 'success', d3: 'success' });
    expect(results[0]?.text).toContain('list_directory');
    expect(results[0]?.text).toContain(reports);
    expect(exists(reports)).toBe(false);

    const records = readFileSync(journalPath, 'utf8').trim().split('\n').map((line) => JSON.parse(line) as Record<string, unknown>);
    // The records follow the schema that lookout-mcp's records follow.
    for (const record of records) expect(JournalRecordSchema.safeParse(record).success).toBe(true);
    const intercept = records.find((record) => record.event === 'intercept' && record.id === 'd1');
    expect(intercept).toMatchObject({ v: 1, session: 'unlisted', tool: 'delete_path', decision: 'hold', reasons: ['investigation'], modes: [2] });
    expect(typeof intercept?.time).toBe('string');
    expect(records.some((record) => record.event === 'outcome' && record.ref === 'd1')).toBe(true);
  });

  it('lets the call run when investigations only log', async () => {
    const { root, reports } = setUp();
    const records: Array<Record<string, unknown>> = [];
    const model = scriptedModel([call('d1', 'delete_path', { path: reports }), answer('Done.')]);
    const lookout = lookoutMiddleware({ journal: false, actions: { investigation: 'log' }, context: { cwd: root }, onJournal: (record) => records.push(record) });
    const agent = createAgent({ model, tools: createFolderTools().all, middleware: [lookout], checkpointer: new MemorySaver() });

    const result = await agent.invoke({ messages: [new HumanMessage(`Remove ${reports}.`)] }, { configurable: { thread_id: 'log' } });
    await lookout.close();

    expect(toolResults(result.messages)[0]?.status).not.toBe('error');
    expect(exists(reports)).toBe(false);
    expect(records.find((record) => record.event === 'intercept')).toMatchObject({ id: 'd1', decision: 'hold', logOnly: true });
  });

  it('lists the folder itself with auto-investigation', async () => {
    const { root, reports } = setUp();
    const model = scriptedModel([call('d1', 'delete_path', { path: reports }), call('d2', 'delete_path', { path: reports }), answer('Done.')]);
    const lookout = lookoutMiddleware({ journal: false, autoInvestigate: true, context: { cwd: root } });
    const agent = createAgent({ model, tools: createFolderTools().all, middleware: [lookout], checkpointer: new MemorySaver() });

    const result = await agent.invoke({ messages: [new HumanMessage(`Remove ${reports}.`)] }, { configurable: { thread_id: 'auto' } });
    await lookout.close();

    const [held, rerun] = toolResults(result.messages);
    expect(held?.status).toBe('error');
    expect(held?.text).toContain('q3-final-signed.pdf.txt');
    expect(rerun?.status).not.toBe('error');
    expect(exists(reports)).toBe(false);
  });

  it('runs the call when its folder is empty', async () => {
    const { root } = setUp();
    const empty = join(root, 'empty-cache');
    mkdirSync(empty);
    const records: Array<Record<string, unknown>> = [];
    const model = scriptedModel([call('d1', 'delete_path', { path: empty }), answer('Done.')]);
    const lookout = lookoutMiddleware({ journal: false, autoInvestigate: true, context: { cwd: root }, onJournal: (record) => records.push(record) });
    const agent = createAgent({ model, tools: createFolderTools().all, middleware: [lookout], checkpointer: new MemorySaver() });

    const result = await agent.invoke({ messages: [new HumanMessage(`Remove ${empty}.`)] }, { configurable: { thread_id: 'empty' } });
    await lookout.close();

    expect(toolResults(result.messages).map((message) => message.status ?? 'success')).toEqual(['success']);
    expect(exists(empty)).toBe(false);
    expect(records.some((record) => record.event === 'check')).toBe(true);
  });

  it('rebuilds a thread from its checkpoint', async () => {
    const { root, reports } = setUp();
    const checkpointer = new MemorySaver();
    const config = { configurable: { thread_id: 'restored' } };
    const firstModel = scriptedModel([call('l1', 'list_directory', { path: reports }), answer('Listed.')]);
    const first = lookoutMiddleware({ journal: false, autoInvestigate: false, context: { cwd: root } });
    const firstAgent = createAgent({ model: firstModel, tools: createFolderTools().all, middleware: [first], checkpointer });
    await firstAgent.invoke({ messages: [new HumanMessage(`Look at ${reports}.`)] }, config);
    await first.close();

    // A new middleware stands for a new process: it learns the listing from the saved history alone.
    const records: Array<Record<string, unknown>> = [];
    const secondModel = scriptedModel([call('d1', 'delete_path', { path: reports }), answer('Deleted.')]);
    const second = lookoutMiddleware({ journal: false, autoInvestigate: false, context: { cwd: root }, onJournal: (record) => records.push(record) });
    const secondAgent = createAgent({ model: secondModel, tools: createFolderTools().all, middleware: [second], checkpointer });
    const result = await secondAgent.invoke({ messages: [new HumanMessage('Now remove it.')] }, config);
    await second.close();

    expect(toolResults(result.messages).map((message) => [message.tool_call_id, message.status ?? 'success'])).toEqual([
      ['l1', 'success'],
      ['d1', 'success'],
    ]);
    expect(exists(reports)).toBe(false);
    expect(records).toEqual([]);
  });
});

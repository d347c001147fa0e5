// `ask` rules through a real agent: with a checkpointer the run pauses through `interrupt()` with the built-in
// human-in-the-loop request shape and resumes with `Command({ resume })`; without one the call is denied.
import { join } from 'node:path';

import { HumanMessage, ToolMessage } from '@langchain/core/messages';
import { mkdirSync } from 'node:fs';

import { Command, interrupt, MemorySaver } from '@langchain/langgraph';
import { lookoutMiddleware } from '@lookout/langchain';
import { createAgent, tool } from 'langchain';
import { z } from 'zod';
import type { HITLRequest } from 'langchain';
import { describe, expect, it } from 'vitest';

import { createFolderTools, exists, makeTempFolder, writeTree } from './helpers/folder-tools.js';
import { answer, call, scriptedModel } from './helpers/scripted-model.js';

const policy = {
  rules: [{ id: 'person-approves-deletes', when: { tool: 'delete_path' }, action: 'ask' as const, message: 'Deletes need a person to approve them.' }],
};

function setUp(threadId: string, withCheckpointer = true) {
  const root = makeTempFolder('approval');
  writeTree(root, { 'cache/tmp.bin': 'x\n' });
  const cache = join(root, 'cache');
  const model = scriptedModel([call('l1', 'list_directory', { path: cache }), call('d1', 'delete_path', { path: cache }), answer('Finished.')]);
  const records: Array<Record<string, unknown>> = [];
  const lookout = lookoutMiddleware({ policy, journal: false, context: { cwd: root }, onJournal: (record) => records.push(record) });
  const agent = createAgent({
    model,
    tools: createFolderTools().all,
    middleware: [lookout],
    ...(withCheckpointer ? { checkpointer: new MemorySaver() } : {}),
  });
  return { cache, agent, lookout, records, config: { configurable: { thread_id: threadId } } };
}

describe('lookoutMiddleware approval', () => {
  it('pauses in the human-in-the-loop shape', async () => {
    const { cache, agent, lookout, config } = setUp('ask-shape');

    const paused = await agent.invoke({ messages: [new HumanMessage(`Clear ${cache}.`)] }, config);
    await lookout.close();

    const request = paused.__interrupt__?.[0]?.value as HITLRequest | undefined;
    expect(request?.actionRequests).toEqual([{ name: 'delete_path', args: { path: cache }, description: expect.stringContaining('Deletes need a person') }]);
    expect(request?.reviewConfigs).toEqual([{ actionName: 'delete_path', allowedDecisions: ['approve', 'reject'] }]);
    expect(exists(cache)).toBe(true);
  });

  it('runs the call when resumed with approve', async () => {
    const { cache, agent, lookout, records, config } = setUp('ask-approve');

    await agent.invoke({ messages: [new HumanMessage(`Clear ${cache}.`)] }, config);
    const resumed = await agent.invoke(new Command({ resume: { decisions: [{ type: 'approve' }] } }), config);
    await lookout.close();

    const result = resumed.messages.find((message) => ToolMessage.isInstance(message) && message.tool_call_id === 'd1') as ToolMessage;
    expect(result.status).not.toBe('error');
    expect(exists(cache)).toBe(false);
    expect(resumed.messages.at(-1)?.text).toBe('Finished.');
    expect(records.filter((record) => record.event === 'intercept')).toEqual([expect.objectContaining({ id: 'd1', decision: 'ask', reasons: ['ask'] })]);
    expect(records).toContainEqual(expect.objectContaining({ event: 'outcome', ref: 'd1', outcome: 'approved' }));
  });

  it('skips the call when resumed with reject', async () => {
    const { cache, agent, lookout, records, config } = setUp('ask-reject');

    await agent.invoke({ messages: [new HumanMessage(`Clear ${cache}.`)] }, config);
    const resumed = await agent.invoke(new Command({ resume: { decisions: [{ type: 'reject', message: 'Keep the cache for now.' }] } }), config);
    await lookout.close();

    const result = resumed.messages.find((message) => ToolMessage.isInstance(message) && message.tool_call_id === 'd1') as ToolMessage;
    expect(result.status).toBe('error');
    expect(result.text).toBe('Keep the cache for now.');
    expect(exists(cache)).toBe(true);
    expect(records).toContainEqual(expect.objectContaining({ event: 'outcome', ref: 'd1', outcome: 'refused' }));
  });

  it('denies without a checkpointer', async () => {
    const { cache, agent, lookout } = setUp('ask-no-checkpointer', false);

    const result = await agent.invoke({ messages: [new HumanMessage(`Clear ${cache}.`)] });
    await lookout.close();

    const denied = result.messages.find((message) => ToolMessage.isInstance(message) && message.tool_call_id === 'd1') as ToolMessage;
    expect(denied.status).toBe('error');
    expect(denied.text).toContain('no checkpointer');
    expect(exists(cache)).toBe(true);
  });

  it('records a tool that pauses only once it ran', async () => {
    const root = makeTempFolder('tool-pause');
    writeTree(root, { 'notes.txt': 'notes\n' });
    const archive = join(root, 'archive');
    // A mkdir that asks the user first: interrupt() throws on the first pass, and the tool runs on resume. Had
    // the pause been recorded as a failed mkdir, the move into the folder would be held as depending on it.
    const politeMkdir = tool(
      ({ path }) => {
        interrupt({ question: `May I create ${path}?` });
        mkdirSync(path);
        return `Created ${path}`;
      },
      { name: 'create_directory', description: 'Create a directory after asking.', schema: z.object({ path: z.string() }) },
    );
    const { listDirectory, moveFile } = createFolderTools();
    const model = scriptedModel([
      call('l1', 'list_directory', { path: root }),
      call('c1', 'create_directory', { path: archive }),
      call('m1', 'move_file', { source: join(root, 'notes.txt'), destination: join(archive, 'notes.txt') }),
      answer('Finished.'),
    ]);
    const lookout = lookoutMiddleware({ journal: false, autoInvestigate: false, context: { cwd: root } });
    const agent = createAgent({ model, tools: [listDirectory, politeMkdir, moveFile], middleware: [lookout], checkpointer: new MemorySaver() });
    const config = { configurable: { thread_id: 'tool-pause' } };

    await agent.invoke({ messages: [new HumanMessage('Archive the notes.')] }, config);
    const resumed = await agent.invoke(new Command({ resume: 'yes' }), config);
    await lookout.close();

    const results = resumed.messages.filter((message): message is ToolMessage => ToolMessage.isInstance(message));
    expect(results.map((message) => [message.tool_call_id, message.status ?? 'success'])).toEqual([
      ['l1', 'success'],
      ['c1', 'success'],
      ['m1', 'success'],
    ]);
    expect(exists(join(archive, 'notes.txt'))).toBe(true);
  });
});

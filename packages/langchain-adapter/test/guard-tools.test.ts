// `guardTools` outside the model loop: nothing can be injected before the model chooses, so a policy fact that
// decayed holds the destructive call with the reminder, once.
import { join } from 'node:path';

import { AIMessage, HumanMessage, ToolMessage } from '@langchain/core/messages';
import { MemorySaver, MessagesAnnotation, StateGraph } from '@langchain/langgraph';
import { ToolNode } from '@langchain/langgraph/prebuilt';
import { guardTools } from '@lookout/langchain';
import { createAgent } from 'langchain';
import { describe, expect, it } from 'vitest';

import { createFolderTools, exists, makeTempFolder, writeTree } from './helpers/folder-tools.js';
import { answer, call, scriptedModel } from './helpers/scripted-model.js';

describe('guardTools', () => {
  it('holds a decayed policy fact as a reminder', async () => {
    const root = makeTempFolder('guard-tools');
    const big = Array.from({ length: 300 }, (_, index) => `line ${index} of the release notes for version ${index}.0`).join('\n');
    writeTree(root, { 'release-notes.md': big, 'dist/app.js': 'bundle\n' });
    const dist = join(root, 'dist');
    const policy = {
      facts: [{ id: 'release-build', kind: 'safety' as const, text: `The build in ${dist} is the release candidate: do not delete it.`, targets: [`${dist}/**`, dist], decayTokens: 500 }],
    };
    const tools = guardTools(createFolderTools().all, { policy, journal: false, context: { cwd: root } });
    const model = scriptedModel([
      call('l1', 'list_directory', { path: dist }),
      call('r1', 'read_text_file', { path: join(root, 'release-notes.md') }),
      call('d1', 'delete_path', { path: dist }),
      call('d2', 'delete_path', { path: dist }),
      answer('Done.'),
    ]);
    const agent = createAgent({ model, tools: [...tools] });

    const result = await agent.invoke({ messages: [new HumanMessage('Clean up.')] });
    await tools.close();

    const results = result.messages.filter((message): message is ToolMessage => ToolMessage.isInstance(message));
    const held = results.filter((message) => message.status === 'error');
    expect(held.map((message) => message.tool_call_id)).toEqual(['d1']);
    expect(held[0]?.text).toContain('is the release candidate: do not delete it.');
    expect(exists(dist)).toBe(false);
  });

  it('returns plain content when called without a tool call', async () => {
    const root = makeTempFolder('guard-direct');
    writeTree(root, { 'a.txt': 'alpha\n' });
    const tools = guardTools(createFolderTools().all, { journal: false });

    const listing: unknown = await tools[0]?.invoke({ path: root });
    await tools.close();

    expect(listing).toBe('[FILE] a.txt');
  });

  it('guards a custom graph with the prebuilt ToolNode', async () => {
    const root = makeTempFolder('guard-graph');
    writeTree(root, { 'old/a.log': 'a\n' });
    const old = join(root, 'old');
    const tools = guardTools(createFolderTools().all, { journal: false, autoInvestigate: false, context: { cwd: root } });
    // A graph that runs the tool calls of whatever AI message it is given: no model, no middleware.
    const graph = new StateGraph(MessagesAnnotation).addNode('tools', new ToolNode([...tools])).addEdge('__start__', 'tools').compile({ checkpointer: new MemorySaver() });
    const config = { configurable: { thread_id: 'graph' } };
    const ask = (id: string, name: string, path: string) => new AIMessage({ content: '', tool_calls: [{ id, name, args: { path }, type: 'tool_call' }] });

    const first = await graph.invoke({ messages: [ask('d1', 'delete_path', old)] }, config);
    await graph.invoke({ messages: [ask('l1', 'list_directory', old)] }, config);
    const last = await graph.invoke({ messages: [ask('d2', 'delete_path', old)] }, config);
    await tools.close();

    expect((first.messages.at(-1) as ToolMessage).status).toBe('error');
    expect((first.messages.at(-1) as ToolMessage).text).toContain('held this call');
    expect((last.messages.at(-1) as ToolMessage).status).not.toBe('error');
    expect(exists(old)).toBe(false);
  });
});

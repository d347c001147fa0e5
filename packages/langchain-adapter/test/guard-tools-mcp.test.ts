// `guardTools` over MCP tools: `MultiServerMCPClient` starts the reference filesystem server over stdio, and an
// agent without Lookout middleware calls the guarded tools. The server's annotations reach the guard through
// the tools' metadata.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

import { HumanMessage, ToolMessage } from '@langchain/core/messages';
import { MultiServerMCPClient } from '@langchain/mcp-adapters';
import { guardTools, toToolDefinitions } from '@lookout/langchain';
import { createAgent } from 'langchain';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { makeTempFolder, writeTree } from './helpers/folder-tools.js';
import { answer, call, scriptedModel } from './helpers/scripted-model.js';

const require = createRequire(import.meta.url);
const serverEntry = join(dirname(require.resolve('@modelcontextprotocol/server-filesystem/package.json')), 'dist/index.js');

const root = makeTempFolder('mcp');
let client: MultiServerMCPClient;

beforeAll(() => {
  writeTree(root, { 'notes.md': 'Meeting notes the user wrote by hand.\n' });
  client = new MultiServerMCPClient({
    mcpServers: { filesystem: { transport: 'stdio', command: process.execPath, args: [serverEntry, root] } },
  });
});

afterAll(async () => {
  await client.close();
});

describe('guardTools with MCP tools', () => {
  it('reads annotations from the tools metadata', async () => {
    const definitions = toToolDefinitions(await client.getTools());
    const byName = new Map(definitions.map((definition) => [definition.name, definition]));

    expect(byName.get('read_text_file')?.annotations).toMatchObject({ readOnlyHint: true });
    expect(byName.get('write_file')?.annotations).toMatchObject({ readOnlyHint: false, destructiveHint: true });
    expect(byName.get('write_file')?.inputSchema).toMatchObject({ type: 'object' });
  });

  it('holds an overwrite until the file is looked at', async () => {
    const notes = join(root, 'notes.md');
    const tools = guardTools(await client.getTools(), { journal: false, autoInvestigate: false, context: { cwd: root, roots: [root] } });
    const model = scriptedModel([
      call('w1', 'write_file', { path: notes, content: 'Replaced.\n' }),
      call('r1', 'read_text_file', { path: notes }),
      call('l1', 'list_directory', { path: root }),
      call('w2', 'write_file', { path: notes, content: 'Replaced.\n' }),
      answer('Rewrote the notes.'),
    ]);
    const agent = createAgent({ model, tools: [...tools] });

    const result = await agent.invoke({ messages: [new HumanMessage('Replace the notes.')] });
    await tools.close();

    const results = result.messages.filter((message): message is ToolMessage => ToolMessage.isInstance(message));
    const status = Object.fromEntries(results.map((message) => [message.tool_call_id, message.status ?? 'success']));
    expect(status).toEqual({ w1: 'error', r1: 'success', l1: 'success', w2: 'success' });
    expect(results[0]?.text).toContain('held this call');
    expect(results[1]?.text).toContain('Meeting notes the user wrote by hand.');
    expect(readFileSync(notes, 'utf8')).toBe('Replaced.\n');
  });

  it('classifies unknown names by their annotations', async () => {
    // Prefixed names match no classifier of the reference server's tools, so only the annotations tell risk.
    const prefixed = new MultiServerMCPClient({
      prefixToolNameWithServerName: true,
      mcpServers: { fs: { transport: 'stdio', command: process.execPath, args: [serverEntry, root] } },
    });
    const draft = join(root, 'draft.md');
    writeTree(root, { 'draft.md': 'First draft.\n' });
    try {
      const tools = guardTools(await prefixed.getTools(), { journal: false, autoInvestigate: false, context: { cwd: root, roots: [root] } });
      const model = scriptedModel([
        call('w1', 'fs__write_file', { path: draft, content: 'Second draft.\n' }),
        call('r1', 'fs__read_text_file', { path: draft }),
        answer('Stopped.'),
      ]);
      const agent = createAgent({ model, tools: [...tools] });

      const result = await agent.invoke({ messages: [new HumanMessage('Rewrite the draft.')] });
      await tools.close();

      const results = result.messages.filter((message): message is ToolMessage => ToolMessage.isInstance(message));
      expect(results.map((message) => [message.tool_call_id, message.status ?? 'success'])).toEqual([
        ['w1', 'error'],
        ['r1', 'success'],
      ]);
      expect(results[0]?.text).toContain('declared destructive');
      expect(readFileSync(draft, 'utf8')).toBe('First draft.\n');
    } finally {
      await prefixed.close();
    }
  });
});

// The example agent end to end, offline: the scripted model run, and the Claude path against a local server
// that speaks the Anthropic Messages API (tool use included).
import { existsSync, rmSync } from 'node:fs';
import { join } from 'node:path';

import { afterEach, describe, expect, it } from 'vitest';

import { chooseModel } from '../src/main.js';
import { runExample } from '../src/run.js';
import { createWorkspace } from '../src/workspace.js';
import { lastToolResults, startAnthropicServer, systemText } from './anthropic-server.js';
import type { AnthropicTurn, MessagesRequest } from './anthropic-server.js';

const workspaces: string[] = [];
afterEach(() => {
  for (const root of workspaces.splice(0)) rmSync(root, { recursive: true, force: true });
});

describe('langchain example', () => {
  it('keeps the archive with the scripted model', async () => {
    const workspace = createWorkspace();
    workspaces.push(workspace.root);
    const lines: string[] = [];
    const { model } = chooseModel(workspace, {});

    const report = await runExample({ workspace, model, print: (line) => lines.push(line) });
    const output = lines.join('\n');

    expect(existsSync(join(workspace.root, 'build-old'))).toBe(false);
    expect(existsSync(join(workspace.root, 'archive', 'contract-acme-2025.txt'))).toBe(true);
    expect(output).toContain('[lookout] reminder put in front of the model');
    expect(output).toContain('[lookout] hold delete_path');
    expect(report.journal.some((record) => record.event === 'intercept' && record.tool === 'delete_path')).toBe(true);
    expect(report.messages.some((message) => message.text.includes('[Lookout reminder]'))).toBe(false);
  });

  it.each([false, true])('runs on the Messages API (streaming %s)', async (streaming) => {
    const workspace = createWorkspace();
    workspaces.push(workspace.root);
    const server = await startAnthropicServer((request) => claudeTurn(workspace.root, request));
    try {
      const env = { ANTHROPIC_API_KEY: 'test-key', ANTHROPIC_BASE_URL: server.url, ANTHROPIC_MODEL: 'claude-test' };
      const { model, label } = chooseModel(workspace, env);
      if (streaming) (model as { streaming?: boolean }).streaming = true;
      const lines: string[] = [];

      await runExample({ workspace, model, print: (line) => lines.push(line) });

      expect(label).toContain('claude-test');
      expect(server.requests.every((request) => request.model === 'claude-test')).toBe(true);
      expect(server.requests[0]?.tools?.map((tool) => tool.name).sort()).toEqual(['delete_path', 'list_directory', 'read_text_file']);
      // NOTE: @langchain/anthropic 1.5 sends no `is_error` for an error ToolMessage, so the hold is known by its text.
      const held = server.requests.flatMap(lastToolResults).filter((result) => JSON.stringify(result.content).includes('held this call'));
      expect(held.map((result) => result.tool_use_id)).toHaveLength(1);
      expect(JSON.stringify(held[0]?.content)).toContain('[FILE] app.js');
      expect(server.requests.some((request) => systemText(request).includes('[Lookout reminder]'))).toBe(true);
      expect(existsSync(join(workspace.root, 'build-old'))).toBe(false);
      expect(existsSync(join(workspace.root, 'archive'))).toBe(true);
    } finally {
      await server.close();
    }
  });
});

/** What a careful Claude would do in the example: look, read the log, delete the stale build, keep the archive. */
function claudeTurn(root: string, request: MessagesRequest): AnthropicTurn {
  const done = request.messages.flatMap((message) => (Array.isArray(message.content) ? (message.content as Array<{ type?: string; name?: string }>) : []));
  const used = (name: string): number => done.filter((block) => block.type === 'tool_use' && block.name === name).length;
  const count = request.messages.length;

  if (used('list_directory') === 0) return { text: 'Looking first.', toolUses: [{ id: `toolu_${count}`, name: 'list_directory', input: { path: root } }] };
  if (used('read_text_file') === 0) return { toolUses: [{ id: `toolu_${count}`, name: 'read_text_file', input: { path: `${root}/build.log` } }] };
  if (used('delete_path') < 2) return { toolUses: [{ id: `toolu_${count}`, name: 'delete_path', input: { path: `${root}/build-old` } }] };
  return { text: `Deleted ${root}/build-old and kept ${root}/archive.` };
}

#!/usr/bin/env node
// A small stdio MCP server with a `bash` tool that runs commands in a working folder, a read-only
// `list_directory`, and git tools shaped like those of the git MCP servers agents use. The demo runs it,
// and the guard's tests use it as a real shell. Usage: shell-server.js WORKDIR
import { execFile } from 'node:child_process';
import { readdir } from 'node:fs/promises';
import { resolve } from 'node:path';
import { promisify } from 'node:util';

import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { z } from 'zod';

const run = promisify(execFile);

/** Output beyond this is an error, as with a terminal that would not show it either. */
const MAX_OUTPUT_BYTES = 64 * 1024 * 1024;

const workdir = resolve(process.argv[2] ?? process.cwd());
const server = new McpServer({ name: 'lookout-shell', version: '1.0.0' });

async function execute(file: string, args: string[], cwd: string): Promise<CallToolResult> {
  try {
    const { stdout, stderr } = await run(file, args, { cwd, maxBuffer: MAX_OUTPUT_BYTES });
    return { content: [{ type: 'text', text: `${stdout}${stderr}` }] };
  } catch (error) {
    const failed = error as { stdout?: string; stderr?: string; code?: number | string };
    return { content: [{ type: 'text', text: `${failed.stdout ?? ''}${failed.stderr ?? ''}exit status ${failed.code ?? 1}` }], isError: true };
  }
}

async function listDirectory(path: string): Promise<CallToolResult> {
  try {
    const entries = await readdir(resolve(workdir, path), { withFileTypes: true });
    const lines = entries.map((entry) => `${entry.isDirectory() ? '[DIR]' : '[FILE]'} ${entry.name}`);
    return { content: [{ type: 'text', text: lines.join('\n') }] };
  } catch (error) {
    return { content: [{ type: 'text', text: `Error: ${(error as Error).message}` }], isError: true };
  }
}

server.registerTool(
  'bash',
  {
    description: `Run a bash command in ${workdir} and return its output.`,
    inputSchema: { command: z.string().describe('The command line to run.') },
  },
  ({ command }) => execute('/bin/bash', ['-c', command], workdir),
);

server.registerTool(
  'list_directory',
  {
    description: 'List the entries of a folder, one a line, with [DIR] or [FILE] in front.',
    inputSchema: { path: z.string().describe('Folder to list, absolute or relative to the working folder.') },
    annotations: { readOnlyHint: true, openWorldHint: false },
  },
  ({ path }) => listDirectory(path),
);

const repoPath = { repo_path: z.string().describe('Path of the git repository.') };

server.registerTool(
  'git_status',
  { description: 'Show the working tree status.', inputSchema: repoPath, annotations: { readOnlyHint: true, openWorldHint: false } },
  ({ repo_path }) => execute('git', ['status'], resolve(workdir, repo_path)),
);

server.registerTool(
  'git_log',
  {
    description: 'Show recent commits.',
    inputSchema: { ...repoPath, max_count: z.number().int().optional(), ref: z.string().optional() },
    annotations: { readOnlyHint: true, openWorldHint: false },
  },
  ({ repo_path, max_count, ref }) => execute('git', ['log', '--oneline', `-${max_count ?? 10}`, ...(ref === undefined ? [] : [ref])], resolve(workdir, repo_path)),
);

server.registerTool(
  'git_reset',
  {
    description: 'Reset the current HEAD to a target, with mode soft, mixed or hard.',
    inputSchema: { ...repoPath, mode: z.enum(['soft', 'mixed', 'hard']).optional(), target: z.string().optional() },
    annotations: { readOnlyHint: false, destructiveHint: true, idempotentHint: false, openWorldHint: false },
  },
  ({ repo_path, mode, target }) => execute('git', ['reset', `--${mode ?? 'mixed'}`, target ?? 'HEAD'], resolve(workdir, repo_path)),
);

await server.connect(new StdioServerTransport());

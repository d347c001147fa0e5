// Starts wrapped servers with exactly the command, args and env of the rewritten configuration, through the
// SDK's real client, so the test fails if wrap writes a command line that lookout-mcp or the server cannot run.
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer, type Server as HttpServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { getDefaultEnvironment, StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';
import { parse as parseJsonc } from 'jsonc-parser';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { z } from 'zod';

import { runCli } from '../report/helpers.js';

const FILESYSTEM_SERVER = fileURLToPath(new URL('../../node_modules/@modelcontextprotocol/server-filesystem/dist/index.js', import.meta.url));
const API_KEY = 'test-key-7f3a';
const POLICY = 'extends: []\nfacts:\n  - { id: keep-notes, text: Never delete notes.txt. }\n';

interface ServerEntry {
  command: string;
  args: string[];
  env?: Record<string, string>;
  cwd?: string;
}

let workDir: string;
let client: Client | undefined;
let httpServer: HttpServer | undefined;

beforeEach(async () => {
  workDir = await mkdtemp(join(tmpdir(), 'lookout-wrap-launch-'));
});

afterEach(async () => {
  await client?.close();
  client = undefined;
  if (httpServer !== undefined) {
    httpServer.closeAllConnections();
    await new Promise<void>((resolve) => httpServer?.close(() => resolve()));
    httpServer = undefined;
  }
  await rm(workDir, { recursive: true, force: true });
});

/**
 * Wraps the config, by default with a policy that extends no preset so the test depends on the proxy and
 * not on the contents of the shipped presets, then reads back the one entry the client would start.
 */
async function wrapAndRead(configName: string, config: unknown, server: string, withPolicy = true): Promise<ServerEntry> {
  await writeFile(join(workDir, configName), `${JSON.stringify(config, null, 2)}\n`);
  await writeFile(join(workDir, 'policy.yaml'), POLICY);
  const run = await runCli(['wrap', configName, ...(withPolicy ? ['--policy', 'policy.yaml'] : [])], workDir);
  expect(run.exitCode, run.stderr).toBe(0);

  const wrapped = parseJsonc(await readFile(join(workDir, configName), 'utf8')) as { mcpServers: Record<string, ServerEntry> };
  const entry = wrapped.mcpServers[server];
  if (entry === undefined) throw new Error(`server ${server} is missing from the wrapped config`);
  return entry;
}

/** Connects the way Claude Desktop does: the entry's command, args, env over a minimal environment, cwd. */
async function connect(entry: ServerEntry): Promise<Client> {
  const transport = new StdioClientTransport({
    command: entry.command,
    args: entry.args,
    env: { ...getDefaultEnvironment(), ...entry.env },
    ...(entry.cwd === undefined ? {} : { cwd: entry.cwd }),
    stderr: 'pipe',
  });
  client = new Client({ name: 'wrap-launch-test', version: '1.0.0' });
  await client.connect(transport);
  return client;
}

describe('wrapped stdio server', () => {
  it('lists and calls tools through lookout-mcp', async () => {
    await writeFile(join(workDir, 'notes.txt'), 'hello');
    const journal = join(workDir, 'journal.jsonl');
    const entry = await wrapAndRead(
      'claude_desktop_config.json',
      { mcpServers: { files: { command: process.execPath, args: [FILESYSTEM_SERVER, workDir], env: { LOOKOUT_JOURNAL: journal } } } },
      'files',
    );

    const connected = await connect(entry);
    const { tools } = await connected.listTools();
    const listing = await connected.callTool({ name: 'list_directory', arguments: { path: workDir } });

    expect(entry.command).toBe(process.execPath);
    expect(entry.args.slice(0, 4)).toEqual([expect.stringMatching(/dist\/cli\/lookout-mcp\.js$/), '--policy', join(workDir, 'policy.yaml'), '--']);
    expect(connected.getServerVersion()?.name).toMatch(/filesystem/i);
    expect(tools.map((tool) => tool.name)).toEqual(expect.arrayContaining(['read_text_file', 'list_directory', 'move_file']));
    expect(JSON.stringify(listing.content)).toContain('notes.txt');
  });
});

describe('wrapped server without --policy', () => {
  it('runs behind the guard with the default preset', async () => {
    const entry = await wrapAndRead(
      '.mcp.json',
      { mcpServers: { files: { command: process.execPath, args: [FILESYSTEM_SERVER, workDir], env: { LOOKOUT_JOURNAL: join(workDir, 'journal.jsonl') } } } },
      'files',
      false,
    );

    const connected = await connect(entry);
    const { tools } = await connected.listTools();

    expect(entry.args).not.toContain('--policy');
    expect(tools.map((tool) => tool.name)).toEqual(expect.arrayContaining(['list_directory', 'lookout_recall', 'lookout_note']));
  });
});

describe('wrapped HTTP server', () => {
  it('reaches the server through --upstream-url with its headers', async () => {
    const url = await startHttpServer();
    const entry = await wrapAndRead(
      '.mcp.json',
      { mcpServers: { remote: { type: 'http', url, headers: { 'X-Api-Key': API_KEY } } } },
      'remote',
    );

    const connected = await connect({ ...entry, env: { LOOKOUT_JOURNAL: join(workDir, 'journal.jsonl') } });
    const { tools } = await connected.listTools();
    const result = await connected.callTool({ name: 'echo', arguments: { text: 'through the proxy' } });

    expect(entry.args).toContain('--upstream-url');
    expect(tools.map((tool) => tool.name)).toContain('echo');
    expect(result.content).toEqual([{ type: 'text', text: 'through the proxy' }]);
  });
});

/** Starts a Streamable HTTP MCP server on 127.0.0.1 that rejects requests without the API key header. */
async function startHttpServer(): Promise<string> {
  httpServer = createServer((request, response) => {
    if (request.headers['x-api-key'] !== API_KEY) {
      response.writeHead(401).end('missing or wrong X-Api-Key');
      return;
    }

    // Stateless mode: one server and transport per request, as the SDK documents for simple servers.
    const server = new McpServer({ name: 'wrap-http-test', version: '1.0.0' });
    server.registerTool('echo', { description: 'Returns its text.', inputSchema: { text: z.string() } }, ({ text }) => ({
      content: [{ type: 'text', text }],
    }));
    const transport = new StreamableHTTPServerTransport({ sessionIdGenerator: undefined });
    response.on('close', () => {
      void transport.close();
      void server.close();
    });
    void server.connect(transport).then(() => transport.handleRequest(request, response));
  });

  await new Promise<void>((resolve) => httpServer?.listen(0, '127.0.0.1', resolve));
  const { port } = httpServer.address() as AddressInfo;
  return `http://127.0.0.1:${port}/mcp`;
}

// The demo agent's tools: two MCP servers, each behind its own lookout-mcp, reached with the SDK's Client.
// Every call goes through `call`, which also reports what happened to the narrator.
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import type { CallToolResult, Tool } from '@modelcontextprotocol/sdk/types.js';

import { DECISION_META_KEY } from '../guard/results.js';

export type ServerName = 'files' | 'shell';

export interface CallOutcome {
  server: ServerName;
  tool: string;
  arguments: Record<string, unknown>;
  text: string;
  isError: boolean;
  /** The guard's decision when it held, denied or asked; undefined when the call ran. */
  blocked?: { kind: string; reasons: string[] };
}

export interface Toolbox {
  tools(server: ServerName): Tool[];
  call(server: ServerName, tool: string, args: Record<string, unknown>): Promise<CallOutcome>;
  close(): Promise<void>;
}

const PROXY_ENTRY = fileURLToPath(new URL('../cli/lookout-mcp.js', import.meta.url));
const SHELL_SERVER = fileURLToPath(new URL('../servers/shell-server.js', import.meta.url));

/** Starts both guarded servers on `root`, writing near misses to `journalPath`. */
export async function openToolbox(root: string, journalPath: string, onCall: (outcome: CallOutcome) => void): Promise<Toolbox> {
  const filesystemServer = createRequire(import.meta.url).resolve('@modelcontextprotocol/server-filesystem/dist/index.js');
  const guarded = (server: string[]): StdioClientTransport =>
    new StdioClientTransport({
      command: process.execPath,
      args: [PROXY_ENTRY, '--journal', journalPath, '--log-level', 'warn', '--', process.execPath, ...server],
      cwd: root,
      stderr: 'ignore',
    });

  const clients: Record<ServerName, Client> = {
    files: new Client({ name: 'lookout-demo-agent', version: '1.0.0' }),
    shell: new Client({ name: 'lookout-demo-agent', version: '1.0.0' }),
  };
  await clients.files.connect(guarded([filesystemServer, root]));
  await clients.shell.connect(guarded([SHELL_SERVER, root]));

  const lists: Record<ServerName, Tool[]> = {
    files: (await clients.files.listTools()).tools,
    shell: (await clients.shell.listTools()).tools,
  };

  return {
    tools: (server) => lists[server],
    async call(server, tool, args) {
      const result = (await clients[server].callTool({ name: tool, arguments: args })) as CallToolResult;
      const outcome = toOutcome(server, tool, args, result);
      onCall(outcome);
      return outcome;
    },
    async close() {
      await Promise.all([clients.files.close(), clients.shell.close()]);
    },
  };
}

function toOutcome(server: ServerName, tool: string, args: Record<string, unknown>, result: CallToolResult): CallOutcome {
  const text = result.content.map((block) => (block.type === 'text' ? block.text : `[${block.type}]`)).join('\n');
  const meta = result._meta?.[DECISION_META_KEY] as { kind: string; reasons: string[] } | undefined;
  return { server, tool, arguments: args, text, isError: result.isError === true, ...(meta === undefined ? {} : { blocked: meta }) };
}

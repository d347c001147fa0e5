// MCP clients for the proxy benchmarks, over stdio or Streamable HTTP. A stdio child's stderr is kept in a
// small buffer, so that an error message can quote what the server printed.

import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import type { CommandLine } from './servers.js';

export interface ConnectedClient {
  client: Client;
  /** The last stderr lines of the process behind a stdio client (empty for HTTP). */
  stderrTail: () => string;
  /** Process id of the stdio child, for memory readings. */
  pid?: number;
  close: () => Promise<void>;
}

const STDERR_TAIL_CHARS = 4000;

// A large read through a slow proxy can take seconds; the SDK's default of 60 s per request is kept.
function newClient(): Client {
  return new Client({ name: 'lookout-bench', version: '0.0.0' }, { capabilities: {} });
}

export async function connectStdio(line: CommandLine, options: { cwd?: string; env?: Record<string, string> } = {}): Promise<ConnectedClient> {
  const transport = new StdioClientTransport({
    command: line.command,
    args: line.args,
    cwd: options.cwd,
    env: { ...(process.env as Record<string, string>), ...options.env },
    stderr: 'pipe',
  });
  let tail = '';
  transport.stderr?.on('data', (chunk: Buffer) => {
    tail = (tail + chunk.toString('utf8')).slice(-STDERR_TAIL_CHARS);
  });

  const client = newClient();
  try {
    await client.connect(transport);
  } catch (error) {
    throw new Error(`connecting to ${line.args.join(' ')} failed: ${String(error)}\nstderr: ${tail}`);
  }
  return { client, stderrTail: () => tail, pid: transport.pid ?? undefined, close: () => client.close() };
}

export async function connectHttp(url: string): Promise<ConnectedClient> {
  const client = newClient();
  const transport = new StreamableHTTPClientTransport(new URL(url));
  await client.connect(transport);
  return {
    client,
    stderrTail: () => '',
    close: async () => {
      await transport.terminateSession().catch(() => undefined);
      await client.close();
    },
  };
}

/** Calls a tool and throws when the result is an error, so a benchmark never times failures. */
export async function callToolChecked(connected: ConnectedClient, name: string, args: Record<string, unknown>): Promise<number> {
  const result = await connected.client.callTool({ name, arguments: args });
  if (result.isError === true) {
    const text = JSON.stringify(result.content).slice(0, 400);
    throw new Error(`tool ${name} returned an error: ${text}\nstderr: ${connected.stderrTail().slice(-800)}`);
  }
  const content = result.content as Array<{ type: string; text?: string }>;
  return content.reduce((sum, block) => sum + (block.text?.length ?? 0), 0);
}

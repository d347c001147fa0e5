// Helpers for the proxy tests: starting real MCP servers from npm, the built lookout-mcp CLI, and SDK clients.
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';
import { Client, type ClientOptions } from '@modelcontextprotocol/sdk/client/index.js';
import { SSEClientTransport } from '@modelcontextprotocol/sdk/client/sse.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import type { Transport } from '@modelcontextprotocol/sdk/shared/transport.js';
import { z } from 'zod';

const packageRoot = fileURLToPath(new URL('../../', import.meta.url));
const modules = `${packageRoot}node_modules/@modelcontextprotocol/`;

/** The built CLI; the root `pnpm test` builds before running tests. */
export const PROXY_BIN = `${packageRoot}dist/cli/lookout-mcp.js`;
export const EVERYTHING_BIN = `${modules}server-everything/dist/index.js`;
export const FILESYSTEM_BIN = `${modules}server-filesystem/dist/index.js`;
export const MEMORY_BIN = `${modules}server-memory/dist/index.js`;
export const FIXTURES = fileURLToPath(new URL('../fixtures/', import.meta.url));

/** Accepts any JSON object and keeps every key, so results compare field for field. */
export const anyResult = z.looseObject({});
export type RawResult = z.infer<typeof anyResult>;

export function makeClient(options?: ClientOptions): Client {
  return new Client({ name: 'lookout-proxy-test', version: '1.0.0' }, options);
}

/** A stdio transport to a server started directly, with the test's environment. */
export function directStdio(command: string, args: string[], env?: Record<string, string>): StdioClientTransport {
  return new StdioClientTransport({ command, args, env: { ...stringEnv(), ...env }, stderr: 'ignore' });
}

/** A stdio transport to lookout-mcp wrapping `server`; the proxy's stderr is collected in `log`. */
export function proxiedStdio(proxyArgs: string[], server: string[], env?: Record<string, string>): { transport: StdioClientTransport; log: () => string } {
  const transport = new StdioClientTransport({
    command: process.execPath,
    args: [PROXY_BIN, ...proxyArgs, '--', ...server],
    env: { ...stringEnv(), ...env },
    stderr: 'pipe',
  });
  let log = '';
  transport.stderr?.on('data', (chunk: Buffer) => {
    log += chunk.toString('utf8');
  });
  return { transport, log: () => log };
}

export async function connect(transport: Transport, options?: ClientOptions): Promise<Client> {
  const client = makeClient(options);
  await client.connect(transport);
  return client;
}

export interface RunningProcess {
  child: ChildProcess;
  /** Everything the process wrote to stderr so far. */
  stderr: () => string;
  /** Sends a signal and returns the exit code. */
  stop(signal?: NodeJS.Signals): Promise<number | null>;
}

export function startProcess(command: string, args: string[], env?: Record<string, string>): RunningProcess {
  const child = spawn(command, args, { env: { ...process.env, ...env }, stdio: ['pipe', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr += chunk.toString('utf8');
  });
  child.stdout?.resume();
  const exited = once(child, 'exit').then(([code]) => code as number | null);
  return {
    child,
    stderr: () => stderr,
    stop: async (signal = 'SIGTERM') => {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      return exited;
    },
  };
}

/** Waits until `read()` matches `pattern`, and returns the first capture group. */
export async function waitForMatch(read: () => string, pattern: RegExp, timeoutMs = 20_000): Promise<string> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const match = pattern.exec(read());
    if (match !== null) return match[1] ?? match[0];
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  throw new Error(`timed out waiting for ${pattern} in:\n${read()}`);
}

/** Starts `lookout-mcp --listen 127.0.0.1:0` and returns its /mcp URL. */
export async function startListeningProxy(proxyArgs: string[], server: string[]): Promise<RunningProcess & { url: URL }> {
  const running = startProcess(process.execPath, [PROXY_BIN, '--listen', '127.0.0.1:0', ...proxyArgs, ...(server.length > 0 ? ['--', ...server] : [])]);
  const url = await waitForMatch(running.stderr, /"url":"([^"]+)"/);
  return { ...running, url: new URL(url) };
}

/** Starts server-everything in an HTTP mode on a free port and returns its endpoint URL. */
export async function startEverythingHttp(mode: 'streamableHttp' | 'sse'): Promise<RunningProcess & { url: URL }> {
  const port = await freePort();
  const running = startProcess(process.execPath, [EVERYTHING_BIN, mode], { PORT: String(port) });
  await waitForMatch(running.stderr, mode === 'sse' ? /running on port/ : /listening on port/);
  return { ...running, url: new URL(mode === 'sse' ? `http://127.0.0.1:${port}/sse` : `http://127.0.0.1:${port}/mcp`) };
}

export function httpTransport(url: URL): StreamableHTTPClientTransport {
  return new StreamableHTTPClientTransport(url);
}

export function sseTransport(url: URL): SSEClientTransport {
  return new SSEClientTransport(url);
}

export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise((resolve) => server.close(resolve));
  if (typeof address !== 'object' || address === null) throw new Error('no port');
  return address.port;
}

/** Calls a method with a raw result schema, so nothing the server sent is stripped. */
export function rawRequest(client: Client, method: string, params?: Record<string, unknown>, options?: { timeout?: number }): Promise<RawResult> {
  return client.request({ method, params } as never, anyResult, options);
}

/** Reads every page of a paginated list. */
export async function listAll(client: Client, method: string, key: string): Promise<unknown[]> {
  const items: unknown[] = [];
  let cursor: string | undefined;
  do {
    const page = await rawRequest(client, method, cursor === undefined ? {} : { cursor });
    items.push(...((page[key] as unknown[]) ?? []));
    cursor = page['nextCursor'] as string | undefined;
  } while (cursor !== undefined);
  return items;
}

function stringEnv(): Record<string, string> {
  return Object.fromEntries(Object.entries(process.env).filter((entry): entry is [string, string] => entry[1] !== undefined));
}

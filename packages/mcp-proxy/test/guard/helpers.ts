// Helpers for the guard's end-to-end tests: a guarded lookout-mcp in front of a real server, reached over
// stdio or Streamable HTTP by the SDK's real Client, and the journal it writes.
import { mkdtempSync, readFileSync, existsSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

import type { Client, ClientOptions } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';

import { spawn } from 'node:child_process';
import { once } from 'node:events';

import { FILESYSTEM_BIN, PROXY_BIN, makeClient, waitForMatch } from '../proxy/helpers.js';

export const GUARD_FIXTURES = fileURLToPath(new URL('./fixtures/', import.meta.url));
/** The shell server the package ships (built); the root `pnpm test` builds before running tests. */
export const SHELL_SERVER = fileURLToPath(new URL('../../dist/servers/shell-server.js', import.meta.url));
export const SQLITE_SERVER = join(GUARD_FIXTURES, 'sqlite-server.mjs');
export { FILESYSTEM_BIN };

export type ClientTransportKind = 'stdio' | 'http';

export interface GuardedServer {
  client: Client;
  journalPath: string;
  /** The proxy's stderr so far (pino JSON lines). */
  log(): string;
  close(): Promise<void>;
}

export interface GuardedServerOptions {
  transport: ClientTransportKind;
  /** The upstream command line after `--`. */
  server: string[];
  /** The proxy's working directory, which the guard resolves relative paths against. */
  cwd: string;
  /** A policy file's text (YAML); omitted: the default coding-agent preset. */
  policy?: string;
  proxyArgs?: string[];
  clientOptions?: ClientOptions;
}

/** Starts lookout-mcp with the guard on in front of `server`, and connects a real SDK client to it. */
export async function startGuardedServer(options: GuardedServerOptions): Promise<GuardedServer> {
  const folder = mkdtempSync(join(tmpdir(), 'lookout-guard-'));
  const journalPath = join(folder, 'journal.jsonl');
  const args = ['--journal', journalPath, ...(options.proxyArgs ?? [])];
  if (options.policy !== undefined) {
    const policyPath = join(folder, 'policy.yaml');
    writeFileSync(policyPath, options.policy);
    args.push('--policy', policyPath);
  }

  const client = makeClient(options.clientOptions);
  if (options.transport === 'stdio') {
    const transport = new StdioClientTransport({ command: process.execPath, args: [PROXY_BIN, ...args, '--', ...options.server], cwd: options.cwd, stderr: 'pipe' });
    let log = '';
    transport.stderr?.on('data', (chunk: Buffer) => {
      log += chunk.toString('utf8');
    });
    await client.connect(transport);
    return { client, journalPath, log: () => log, close: () => client.close() };
  }

  const child = spawn(process.execPath, [PROXY_BIN, '--listen', '127.0.0.1:0', ...args, '--', ...options.server], { cwd: options.cwd, stdio: ['ignore', 'ignore', 'pipe'] });
  let log = '';
  child.stderr.on('data', (chunk: Buffer) => {
    log += chunk.toString('utf8');
  });
  const exited = once(child, 'exit');
  const url = await waitForMatch(() => log, /"url":"([^"]+)"/);
  await client.connect(new StreamableHTTPClientTransport(new URL(url)));
  return {
    client,
    journalPath,
    log: () => log,
    close: async () => {
      await client.close();
      child.kill('SIGTERM');
      await exited;
    },
  };
}

/** Calls a tool and returns its result with the text joined. */
export async function call(client: Client, name: string, args: Record<string, unknown>): Promise<CallToolResult & { text: string }> {
  const result = (await client.callTool({ name, arguments: args }, undefined, { timeout: 120_000 })) as CallToolResult;
  const text = result.content.map((block) => (block.type === 'text' ? block.text : '')).join('\n');
  return { ...result, text };
}

/** Reads the guard's decision from the `_meta` it attaches to held, denied and asked results. */
export function decisionOf(result: CallToolResult): { kind: string; reasons: string[] } | undefined {
  const meta = result._meta?.['dev.lookout/decision'];
  return typeof meta === 'object' && meta !== null ? (meta as { kind: string; reasons: string[] }) : undefined;
}

export interface JournalRecord {
  v: number;
  time: string;
  session: string;
  event: string;
  [key: string]: unknown;
}

/** Reads the journal's records; waits briefly because results feed the engine after they reach the client. */
export async function readJournal(path: string, minimum = 0): Promise<JournalRecord[]> {
  const deadline = Date.now() + 5_000;
  for (;;) {
    const records = existsSync(path)
      ? readFileSync(path, 'utf8')
          .split('\n')
          .filter((line) => line.trim().length > 0)
          .map((line) => JSON.parse(line) as JournalRecord)
      : [];
    if (records.length >= minimum || Date.now() > deadline) return records;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** Waits until the proxy has fed the last result to the engine (it does so just after forwarding it). */
export function settle(): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, 100));
}

/** A temporary folder for one test's project. */
export function projectFolder(): string {
  return mkdtempSync(join(tmpdir(), 'lookout-project-'));
}

/** Text of about `tokens` tokens of realistic log lines, to bury a fact under. */
export function logText(tokens: number): string {
  const lines: string[] = [];
  for (let index = 0; lines.length * 18 < tokens; index += 1) {
    lines.push(`2026-03-12T10:${String(index % 60).padStart(2, '0')}:07.412Z INFO worker job=${1000 + index} queue=exports status=done duration_ms=${(index * 37) % 900}`);
  }
  return lines.join('\n');
}

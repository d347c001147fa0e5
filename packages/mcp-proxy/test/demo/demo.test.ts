// `lookout demo` as a new user runs it: the built CLI, the real filesystem and shell servers behind
// lookout-mcp, and, for --live, the real Anthropic SDK talking to a local server that speaks the Messages API.
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { existsSync, readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

import { describe, expect, it } from 'vitest';

const LOOKOUT_BIN = fileURLToPath(new URL('../../dist/cli/lookout.js', import.meta.url));

interface DemoRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

async function runDemo(args: string[], env: Record<string, string> = {}): Promise<DemoRun> {
  const child = spawn(process.execPath, [LOOKOUT_BIN, 'demo', ...args], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
  const [code] = (await once(child, 'exit')) as [number | null];
  return { code, stdout, stderr };
}

function journalOf(run: DemoRun): Array<Record<string, unknown>> {
  const path = /Journal: (\S+)/.exec(run.stdout)?.[1];
  if (path === undefined) throw new Error(`no journal path in:\n${run.stdout}`);
  return readFileSync(path, 'utf8')
    .split('\n')
    .filter((line) => line.length > 0)
    .map((line) => JSON.parse(line) as Record<string, unknown>);
}

describe('lookout demo', () => {
  it('shows mode 1 and mode 2 holds on the filesystem server', async () => {
    const run = await runDemo([]);
    expect(run.code).toBe(0);

    const records = journalOf(run);
    const intercepts = records.filter((record) => record.event === 'intercept' && record.tool === 'move_file');
    expect(intercepts.some((record) => (record.modes as number[]).includes(1))).toBe(true);
    expect(intercepts.some((record) => (record.modes as number[]).includes(2))).toBe(true);

    const outcomes = records.filter((record) => record.event === 'outcome').map((record) => record.outcome);
    expect(outcomes.length).toBeGreaterThan(0);
    // After each hold the agent changed its plan, or (the last one) stopped: none proceeded with the held call.
    expect(outcomes.every((outcome) => ['investigated_then_changed', 'reminded_then_changed', 'abandoned'].includes(String(outcome)))).toBe(true);

    const project = /Project: (\S+)/.exec(run.stdout)?.[1] ?? '';
    expect(existsSync(join(project, 'data', 'exports', '2022'))).toBe(true);
    expect(existsSync(join(project, 'build', 'release-notes-draft.md'))).toBe(true);
    expect(existsSync(join(project, 'archive-2023', 'INV-2023-0004.pdf'))).toBe(true);
    expect(run.stdout).toContain('HTML report:');
  });

  it('runs the scripted agent when --live has no key', async () => {
    const run = await runDemo(['--live'], { ANTHROPIC_API_KEY: '' });
    expect(run.code).toBe(0);
    expect(run.stderr).toContain('needs ANTHROPIC_API_KEY');
    expect(run.stdout).toContain('HOLD (');
  });

  it('drives a Claude agent loop through the Messages API', async () => {
    const api = await startMessagesApi();
    try {
      const run = await runDemo(['--live', '--model', 'claude-test'], { ANTHROPIC_API_KEY: 'sk-ant-test', ANTHROPIC_BASE_URL: api.url });
      expect(run.code).toBe(0);
      expect(run.stdout).toContain('HOLD (');
      expect(run.stdout).toContain('Removing only the cache.');

      expect(api.requests).toHaveLength(3);
      // @anthropic-ai/sdk 1.x sends the key as a bearer token; 0.x sent it as x-api-key.
      const headers = api.requests[0]?.headers ?? {};
      expect(headers['authorization'] ?? `Bearer ${String(headers['x-api-key'])}`).toBe('Bearer sk-ant-test');
      expect(api.requests[0]?.body.model).toBe('claude-test');
      const toolNames = (api.requests[0]?.body.tools as Array<{ name: string }>).map((tool) => tool.name);
      expect(toolNames).toContain('files__move_file');
      expect(toolNames).toContain('shell__bash');
      expect(lastToolResult(api.requests[1]?.body)).toContain('held this call');
    } finally {
      await api.close();
    }
  });
});

interface RecordedRequest {
  headers: IncomingMessage['headers'];
  body: Record<string, unknown>;
}

/** A local server on 127.0.0.1 that answers POST /v1/messages with a scripted tool-using agent. */
async function startMessagesApi(): Promise<{ url: string; requests: RecordedRequest[]; close(): Promise<void> }> {
  const requests: RecordedRequest[] = [];
  const server = createServer((request, response) => {
    let raw = '';
    request.on('data', (chunk: Buffer) => (raw += chunk.toString('utf8')));
    request.on('end', () => {
      const body = JSON.parse(raw) as Record<string, unknown>;
      requests.push({ headers: request.headers, body });
      reply(response, scriptedTurn(requests.length, body));
    });
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}`, requests, close: () => new Promise((resolve) => server.close(() => resolve())) };
}

function scriptedTurn(turn: number, body: Record<string, unknown>): Record<string, unknown> {
  if (turn === 1) return message([{ type: 'text', text: 'The build folder is generated. Removing it.' }, toolUse('toolu_01', 'shell__bash', { command: 'rm -rf build' })], 'tool_use');
  if (turn === 2 && lastToolResult(body).includes('release-notes-draft.md')) {
    return message([{ type: 'text', text: 'It also holds draft release notes. Removing only the cache.' }, toolUse('toolu_02', 'shell__bash', { command: 'rm -rf build/cache' })], 'tool_use');
  }
  return message([{ type: 'text', text: 'Done: the build cache is gone and the draft release notes are kept.' }], 'end_turn');
}

function message(content: unknown[], stopReason: string): Record<string, unknown> {
  return { id: `msg_${Date.now()}`, type: 'message', role: 'assistant', model: 'claude-test', content, stop_reason: stopReason, stop_sequence: null, usage: { input_tokens: 100, output_tokens: 20 } };
}

function toolUse(id: string, name: string, input: Record<string, unknown>): Record<string, unknown> {
  return { type: 'tool_use', id, name, input };
}

function reply(response: ServerResponse, body: Record<string, unknown>): void {
  response.writeHead(200, { 'content-type': 'application/json', 'request-id': 'req_test' });
  response.end(JSON.stringify(body));
}

function lastToolResult(body: Record<string, unknown> | undefined): string {
  const messages = (body?.messages ?? []) as Array<{ role: string; content: unknown }>;
  const last = messages[messages.length - 1];
  if (last === undefined || !Array.isArray(last.content)) return '';
  return last.content.map((block: { type?: string; content?: unknown }) => (block.type === 'tool_result' ? String(block.content) : '')).join('\n');
}

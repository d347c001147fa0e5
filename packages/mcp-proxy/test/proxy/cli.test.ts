// The command line of lookout-mcp (≡ lookout proxy): help, flag validation, defaults and exit codes.
import { spawnSync } from 'node:child_process';
import { Writable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { parseProxyArgs } from '@lookout/mcp-proxy';
import { describe, expect, it } from 'vitest';
import type { CliIo } from '../../src/cli/command.js';
import { runLookout } from '../../src/cli/main.js';
import { FIXTURES, PROXY_BIN } from './helpers.js';

const LOOKOUT_BIN = fileURLToPath(new URL('../../dist/cli/lookout.js', import.meta.url));
const FLAGS = ['--upstream-url', '--header', '--transport', '--listen', '--allowed-hosts', '--allowed-origins', '--policy', '--journal', '--no-guard', '--no-agent-tools', '--call-timeout', '--restart', '--log-level', '--help'];

/** Runs `lookout proxy ARGS` in this process, for the cases that end before any server starts. */
async function runInProcess(args: string[], env: Record<string, string> = {}): Promise<{ status: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const sink = (append: (text: string) => void): NodeJS.WritableStream => new Writable({ write: (chunk: Buffer, _encoding, done) => (append(chunk.toString('utf8')), done()) });
  const io: CliIo = { stdout: sink((text) => (stdout += text)), stderr: sink((text) => (stderr += text)), env: { HOME: '/home/test', ...env }, cwd: process.cwd() };
  const status = await runLookout(['proxy', ...args], io);
  return { status, stdout, stderr };
}

function run(bin: string, args: string[], env: Record<string, string> = {}): { status: number | null; stdout: string; stderr: string } {
  const result = spawnSync(process.execPath, [bin, ...args], { encoding: 'utf8', env: { ...process.env, ...env }, input: '', timeout: 20_000 });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe('lookout-mcp --help', () => {
  it('lists every flag and exits with code 0', () => {
    const { status, stdout } = run(PROXY_BIN, ['--help']);

    expect(status).toBe(0);
    for (const flag of FLAGS) expect(stdout).toContain(flag);
    expect(stdout).toContain('(default: 600)');
    expect(stdout).toContain('~/.local/state/lookout/journal.jsonl');
  });

  it('prints the same text as lookout proxy --help', () => {
    expect(run(LOOKOUT_BIN, ['proxy', '--help']).stdout).toBe(run(PROXY_BIN, ['--help']).stdout);
  });
});

describe('lookout-mcp flag validation', () => {
  it.each([
    { args: [], message: 'missing upstream server' },
    { args: ['--upstream-url', 'http://127.0.0.1:1/mcp', '--', 'node'], message: 'not both' },
    { args: ['--upstream-url', 'ftp://example.test/'], message: 'invalid --upstream-url' },
    { args: ['--header', 'X-Key: 1', '--', 'node'], message: '--header needs --upstream-url' },
    { args: ['--upstream-url', 'http://127.0.0.1:1/mcp', '--header', 'no colon'], message: 'invalid --header' },
    { args: ['--upstream-url', 'http://127.0.0.1:1/mcp', '--transport', 'websocket'], message: 'invalid --transport' },
    { args: ['--transport', 'sse', '--', 'node'], message: '--transport needs --upstream-url' },
    { args: ['--listen', 'localhost', '--', 'node'], message: 'invalid --listen' },
    { args: ['--allowed-hosts', 'a.test', '--', 'node'], message: 'need --listen' },
    { args: ['--call-timeout', '0', '--', 'node'], message: 'invalid --call-timeout' },
    { args: ['--call-timeout', 'soon', '--', 'node'], message: 'invalid --call-timeout' },
    { args: ['--log-level', 'loud', '--', 'node'], message: 'invalid --log-level' },
    { args: ['--frobnicate', '--', 'node'], message: "Unknown option '--frobnicate'" },
    { args: ['node', 'server.js'], message: 'Put the server command after "--"' },
    { args: ['--policy', '/nonexistent/policy.yaml', '--', 'node'], message: 'invalid --policy' },
  ])('rejects $args with exit code 2', async ({ args, message }) => {
    const { status, stderr } = await runInProcess(args);

    expect(status).toBe(2);
    expect(stderr).toContain(message);
  });

  it('rejects an unreadable LOOKOUT_POLICY with exit code 2', async () => {
    const { status, stderr } = await runInProcess(['--', 'node'], { LOOKOUT_POLICY: '/nonexistent/env-policy.yaml' });

    expect(status).toBe(2);
    expect(stderr).toContain('/nonexistent/env-policy.yaml');
  });

  it('rejects an invalid flag from the bin with exit code 2', () => {
    const { status, stderr } = run(PROXY_BIN, ['--log-level', 'loud', '--', 'node']);

    expect(status).toBe(2);
    expect(stderr).toContain('invalid --log-level "loud"');
  });

  it('exits with code 1 when the server command cannot start', () => {
    const { status, stderr } = run(PROXY_BIN, ['--no-guard', '--', '/nonexistent/mcp-server']);

    expect(status).toBe(1);
    expect(stderr).toContain('failed to start the server');
  });

  it('logs to stderr only, leaving stdout to the protocol', () => {
    const { status, stdout, stderr } = run(PROXY_BIN, ['--no-guard', '--log-level', 'debug', '--', process.execPath, `${FIXTURES}fault-server.mjs`]);

    expect(status).toBe(0);
    expect(stdout).toBe('');
    expect(stderr).toContain('"msg":"session started"');
  });
});

describe('parseProxyArgs', () => {
  it('applies the documented defaults', () => {
    const parsed = parseProxyArgs(['--', 'npx', 'server'], { HOME: '/home/ada' });

    expect(parsed).toEqual({
      kind: 'options',
      options: {
        upstream: { kind: 'command', command: 'npx', args: ['server'] },
        listen: undefined,
        allowedHosts: undefined,
        allowedOrigins: undefined,
        policyPath: undefined,
        journalPath: '/home/ada/.local/state/lookout/journal.jsonl',
        guard: true,
        agentTools: true,
        callTimeoutMs: 600_000,
        restart: false,
        logLevel: 'info',
      },
    });
  });

  it('reads LOOKOUT_POLICY and LOOKOUT_JOURNAL, with flags taking precedence', () => {
    const env = { HOME: '/home/ada', LOOKOUT_POLICY: '/etc/policy.yaml', LOOKOUT_JOURNAL: '/var/journal.jsonl' };

    const fromEnv = parseProxyArgs(['--', 'srv'], env);
    const fromFlags = parseProxyArgs(['--policy', 'mine.yaml', '--journal', 'mine.jsonl', '--', 'srv'], env);

    expect(fromEnv).toMatchObject({ options: { policyPath: '/etc/policy.yaml', journalPath: '/var/journal.jsonl' } });
    expect(fromFlags).toMatchObject({ options: { policyPath: 'mine.yaml', journalPath: 'mine.jsonl' } });
  });

  it('parses an HTTP upstream with headers, listen address and host lists', () => {
    const parsed = parseProxyArgs(
      ['--upstream-url', 'https://mcp.example.test/mcp', '--header', 'Authorization: Bearer x:y', '--header', 'X-Team: a', '--transport', 'sse', '--listen', '[::1]:8808', '--allowed-hosts', 'a.test, b.test:8808', '--allowed-origins', 'https://app.test', '--no-guard', '--no-agent-tools', '--restart', '--call-timeout', '2.5'],
      {},
    );

    expect(parsed).toMatchObject({
      options: {
        upstream: { kind: 'url', transport: 'sse', headers: { Authorization: 'Bearer x:y', 'X-Team': 'a' } },
        listen: { host: '::1', port: 8808 },
        allowedHosts: ['a.test', 'b.test:8808'],
        allowedOrigins: ['https://app.test'],
        guard: false,
        agentTools: false,
        restart: true,
        callTimeoutMs: 2_500,
      },
    });
  });
});

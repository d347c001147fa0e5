// lookout-mcp against a server that crashes, prints garbage or talks back (test/fixtures/fault-server.mjs),
// and a client that sends invalid input: every pending call gets an answer and the proxy stays up.
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { FIXTURES, freePort } from './helpers.js';
import { RawStdioClient, resultText } from './raw-client.js';

const FAULT_SERVER = [process.execPath, `${FIXTURES}fault-server.mjs`];
const SERVER_LABEL = FAULT_SERVER.join(' ');

const clients: RawStdioClient[] = [];

function startProxy(proxyArgs: string[] = [], serverArgs: string[] = []): RawStdioClient {
  const client = new RawStdioClient(['--no-guard', ...proxyArgs], [...FAULT_SERVER, ...serverArgs]);
  clients.push(client);
  return client;
}

afterEach(async () => {
  for (const client of clients.splice(0)) await client.process.stop('SIGKILL');
});

describe('lookout-mcp with a crashing server', () => {
  it('answers the pending call with an error naming the server and exit code', async () => {
    const client = startProxy();
    await client.initialize();

    const response = await client.callTool('crash', { code: 3 });

    expect(response.result?.['isError']).toBe(true);
    expect(resultText(response)).toContain('The MCP server "fault-server" exited with code 3 before it answered.');
    expect(await client.exitCode()).toBe(1);
  });

  it('tells the client through a log notification when the server declared logging', async () => {
    const client = startProxy();
    await client.initialize();
    await client.callTool('crash', { code: 4 });

    const notice = await client.waitFor((message) => message.method === 'notifications/message');
    expect(notice['params']).toMatchObject({ level: 'error', logger: 'lookout-mcp' });
    expect(JSON.stringify(notice['params'])).toContain('exited with code 4');
  });

  it('records the crash in the journal when the guard is on', async () => {
    const folder = await mkdtemp(join(tmpdir(), 'lookout-journal-'));
    const journal = join(folder, 'journal.jsonl');
    const client = new RawStdioClient(['--no-agent-tools', '--journal', journal], FAULT_SERVER);
    clients.push(client);
    await client.initialize();

    await client.callTool('crash', { code: 6 });
    expect(await client.exitCode()).toBe(1);

    const records = (await readFile(journal, 'utf8')).trim().split('\n').map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(records).toContainEqual(expect.objectContaining({ event: 'upstream', status: 'crashed', server: SERVER_LABEL }));
    await rm(folder, { recursive: true, force: true });
  });

  it('restarts the server with --restart and announces the tool list changed', async () => {
    const client = startProxy(['--restart']);
    await client.initialize();

    const crashed = await client.callTool('crash', { code: 3 });
    expect(resultText(crashed)).toContain('restarting it');
    await client.waitFor((message) => message.method === 'notifications/tools/list_changed');

    const echoed = await client.callTool('echo', { text: 'after restart' });
    expect(resultText(echoed)).toBe('after restart');
    expect(client.process.stderr()).toContain('restarting the upstream server');
  });
});

describe('lookout-mcp restart failures', () => {
  it('stops a restarted server that fails the replay and tries again', async () => {
    const folder = await mkdtemp(join(tmpdir(), 'lookout-starts-'));
    const startsFile = join(folder, 'starts');
    const client = startProxy(['--restart'], ['--starts-file', startsFile, '--reject-second-initialize']);
    await client.initialize();

    await client.callTool('crash', { code: 3 });
    await client.waitFor((message) => message.method === 'notifications/tools/list_changed', 30_000);
    expect(resultText(await client.callTool('echo', { text: 'third process' }))).toBe('third process');

    const pids = (await readFile(startsFile, 'utf8')).trim().split('\n').map(Number);
    expect(pids).toHaveLength(3);
    expect(() => process.kill(pids[1]!, 0)).toThrow();
    expect(client.process.stderr()).toContain('restarting the upstream server failed');
    await rm(folder, { recursive: true, force: true });
  });
});

describe('lookout-mcp with an unreachable HTTP server', () => {
  it('answers with an error that keeps URL credentials out of messages and logs', async () => {
    const port = await freePort();
    const client = new RawStdioClient(['--no-guard', '--log-level', 'debug', '--upstream-url', `http://user:hunter2@127.0.0.1:${port}/mcp?token=s3cret`], []);
    clients.push(client);

    const response = await client.request('initialize', { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 'raw', version: '1' } });

    expect(response.error?.code).toBe(-32000);
    expect(response.error?.message).toContain(`could not reach the MCP server "127.0.0.1:${port}"`);
    for (const secret of ['hunter2', 's3cret']) {
      expect(JSON.stringify(response)).not.toContain(secret);
      expect(client.process.stderr()).not.toContain(secret);
    }
  });
});

describe('lookout-mcp restart replay', () => {
  it('replays initialize, the log level and subscriptions on the new process', async () => {
    const client = startProxy(['--restart']);
    await client.initialize();
    await client.request('logging/setLevel', { level: 'error' });
    await client.request('resources/subscribe', { uri: 'file:///watched.txt' });

    await client.callTool('crash', { code: 3 });
    await client.waitFor((message) => message.method === 'notifications/tools/list_changed');

    const state = await client.callTool('state');
    expect(state.result?.['structuredContent']).toEqual({ initializeCount: 1, initialized: true, level: 'error', subscriptions: ['file:///watched.txt'] });
  });
});

describe('lookout-mcp server-to-client requests', () => {
  it('gives a server request a client-side id and maps the answer back', async () => {
    const client = startProxy();
    await client.initialize();

    const callId = client.start('tools/call', { name: 'ask-client', arguments: { method: 'roots/list' } });
    const forwarded = await client.waitFor((message) => message.method === 'roots/list');
    expect(forwarded.id).toBeTypeOf('number');
    client.send({ id: forwarded.id, result: { roots: [{ uri: 'file:///tmp/root', name: 'root' }] } });

    const response = await client.responseTo(callId);
    expect(response.result?.['structuredContent']).toEqual({ answeredId: 'srv-1', answer: { roots: [{ uri: 'file:///tmp/root', name: 'root' }] } });
  });

  it('forwards a server cancel under the client-side id', async () => {
    const client = startProxy();
    await client.initialize();

    await client.callTool('ask-then-cancel');

    const forwarded = await client.waitFor((message) => message.method === 'sampling/createMessage');
    const cancel = await client.waitFor((message) => message.method === 'notifications/cancelled');
    expect(cancel['params']).toEqual({ requestId: forwarded.id, reason: 'changed my mind' });
  });
});

describe('lookout-mcp with invalid input', () => {
  it('skips garbage the server prints on stdout and logs an excerpt', async () => {
    const client = startProxy([], ['--garbage-at-start']);
    await client.initialize();

    const response = await client.callTool('garbage');

    expect(resultText(response)).toBe('after garbage');
    expect(client.process.stderr()).toContain('invalid JSON-RPC message from the upstream');
    expect(client.process.stderr()).toContain('this line is not JSON-RPC {{{');
  });

  it.each([
    { input: '{"jsonrpc": "2.0", "id": 1, "method": ', code: -32700, id: null },
    { input: '{"jsonrpc": "2.0", "id": 7, "method": 5}', code: -32600, id: 7 },
    { input: '{"jsonrpc": "1.0", "id": "x", "method": "ping"}', code: -32600, id: 'x' },
    { input: '[]', code: -32600, id: null },
  ])('answers $input with error $code and stays up', async ({ input, code, id }) => {
    const client = startProxy();
    await client.initialize();

    client.writeLine(input);
    const error = await client.waitFor((message) => message.error !== undefined);
    expect(error.error?.code).toBe(code);
    expect(error.id).toBe(id);
    expect(client.process.stderr()).toContain('invalid JSON-RPC message from the client');

    expect((await client.request('ping')).result).toEqual({});
  });
});

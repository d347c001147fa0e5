// lookout-mcp against a server that misbehaves on purpose (test/fixtures/fault-server.mjs) and a client that
// sends invalid input: the proxy must answer every pending call, match every reply, and stay up.
import { createHash } from 'node:crypto';
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

describe('lookout-mcp with a server that never answers', () => {
  it('times the call out after --call-timeout and cancels it upstream', async () => {
    const client = startProxy(['--call-timeout', '1.5']);
    await client.initialize();

    const response = await client.callTool('hang');
    expect(response.result?.['isError']).toBe(true);
    expect(resultText(response)).toContain('did not answer tools/call "hang" within 1.5 s');

    const seen = await client.callTool('cancellations');
    const cancelledCalls = (seen.result?.['structuredContent'] as { cancelled: Array<{ method: string | null }> }).cancelled.filter((entry) => entry.method === 'tools/call');
    expect(cancelledCalls).toEqual([{ requestId: expect.any(Number), wasPending: true, method: 'tools/call' }]);
  });

  it('forwards a client cancel to the matching upstream request', async () => {
    const client = startProxy();
    await client.initialize();

    const id = client.start('tools/call', { name: 'cancellable', arguments: {} });
    await new Promise((resolve) => setTimeout(resolve, 200));
    client.send({ method: 'notifications/cancelled', params: { requestId: id, reason: 'test' } });

    const seen = await client.callTool('cancellations');
    expect(seen.result?.['structuredContent']).toEqual({ cancelled: [{ requestId: expect.any(Number), wasPending: true, method: 'tools/call' }] });
    expect(client.received.some((message) => message.id === id)).toBe(false);
  });
});

describe('lookout-mcp under load', () => {
  it('passes a 50 MB tool result intact', async () => {
    const client = startProxy();
    await client.initialize();

    const response = await client.callTool('big', { megabytes: 50 }, 60_000);

    const text = resultText(response);
    const expected = '0123456789abcdef'.repeat((50 * 1024 * 1024) / 16);
    expect(text.length).toBe(expected.length);
    expect(createHash('sha256').update(text).digest('hex')).toBe(createHash('sha256').update(expected).digest('hex'));
  });

  it('matches 1,000 concurrent calls answered in reverse order', async () => {
    const client = startProxy();
    await client.initialize();

    const ids = Array.from({ length: 1000 }, (_, index) => client.start('tools/call', { name: 'gather', arguments: { batch: 1000, index } }));
    const responses = await Promise.all(ids.map((id) => client.responseTo(id, 30_000)));

    responses.forEach((response, index) => expect(response.result?.['structuredContent']).toEqual({ index }));
    const order = client.received.filter((message) => typeof message.id === 'number' && ids.includes(message.id)).map((message) => message.id);
    expect(order[0]).toBe(ids[999]);
  });

  it('forwards tools/list pages with their cursors', async () => {
    const client = startProxy();
    await client.initialize();

    const names: string[] = [];
    const cursors: unknown[] = [];
    let cursor: unknown;
    do {
      const page = await client.request('tools/list', cursor === undefined ? {} : { cursor });
      names.push(...(page.result?.['tools'] as Array<{ name: string }>).map((tool) => tool.name));
      cursor = page.result?.['nextCursor'];
      cursors.push(cursor);
    } while (cursor !== undefined);

    expect(names).toEqual(['crash', 'garbage', 'hang', 'big', 'gather', 'cancellable', 'cancellations', 'echo', 'ask-client', 'ask-then-cancel', 'state']);
    expect(cursors).toEqual(['page-2', 'page-4', 'page-6', 'page-8', 'page-10', undefined]);
  });
});

describe('lookout-mcp shutdown', () => {
  it.each(['SIGINT', 'SIGTERM'] as const)('exits with code 0 on %s', async (signal) => {
    const client = startProxy();
    await client.initialize();

    expect(await client.process.stop(signal)).toBe(0);
  });

  it('exits with code 0 when the client closes stdin', async () => {
    const client = startProxy();
    await client.initialize();

    client.closeStdin();
    expect(await client.exitCode()).toBe(0);
  });

  it('cancels calls still pending after the grace period on SIGTERM', async () => {
    const client = startProxy();
    await client.initialize();
    const id = client.start('tools/call', { name: 'hang', arguments: {} });
    await new Promise((resolve) => setTimeout(resolve, 200));

    client.process.child.kill('SIGTERM');
    const response = await client.responseTo(id, 15_000);

    expect(response.result?.['isError']).toBe(true);
    expect(resultText(response)).toContain('lookout-mcp is shutting down');
    expect(await client.exitCode()).toBe(0);
  });
});

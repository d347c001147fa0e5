// The HTTP side of lookout-mcp --listen: DNS-rebinding protection, session routing and invalid bodies.
import { request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FIXTURES, startListeningProxy, type RunningProcess } from './helpers.js';

const FAULT_SERVER = [process.execPath, `${FIXTURES}fault-server.mjs`];
const INITIALIZE = { jsonrpc: '2.0', id: 1, method: 'initialize', params: { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 'raw-http', version: '1' } } };
const ACCEPT = 'application/json, text/event-stream';

interface HttpReply {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/** Sends one HTTP request with full control of the Host header, which fetch does not allow. */
function send(url: URL, method: string, headers: Record<string, string>, body?: string): Promise<HttpReply> {
  return new Promise((resolve, reject) => {
    const outgoing = request({ host: url.hostname, port: url.port, path: url.pathname, method, headers }, (response) => {
      let text = '';
      response.on('data', (chunk: Buffer) => {
        text += chunk.toString('utf8');
        // An SSE response stays open; its first event carries what the test needs.
        if (text.includes('\n\n') && response.headers['content-type']?.includes('text/event-stream')) {
          response.destroy();
          resolve({ status: response.statusCode ?? 0, headers: response.headers, body: text });
        }
      });
      response.on('end', () => resolve({ status: response.statusCode ?? 0, headers: response.headers, body: text }));
    });
    outgoing.on('error', reject);
    outgoing.end(body);
  });
}

function postJson(url: URL, body: string, headers: Record<string, string | undefined> = {}): Promise<HttpReply> {
  const given = Object.fromEntries(Object.entries(headers).filter((entry): entry is [string, string] => entry[1] !== undefined));
  return send(url, 'POST', { host: url.host, 'content-type': 'application/json', accept: ACCEPT, ...given }, body);
}

/** Repeats a request until it gets `status`, because a session ends shortly after its server exits. */
async function waitForStatus(attempt: () => Promise<HttpReply>, status: number): Promise<void> {
  let last = 0;
  for (let tries = 0; tries < 100 && last !== status; tries += 1) {
    last = (await attempt()).status;
    if (last !== status) await new Promise((resolve) => setTimeout(resolve, 50));
  }
  expect(last).toBe(status);
}

describe('lookout-mcp --listen with default allowed hosts', () => {
  let proxy: RunningProcess & { url: URL };

  beforeAll(async () => {
    proxy = await startListeningProxy(['--no-guard'], FAULT_SERVER);
  });

  afterAll(async () => {
    expect(await proxy.stop('SIGINT')).toBe(0);
  });

  it('starts a session on initialize and returns its id', async () => {
    const reply = await postJson(proxy.url, JSON.stringify(INITIALIZE));

    expect(reply.status).toBe(200);
    expect(reply.headers['mcp-session-id']).toMatch(/^[0-9a-f-]{36}$/);
    expect(reply.body).toContain('"serverInfo":{"name":"fault-server"');
  });

  it.each([
    { name: 'a foreign Host header', headers: { host: 'evil.example.test' }, status: 403, message: 'Host header "evil.example.test" is not allowed' },
    { name: 'a foreign Origin header', headers: { origin: 'http://evil.example.test' }, status: 403, message: 'Origin "http://evil.example.test" is not allowed' },
  ])('rejects $name', async ({ headers, status, message }) => {
    const reply = await postJson(proxy.url, JSON.stringify(INITIALIZE), headers);

    expect(reply.status).toBe(status);
    expect((JSON.parse(reply.body) as { error: { message: string } }).error.message).toContain(message);
  });

  it('accepts a loopback Origin on its port', async () => {
    const reply = await postJson(proxy.url, JSON.stringify(INITIALIZE), { origin: `http://localhost:${proxy.url.port}` });

    expect(reply.status).toBe(200);
  });

  it.each([
    { name: 'malformed JSON', body: '{"jsonrpc": "2.0", "id": 1, "method":', headers: {}, status: 400, code: -32700 },
    { name: 'a first request other than initialize', body: JSON.stringify({ jsonrpc: '2.0', id: 2, method: 'tools/list' }), headers: {}, status: 400, code: -32000 },
    { name: 'an unknown session id', body: JSON.stringify({ jsonrpc: '2.0', id: 3, method: 'tools/list' }), headers: { 'mcp-session-id': 'no-such-session' }, status: 404, code: -32600 },
  ])('answers $name with HTTP $status', async ({ body, headers, status, code }) => {
    const reply = await postJson(proxy.url, body, headers);

    expect(reply.status).toBe(status);
    expect(JSON.parse(reply.body)).toMatchObject({ jsonrpc: '2.0', id: null, error: { code } });
  });

  it('answers other paths with 404', async () => {
    const reply = await send(new URL('/other', proxy.url), 'GET', { host: proxy.url.host });

    expect(reply.status).toBe(404);
  });

  it('ends only the session whose server crashed', async () => {
    const crashing = String((await postJson(proxy.url, JSON.stringify(INITIALIZE))).headers['mcp-session-id']);
    const healthy = String((await postJson(proxy.url, JSON.stringify(INITIALIZE))).headers['mcp-session-id']);

    const crashCall = { jsonrpc: '2.0', id: 2, method: 'tools/call', params: { name: 'crash', arguments: { code: 7 } } };
    const crashed = await postJson(proxy.url, JSON.stringify(crashCall), { 'mcp-session-id': crashing });
    expect(crashed.body).toContain('exited with code 7');

    const ping = { jsonrpc: '2.0', id: 3, method: 'ping' };
    await waitForStatus(() => postJson(proxy.url, JSON.stringify(ping), { 'mcp-session-id': crashing }), 404);
    expect((await postJson(proxy.url, JSON.stringify(ping), { 'mcp-session-id': healthy })).status).toBe(200);
  });

  it('ends the session and its server on DELETE', async () => {
    const opened = await postJson(proxy.url, JSON.stringify(INITIALIZE));
    const sessionId = String(opened.headers['mcp-session-id']);

    const deleted = await send(proxy.url, 'DELETE', { host: proxy.url.host, 'mcp-session-id': sessionId, 'mcp-protocol-version': '2025-06-18' });
    expect(deleted.status).toBe(200);

    const after = await postJson(proxy.url, JSON.stringify({ jsonrpc: '2.0', id: 4, method: 'ping' }), { 'mcp-session-id': sessionId });
    expect(after.status).toBe(404);
    expect(proxy.stderr()).toContain(`"session":"${sessionId}","childPid"`);
  });
});

describe('lookout-mcp --listen with --allowed-hosts', () => {
  let proxy: RunningProcess & { url: URL };

  beforeAll(async () => {
    proxy = await startListeningProxy(['--no-guard', '--allowed-hosts', 'proxy.example.test', '--allowed-origins', 'https://app.example.test'], FAULT_SERVER);
  });

  afterAll(async () => {
    expect(await proxy.stop('SIGTERM')).toBe(0);
  });

  it.each([
    { name: 'the listed host', headers: { host: 'proxy.example.test' }, status: 200 },
    { name: 'the listed origin', headers: { host: 'proxy.example.test', origin: 'https://app.example.test' }, status: 200 },
    { name: 'the loopback host it no longer lists', headers: {}, status: 403 },
    { name: 'a loopback origin it no longer lists', headers: { host: 'proxy.example.test', origin: 'http://localhost:1' }, status: 403 },
  ])('answers $name with HTTP $status', async ({ headers, status }) => {
    const reply = await postJson(proxy.url, JSON.stringify(INITIALIZE), headers);

    expect(reply.status).toBe(status);
  });
});

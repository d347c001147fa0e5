// lookout-mcp against the fault server (test/fixtures/fault-server.mjs) when it stays silent, under load, and
// while shutting down: every call is matched or timed out, big results pass intact, signals exit cleanly.
import { createHash } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { FIXTURES } from './helpers.js';
import { RawStdioClient, resultText } from './raw-client.js';

const FAULT_SERVER = [process.execPath, `${FIXTURES}fault-server.mjs`];

const clients: RawStdioClient[] = [];

function startProxy(proxyArgs: string[] = [], serverArgs: string[] = []): RawStdioClient {
  const client = new RawStdioClient(['--no-guard', ...proxyArgs], [...FAULT_SERVER, ...serverArgs]);
  clients.push(client);
  return client;
}

afterEach(async () => {
  for (const client of clients.splice(0)) await client.process.stop('SIGKILL');
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

    const tools: Array<Record<string, unknown>> = [];
    const cursors: unknown[] = [];
    let cursor: unknown;
    do {
      const page = await client.request('tools/list', cursor === undefined ? {} : { cursor });
      tools.push(...(page.result?.['tools'] as Array<Record<string, unknown>>));
      cursor = page.result?.['nextCursor'];
      cursors.push(cursor);
    } while (cursor !== undefined);

    const names = ['crash', 'garbage', 'hang', 'big', 'gather', 'cancellable', 'cancellations', 'echo', 'ask-client', 'ask-then-cancel', 'state'];
    expect(cursors).toEqual(['page-2', 'page-4', 'page-6', 'page-8', 'page-10', undefined]);
    // Every field the fixture defines, `_meta` and annotations included, arrives unchanged.
    expect(tools).toEqual(
      names.map((name) => ({
        name,
        description: `fault-server tool ${name}`,
        inputSchema: { type: 'object', properties: {} },
        annotations: { readOnlyHint: name !== 'crash' },
        _meta: { 'example.test/fixture': name },
      })),
    );
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

  it('cancels pending calls at once on a second signal', async () => {
    const client = startProxy();
    await client.initialize();
    const id = client.start('tools/call', { name: 'hang', arguments: {} });
    await new Promise((resolve) => setTimeout(resolve, 200));

    const started = Date.now();
    client.process.child.kill('SIGINT');
    await new Promise((resolve) => setTimeout(resolve, 200));
    client.process.child.kill('SIGINT');
    const response = await client.responseTo(id, 15_000);

    expect(resultText(response)).toContain('lookout-mcp is shutting down');
    // The grace period is 5 s; a cut grace answers well before it would end.
    expect(Date.now() - started).toBeLessThan(4_500);
    expect(client.process.stderr()).toContain('second signal; cancelling pending requests now');
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

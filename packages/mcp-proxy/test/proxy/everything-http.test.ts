// lookout-mcp with HTTP on either side: serving Streamable HTTP (--listen) to several clients at once, and
// wrapping server-everything over Streamable HTTP (--upstream-url) and HTTP+SSE (--transport sse).
import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import type { Transport } from '@modelcontextprotocol/sdk/shared/transport.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { callTool, checkProgressAndCancel, makeAnsweringClient, readLists, readOtherFeatures, TOOL_CASES } from './everything-parity.js';
import { directStdio, EVERYTHING_BIN, httpTransport, proxiedStdio, rawRequest, sseTransport, startEverythingHttp, startListeningProxy, type RunningProcess } from './helpers.js';

/** Connects a direct and a proxied client before the tests and checks both give the same answers. */
function describeParity(name: string, setup: () => Promise<{ direct: Transport; proxied: Transport; proxyLog: () => string; processes: RunningProcess[] }>): void {
  describe(name, () => {
    let direct: Client;
    let proxied: Client;
    let proxiedTransport: Transport;
    let proxyLog: () => string;
    let processes: RunningProcess[] = [];

    beforeAll(async () => {
      const made = await setup();
      processes = made.processes;
      proxiedTransport = made.proxied;
      proxyLog = made.proxyLog;
      direct = makeAnsweringClient();
      proxied = makeAnsweringClient();
      await direct.connect(made.direct);
      await proxied.connect(made.proxied);
    });

    afterAll(async () => {
      await direct?.close();
      await proxied?.close();
      for (const running of processes) await running.stop();
    });

    it('forwards the server info, capabilities and instructions', () => {
      expect(proxied.getServerVersion()).toEqual(direct.getServerVersion());
      expect(proxied.getServerCapabilities()).toEqual(direct.getServerCapabilities());
      expect(proxied.getInstructions()).toEqual(direct.getInstructions());
    });

    it('lists tools, resources, templates and prompts field for field', async () => {
      expect(await readLists(proxied)).toEqual(await readLists(direct));
    });

    // The cases are independent, so they run concurrently to keep the suite short.
    it.concurrent.for(TOOL_CASES)('calls $tool with the same result', async (testCase, { expect }) => {
      const [directResult, proxiedResult] = await Promise.all([callTool(direct, testCase), callTool(proxied, testCase)]);
      expect(testCase.normalise(proxiedResult)).toEqual(testCase.normalise(directResult));
    });

    it('forwards reads, prompts, completions, subscriptions, logging and ping', async () => {
      expect(await readOtherFeatures(proxied)).toEqual(await readOtherFeatures(direct));
    });

    it('restores progress tokens and cancels upstream', async () => {
      await checkProgressAndCancel(proxied, proxiedTransport, proxyLog);
    });
  });
}

describeParity('lookout-mcp --listen wrapping server-everything over stdio', async () => {
  const proxy = await startListeningProxy(['--no-guard', '--log-level', 'debug'], [process.execPath, EVERYTHING_BIN, 'stdio']);
  return { direct: directStdio(process.execPath, [EVERYTHING_BIN, 'stdio']), proxied: httpTransport(proxy.url), proxyLog: proxy.stderr, processes: [proxy] };
});

describeParity('lookout-mcp --upstream-url wrapping server-everything over Streamable HTTP', async () => {
  const server = await startEverythingHttp('streamableHttp');
  const { transport, log } = proxiedStdio(['--no-guard', '--log-level', 'debug', '--upstream-url', server.url.href], []);
  return { direct: httpTransport(server.url), proxied: transport, proxyLog: log, processes: [server] };
});

describeParity('lookout-mcp --transport sse wrapping server-everything over HTTP+SSE', async () => {
  const server = await startEverythingHttp('sse');
  const { transport, log } = proxiedStdio(['--no-guard', '--log-level', 'debug', '--upstream-url', server.url.href, '--transport', 'sse'], []);
  return { direct: sseTransport(server.url), proxied: transport, proxyLog: log, processes: [server] };
});

describe('lookout-mcp --listen with several sessions', () => {
  let proxy: RunningProcess & { url: URL };
  const clients: Client[] = [];

  beforeAll(async () => {
    proxy = await startListeningProxy(['--no-guard'], [process.execPath, EVERYTHING_BIN, 'stdio']);
    for (let index = 0; index < 3; index += 1) {
      const client = makeAnsweringClient();
      await client.connect(httpTransport(proxy.url));
      clients.push(client);
    }
  });

  afterAll(async () => {
    for (const client of clients) await client.close();
    expect(await proxy.stop('SIGTERM')).toBe(0);
  });

  it('answers concurrent sessions with their own sampling results', async () => {
    const results = await Promise.all(
      clients.map((client, index) => rawRequest(client, 'tools/call', { name: 'trigger-sampling-request', arguments: { prompt: `session ${index}`, maxTokens: 5 } })),
    );
    results.forEach((result, index) => expect(JSON.stringify(result)).toContain(`session ${index}`));
  });

  it('gives each session its own upstream session', async () => {
    const [first, second] = clients as [Client, Client];
    const data = `data:text/plain;base64,${Buffer.from('only in the first session').toString('base64')}`;
    await rawRequest(first, 'tools/call', { name: 'gzip-file-as-resource', arguments: { name: 'private.gz', data } });

    const listed = async (client: Client): Promise<string[]> => ((await rawRequest(client, 'resources/list'))['resources'] as Array<{ uri: string }>).map((resource) => resource.uri);
    expect(await listed(first)).toContain('demo://resource/session/private.gz');
    expect(await listed(second)).not.toContain('demo://resource/session/private.gz');
  });
});

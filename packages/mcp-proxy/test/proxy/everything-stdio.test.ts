// lookout-mcp between an SDK Client and server-everything over stdio: everything it forwards must look exactly
// as it does without the proxy.
import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import type { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { callTool, checkProgressAndCancel, makeAnsweringClient, readLists, readOtherFeatures, TOOL_CASES } from './everything-parity.js';
import { directStdio, EVERYTHING_BIN, proxiedStdio } from './helpers.js';

describe('lookout-mcp over stdio with server-everything', () => {
  let direct: Client;
  let proxied: Client;
  let proxiedTransport: StdioClientTransport;
  let proxyLog: () => string;

  beforeAll(async () => {
    direct = makeAnsweringClient();
    await direct.connect(directStdio(process.execPath, [EVERYTHING_BIN, 'stdio']));
    ({ transport: proxiedTransport, log: proxyLog } = proxiedStdio(['--no-guard', '--log-level', 'debug'], [process.execPath, EVERYTHING_BIN, 'stdio']));
    proxied = makeAnsweringClient();
    await proxied.connect(proxiedTransport);
  });

  afterAll(async () => {
    await direct?.close();
    await proxied?.close();
  });

  it('forwards the server info, capabilities and instructions', () => {
    expect(proxied.getServerVersion()).toEqual(direct.getServerVersion());
    expect(proxied.getServerCapabilities()).toEqual(direct.getServerCapabilities());
    expect(proxied.getInstructions()).toEqual(direct.getInstructions());
  });

  it('lists tools, resources, templates and prompts field for field', async () => {
    const [directLists, proxiedLists] = await Promise.all([readLists(direct), readLists(proxied)]);
    expect(proxiedLists).toEqual(directLists);
  });

  it('has a tool case for every listed tool', async () => {
    const listed = ((await readLists(direct))['tools'] as Array<{ name: string }>).map((tool) => tool.name).sort();
    expect(TOOL_CASES.map((testCase) => testCase.tool).sort()).toEqual(listed);
  });

  // The cases are independent, so they run concurrently to keep the suite short.
  it.concurrent.for(TOOL_CASES)('calls $tool with the same result', async (testCase, { expect }) => {
    const [directResult, proxiedResult] = await Promise.all([callTool(direct, testCase), callTool(proxied, testCase)]);
    expect(testCase.normalise(proxiedResult)).toEqual(testCase.normalise(directResult));
  });

  it('forwards reads, prompts, completions, subscriptions, logging and ping', async () => {
    const [directResults, proxiedResults] = await Promise.all([readOtherFeatures(direct), readOtherFeatures(proxied)]);
    expect(proxiedResults).toEqual(directResults);
  });

  it('restores progress tokens and cancels upstream', async () => {
    await checkProgressAndCancel(proxied, proxiedTransport, proxyLog);
  });
});

describe('lookout-mcp --no-agent-tools with server-everything', () => {
  it('lists the same tools as the server, field for field', async () => {
    const direct = makeAnsweringClient();
    await direct.connect(directStdio(process.execPath, [EVERYTHING_BIN, 'stdio']));
    const proxied = makeAnsweringClient();
    await proxied.connect(proxiedStdio(['--no-agent-tools', '--journal', '/dev/null'], [process.execPath, EVERYTHING_BIN, 'stdio']).transport);

    try {
      expect((await readLists(proxied))['tools']).toEqual((await readLists(direct))['tools']);
    } finally {
      await direct.close();
      await proxied.close();
    }
  });
});

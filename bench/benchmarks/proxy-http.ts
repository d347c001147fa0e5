// Proxy overhead over Streamable HTTP: the same echo and 1 MiB read as the stdio benchmark, but the stdio
// server is exposed over HTTP by `lookout-mcp --listen` (guard on and off), by supergateway and by the
// mcp-proxy package. The bridges run side by side and their calls alternate.

import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { connectWhenReady, freePort, startBridge, type RunningBridge } from '../lib/bridge.js';
import { buildSamples } from '../lib/corpus.js';
import { formatMs, formatRatio } from '../lib/format.js';
import type { ConnectedClient } from '../lib/mcp.js';
import { everythingServer, filesystemServer, lookoutListen, lookoutMcpMissing, mcpProxyBridge, supergateway, type CommandLine } from '../lib/servers.js';
import { ratio, type LatencySummary } from '../lib/stats.js';
import { missingResult, type Benchmark, type BenchmarkContext, type BenchmarkResult, type Goal, type Table } from '../lib/types.js';
import { ECHO_ARGUMENTS, guardPolicy, measureCalls, summarizeAll } from './proxy-stdio.js';

const BRIDGES = ['lookout, guard on', 'lookout, guard off', 'supergateway', 'mcp-proxy'] as const;
type BridgeName = (typeof BRIDGES)[number];

const READ_BYTES = 1024 * 1024;
const FULL = { echo: { warmupRounds: 100, rounds: 1500, maxDurationMs: 40_000 }, read: { warmupRounds: 10, rounds: 300, maxDurationMs: 40_000 } };
const SMOKE = { echo: { warmupRounds: 1, rounds: 3, maxDurationMs: 5_000 }, read: { warmupRounds: 1, rounds: 2, maxDurationMs: 5_000 } };

export const proxyHttpBenchmark: Benchmark = {
  name: 'proxy-http',
  title: 'Proxy overhead over Streamable HTTP',
  run: runProxyHttp,
};

async function bridgeLine(name: BridgeName, server: CommandLine, port: number, folder: string, policyFlags: string[]): Promise<CommandLine> {
  const lookoutCommon = ['--log-level', 'warn', '--journal', join(folder, `journal-${port}.jsonl`)];
  switch (name) {
    case 'lookout, guard on':
      return lookoutListen(server, port, [...lookoutCommon, ...policyFlags]);
    case 'lookout, guard off':
      return lookoutListen(server, port, [...lookoutCommon, '--no-guard']);
    case 'supergateway':
      return supergateway(server, port);
    case 'mcp-proxy':
      return mcpProxyBridge(server, port);
  }
}

async function startAll(
  server: CommandLine,
  folder: string,
  policyFlags: string[],
  running: RunningBridge[],
  clients: ConnectedClient[],
): Promise<Map<BridgeName, ConnectedClient>> {
  const connected = new Map<BridgeName, ConnectedClient>();
  for (const name of BRIDGES) {
    const port = await freePort();
    const bridge = startBridge(name, await bridgeLine(name, server, port, folder, policyFlags), `http://127.0.0.1:${port}/mcp`);
    running.push(bridge);
    const client = await connectWhenReady(bridge);
    clients.push(client);
    connected.set(name, client);
  }
  return connected;
}

async function runProxyHttp(context: BenchmarkContext): Promise<BenchmarkResult> {
  const missing = lookoutMcpMissing();
  if (missing !== undefined) return missingResult(missing);

  const plan = context.smoke ? SMOKE : FULL;
  const folder = await mkdtemp(join(tmpdir(), 'lookout-bench-http-'));
  const running: RunningBridge[] = [];
  const clients: ConnectedClient[] = [];

  try {
    const filePath = join(folder, 'service.log');
    await writeFile(filePath, buildSamples('logs', READ_BYTES, 1)[0] as string);
    const policy = await guardPolicy(folder);

    context.log('proxy-http: echo through four bridges');
    const echoClients = await startAll(everythingServer(), folder, policy.flags, running, clients);
    const echo = summarizeAll(await measureCalls(echoClients, 'echo', () => ECHO_ARGUMENTS, plan.echo));

    context.log('proxy-http: 1 MiB read through four bridges');
    const readClients = await startAll(filesystemServer(folder), folder, policy.flags, running, clients);
    const read = summarizeAll(await measureCalls(readClients, 'read_text_file', () => ({ path: filePath }), plan.read));

    return buildResult(echo, read, policy.label);
  } finally {
    await Promise.allSettled(clients.map((client) => client.close()));
    await Promise.allSettled(running.map((bridge) => bridge.stop()));
    await rm(folder, { recursive: true, force: true });
  }
}

function buildResult(echo: Map<string, LatencySummary>, read: Map<string, LatencySummary>, policyLabel: string): BenchmarkResult {
  const pick = (set: Map<string, LatencySummary>, name: BridgeName): LatencySummary => set.get(name) as LatencySummary;
  const latency: Table = {
    caption: 'Latency per call, client to stdio server through each bridge',
    columns: ['bridge', 'echo calls', 'echo p50', 'echo p99', '1 MiB read calls', 'read p50', 'read p99'],
    rows: BRIDGES.map((name) => {
      const e = pick(echo, name);
      const r = pick(read, name);
      return [name, String(e.count), formatMs(e.p50Ms), formatMs(e.p99Ms), String(r.count), formatMs(r.p50Ms), formatMs(r.p99Ms)];
    }),
  };

  const versus = (set: Map<string, LatencySummary>, other: BridgeName, at: 'p50Ms' | 'p99Ms'): number => ratio(pick(set, 'lookout, guard on')[at], pick(set, other)[at]);
  const ratioTable: Table = {
    caption: 'Lookout with the guard on, as a ratio to each bridge',
    columns: ['call', 'bridge', 'at p50', 'at p99'],
    rows: (['echo', '1 MiB read'] as const).flatMap((call) => {
      const set = call === 'echo' ? echo : read;
      return (['supergateway', 'mcp-proxy', 'lookout, guard off'] as const).map((other) => [call, other, formatRatio(versus(set, other, 'p50Ms')), formatRatio(versus(set, other, 'p99Ms'))]);
    }),
  };

  const goals: Goal[] = (['echo', '1 MiB read'] as const).flatMap((call) => {
    const set = call === 'echo' ? echo : read;
    return (['supergateway', 'mcp-proxy'] as const).map((other) => {
      const value = versus(set, other, 'p50Ms');
      return { text: `${call} p50, lookout with the guard on / ${other} ≤ 1.00`, met: value <= 1, measured: formatRatio(value) };
    });
  });

  return {
    status: 'ok',
    tables: [latency, ratioTable],
    goals,
    notes: [
      'Each bridge wraps its own copy of the stdio server and serves Streamable HTTP on 127.0.0.1; each has one ' +
        'client session, and calls rotate between the bridges. supergateway runs in `--stateful` mode (one server ' +
        'child per session, as the others); its stateless default starts a server per request. mcp-proxy runs with ' +
        `\`--server stream\`. Lookout with the guard on runs ${policyLabel}.`,
    ],
  };
}

// Memory of the engine and of the proxy. The engine's heap is read over one long session of 100k calls and
// 10M tokens, in a child process started with --expose-gc that forces GC before each reading. The proxy's
// resident memory is read per session in --listen mode, against one shared Streamable HTTP upstream and
// with a stdio child per session.

import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { promisify } from 'node:util';
import { connectWhenReady, freePort, startBridge, type RunningBridge } from '../lib/bridge.js';
import { BENCH_DIR } from '../lib/child.js';
import { formatBytes, formatCount, formatMs, formatRatio } from '../lib/format.js';
import { callToolChecked, connectHttp, type ConnectedClient } from '../lib/mcp.js';
import type { MemoryCheckpoint } from '../lib/memory-worker.js';
import { treeRss } from '../lib/process-memory.js';
import { everythingHttpServer, everythingServer, lookoutListen, lookoutListenUpstream, lookoutMcpMissing, supergateway, type CommandLine } from '../lib/servers.js';
import { missingResult, type Benchmark, type BenchmarkContext, type BenchmarkResult, type Goal, type Table } from '../lib/types.js';
import { ECHO_ARGUMENTS, guardPolicy } from './proxy-stdio.js';

const execFileAsync = promisify(execFile);

const FULL = {
  engine: { total: 100_000, tokens: 10_000_000, checkpoints: [10_000, 25_000, 50_000, 75_000, 100_000] },
  sharedSessions: 100,
  childSessions: 10,
  callsPerSession: 10,
};
const SMOKE = {
  engine: { total: 400, tokens: 40_000, checkpoints: [100, 400] },
  sharedSessions: 3,
  childSessions: 2,
  callsPerSession: 2,
};
// Sessions open in batches, so that 100 initialize handshakes do not queue on a 2-core machine at once.
const CONNECT_BATCH = 10;
// RSS is read after a pause, so that buffers from the last calls can be collected.
const SETTLE_MS = 1_500;

export const memoryBenchmark: Benchmark = {
  name: 'memory',
  title: 'Memory',
  run: runMemory,
};

async function runEngineWorker(plan: typeof FULL.engine): Promise<MemoryCheckpoint[]> {
  const { stdout } = await execFileAsync(
    process.execPath,
    ['--expose-gc', '--import', 'tsx', join(BENCH_DIR, 'lib', 'memory-worker.ts'), '--total', String(plan.total), '--tokens', String(plan.tokens), '--checkpoints', plan.checkpoints.join(',')],
    { cwd: BENCH_DIR, maxBuffer: 4 * 1024 * 1024, timeout: 600_000 },
  );
  return JSON.parse(stdout.trim().split('\n').at(-1) ?? '[]') as MemoryCheckpoint[];
}

interface SessionCost {
  scenario: string;
  sessions: number;
  firstRss: number;
  allRss: number;
  processes: number;
}

/** Opens `count` sessions against a bridge, makes calls on each, and reads the bridge's tree RSS. */
async function measureSessions(scenario: string, line: CommandLine, url: string, count: number, calls: number): Promise<SessionCost> {
  const bridge: RunningBridge = startBridge(scenario, line, url);
  const clients: ConnectedClient[] = [];
  try {
    const use = async (client: ConnectedClient): Promise<void> => {
      for (let call = 0; call < calls; call++) await callToolChecked(client, 'echo', ECHO_ARGUMENTS);
    };

    const first = await connectWhenReady(bridge);
    clients.push(first);
    await use(first);
    await delay(SETTLE_MS);
    const firstRss = (await treeRss(bridge.pid)).rssBytes;

    while (clients.length < count) {
      const batch = Math.min(CONNECT_BATCH, count - clients.length);
      const opened = await Promise.all(Array.from({ length: batch }, () => connectHttp(url)));
      clients.push(...opened);
      await Promise.all(opened.map(use));
    }
    await delay(SETTLE_MS);
    const all = await treeRss(bridge.pid);
    return { scenario, sessions: count, firstRss, allRss: all.rssBytes, processes: all.processes };
  } finally {
    await Promise.allSettled(clients.map((client) => client.close()));
    await bridge.stop();
  }
}

async function runMemory(context: BenchmarkContext): Promise<BenchmarkResult> {
  const missing = lookoutMcpMissing();
  if (missing !== undefined) return missingResult(missing);

  const plan = context.smoke ? SMOKE : FULL;
  const folder = await mkdtemp(join(tmpdir(), 'lookout-bench-memory-'));
  const upstreamPort = await freePort();
  // NOTE: server-everything has no host option and listens on every interface; only 127.0.0.1 is called.
  const upstream = startBridge('server-everything (Streamable HTTP)', everythingHttpServer(), `http://127.0.0.1:${upstreamPort}/mcp`, { PORT: String(upstreamPort) });

  try {
    context.log(`memory: one session, ${formatCount(plan.engine.total)} calls`);
    const checkpoints = await runEngineWorker(plan.engine);

    const policy = await guardPolicy(folder);
    const journal = (name: string): string[] => ['--log-level', 'warn', '--journal', join(folder, `${name}.jsonl`)];
    const upstreamClient = await connectWhenReady(upstream);
    await upstreamClient.close();

    const costs: SessionCost[] = [];
    for (const guard of ['guard on', 'guard off'] as const) {
      const flags = guard === 'guard on' ? policy.flags : ['--no-guard'];
      const port = await freePort();
      context.log(`memory: ${plan.sharedSessions} sessions, one HTTP upstream, ${guard}`);
      const line = lookoutListenUpstream(upstream.url, port, [...journal(`shared-${guard}`), ...flags]);
      costs.push(await measureSessions(`--listen, one HTTP upstream, ${guard}`, line, `http://127.0.0.1:${port}/mcp`, plan.sharedSessions, plan.callsPerSession));
    }

    const childPort = await freePort();
    context.log(`memory: ${plan.childSessions} sessions, a stdio child each`);
    costs.push(
      await measureSessions('--listen, a stdio child per session, guard on', lookoutListen(everythingServer(), childPort, [...journal('children'), ...policy.flags]), `http://127.0.0.1:${childPort}/mcp`, plan.childSessions, plan.callsPerSession),
    );

    // The same shape without Lookout, for scale: most of a session's cost is the server process it starts.
    const gatewayPort = await freePort();
    context.log(`memory: ${plan.childSessions} sessions through supergateway, a stdio child each`);
    costs.push(await measureSessions('supergateway --stateful, a stdio child per session', supergateway(everythingServer(), gatewayPort), `http://127.0.0.1:${gatewayPort}/mcp`, plan.childSessions, plan.callsPerSession));

    return buildResult(checkpoints, costs, plan.callsPerSession);
  } finally {
    await upstream.stop();
    await rm(folder, { recursive: true, force: true });
  }
}

function buildResult(checkpoints: MemoryCheckpoint[], costs: SessionCost[], callsPerSession: number): BenchmarkResult {
  const engine: Table = {
    caption: 'One engine session: heap and RSS after a forced GC',
    columns: ['calls', 'tokens', 'heap used', 'RSS', 'facts', 'time to feed'],
    rows: checkpoints.map((point) => [formatCount(point.calls), formatCount(point.tokens), formatBytes(point.heapUsedBytes), formatBytes(point.rssBytes), String(point.facts), formatMs(point.elapsedMs)]),
  };

  const sessions: Table = {
    caption: 'Resident memory of the bridge (lookout-mcp --listen, or supergateway for scale) and its children',
    columns: ['scenario', 'sessions', 'processes', 'RSS with 1 session', 'RSS with all', 'per extra session'],
    rows: costs.map((cost) => [
      cost.scenario,
      String(cost.sessions),
      String(cost.processes),
      formatBytes(cost.firstRss),
      formatBytes(cost.allRss),
      formatBytes(Math.max(0, (cost.allRss - cost.firstRss) / (cost.sessions - 1))),
    ]),
  };

  const first = checkpoints[0];
  const last = checkpoints.at(-1);
  const growth = first !== undefined && last !== undefined ? last.heapUsedBytes / first.heapUsedBytes : NaN;
  const goals: Goal[] = [
    {
      text: `heap after ${formatCount(last?.calls ?? 0)} calls ≤ 1.1 × heap after the first ${formatCount(first?.calls ?? 0)}`,
      met: growth <= 1.1,
      measured: `${formatRatio(growth)} ×`,
    },
  ];

  return {
    status: 'ok',
    tables: [engine, sessions],
    goals,
    notes: [
      'The engine session runs in a child process started with `--expose-gc`, and GC runs twice before each ' +
        'reading. It is fed the decision benchmark\'s coding-agent history (100 policy facts, 50 rules, reads, ' +
        'listings, searches, writes, edits and shell commands) with precomputed token counts. ' +
        `The session rows count the RSS of the bridge and every process it started, after each session made ${callsPerSession} ` +
        'echo calls and a pause of 1.5 s. RSS includes garbage not yet collected, so a per-session figure is an ' +
        'upper estimate. The shared upstream is server-everything in Streamable HTTP mode.',
    ],
  };
}

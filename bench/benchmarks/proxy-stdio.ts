// Proxy overhead over stdio: an SDK client calls server-everything's echo tool and reads a 1 MiB file
// through server-filesystem, directly, through `lookout-mcp --no-guard`, and through `lookout-mcp` with
// the default policy (the coding-agent preset). The three clients are connected at once and their calls
// alternate.

import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildSamples } from '../lib/corpus.js';
import { formatMs, formatRatio } from '../lib/format.js';
import { interleave, type SampleSet } from '../lib/interleave.js';
import { callToolChecked, connectStdio, type ConnectedClient } from '../lib/mcp.js';
import { everythingServer, filesystemServer, hasDefaultPreset, lookoutMcpMissing, throughLookout, type CommandLine } from '../lib/servers.js';
import { summarize, ratio, type LatencySummary } from '../lib/stats.js';
import { missingResult, type Benchmark, type BenchmarkContext, type BenchmarkResult, type Goal, type Table } from '../lib/types.js';

export const VARIANTS = ['direct', 'guard off', 'guard on'] as const;
export type ProxyVariant = (typeof VARIANTS)[number];

export const ECHO_ARGUMENTS = { message: 'hello from the lookout benchmark' };
const READ_BYTES = 1024 * 1024;

interface CallPlan {
  warmupRounds: number;
  rounds: number;
  maxDurationMs: number;
}

const FULL = { echo: { warmupRounds: 200, rounds: 2000, maxDurationMs: 40_000 }, read: { warmupRounds: 10, rounds: 400, maxDurationMs: 40_000 } };
const SMOKE = { echo: { warmupRounds: 2, rounds: 5, maxDurationMs: 5_000 }, read: { warmupRounds: 1, rounds: 2, maxDurationMs: 5_000 } };

/** Picks the guard's policy: the default preset, or an empty policy while the preset is not built. */
export async function guardPolicy(folder: string): Promise<{ flags: string[]; label: string }> {
  if (hasDefaultPreset()) return { flags: [], label: 'the default policy (the coding-agent preset)' };

  // NOTE: without the preset the guard still classifies and decides every call, but with no rules or
  // required investigations, so guard-on numbers are a lower bound until the preset ships.
  const file = join(folder, 'empty-policy.json');
  await writeFile(file, JSON.stringify({ extends: [] }));
  return { flags: ['--policy', file], label: 'an empty policy (`extends: []`), because the coding-agent preset is missing' };
}

/** lookout-mcp flags for a variant; the journal goes to the run's temporary folder. */
export function lookoutFlags(variant: ProxyVariant, folder: string, policyFlags: string[]): string[] | null {
  if (variant === 'direct') return null;
  const common = ['--log-level', 'warn', '--journal', join(folder, 'journal.jsonl')];
  return variant === 'guard off' ? [...common, '--no-guard'] : [...common, ...policyFlags];
}

export function commandFor(variant: ProxyVariant, server: CommandLine, folder: string, policyFlags: string[]): CommandLine {
  const flags = lookoutFlags(variant, folder, policyFlags);
  return flags === null ? server : throughLookout(server, flags);
}

export const proxyStdioBenchmark: Benchmark = {
  name: 'proxy-stdio',
  title: 'Proxy overhead over stdio',
  run: runProxyStdio,
};

async function runProxyStdio(context: BenchmarkContext): Promise<BenchmarkResult> {
  const missing = lookoutMcpMissing();
  if (missing !== undefined) return missingResult(missing);

  const plan = context.smoke ? SMOKE : FULL;
  const folder = await mkdtemp(join(tmpdir(), 'lookout-bench-stdio-'));
  const clients: ConnectedClient[] = [];

  try {
    const filePath = join(folder, 'service.log');
    await writeFile(filePath, buildSamples('logs', READ_BYTES, 1)[0] as string);
    const policy = await guardPolicy(folder);

    context.log('proxy-stdio: echo through server-everything');
    const echoClients = await connectVariants((variant) => commandFor(variant, everythingServer(), folder, policy.flags), clients);
    const echo = await measureCalls(echoClients, 'echo', () => ECHO_ARGUMENTS, plan.echo);

    context.log('proxy-stdio: 1 MiB read through server-filesystem');
    const readClients = await connectVariants((variant) => commandFor(variant, filesystemServer(folder), folder, policy.flags), clients);
    const read = await measureCalls(readClients, 'read_text_file', () => ({ path: filePath }), plan.read);

    return buildResult(summarizeAll(echo), summarizeAll(read), policy.label);
  } finally {
    await Promise.allSettled(clients.map((client) => client.close()));
    await rm(folder, { recursive: true, force: true });
  }
}

async function connectVariants(
  lineFor: (variant: ProxyVariant) => CommandLine,
  opened: ConnectedClient[],
): Promise<Map<ProxyVariant, ConnectedClient>> {
  const connected = new Map<ProxyVariant, ConnectedClient>();
  for (const variant of VARIANTS) {
    const client = await connectStdio(lineFor(variant));
    opened.push(client);
    connected.set(variant, client);
  }
  return connected;
}

export async function measureCalls<Name extends string>(
  clients: Map<Name, ConnectedClient>,
  tool: string,
  argumentsFor: (iteration: number) => Record<string, unknown>,
  plan: CallPlan,
): Promise<SampleSet> {
  const variants = [...clients].map(([name, client]) => ({
    name,
    run: (iteration: number) => callToolChecked(client, tool, argumentsFor(iteration)),
  }));
  return interleave(variants, plan);
}

export function summarizeAll(samples: SampleSet): Map<string, LatencySummary> {
  return new Map([...samples].map(([name, values]) => [name, summarize(values)]));
}

function buildResult(echo: Map<string, LatencySummary>, read: Map<string, LatencySummary>, policyLabel: string): BenchmarkResult {
  const latency: Table = {
    caption: 'Latency per call',
    columns: ['variant', 'echo calls', 'echo p50', 'echo p99', '1 MiB read calls', 'read p50', 'read p99'],
    rows: VARIANTS.map((variant) => {
      const e = echo.get(variant) as LatencySummary;
      const r = read.get(variant) as LatencySummary;
      return [variant, String(e.count), formatMs(e.p50Ms), formatMs(e.p99Ms), String(r.count), formatMs(r.p50Ms), formatMs(r.p99Ms)];
    }),
  };

  const pick = (set: Map<string, LatencySummary>, variant: ProxyVariant): LatencySummary => set.get(variant) as LatencySummary;
  const ratios = {
    echoOnDirect: ratio(pick(echo, 'guard on').p50Ms, pick(echo, 'direct').p50Ms),
    echoOnOff: ratio(pick(echo, 'guard on').p50Ms, pick(echo, 'guard off').p50Ms),
    readOnDirect: ratio(pick(read, 'guard on').p50Ms, pick(read, 'direct').p50Ms),
  };
  const ratioRow = (label: string, set: Map<string, LatencySummary>, over: ProxyVariant, under: ProxyVariant): string[] => [
    label,
    formatRatio(ratio(pick(set, over).p50Ms, pick(set, under).p50Ms)),
    formatRatio(ratio(pick(set, over).p99Ms, pick(set, under).p99Ms)),
  ];
  const ratioTable: Table = {
    caption: 'Ratios in this run',
    columns: ['ratio', 'at p50', 'at p99'],
    rows: [
      ratioRow('echo: guard on / direct', echo, 'guard on', 'direct'),
      ratioRow('echo: guard on / guard off', echo, 'guard on', 'guard off'),
      ratioRow('echo: guard off / direct', echo, 'guard off', 'direct'),
      ratioRow('1 MiB read: guard on / direct', read, 'guard on', 'direct'),
      ratioRow('1 MiB read: guard on / guard off', read, 'guard on', 'guard off'),
      ratioRow('1 MiB read: guard off / direct', read, 'guard off', 'direct'),
    ],
  };

  const goals: Goal[] = [
    { text: 'echo p50, guard on / direct ≤ 1.5', met: ratios.echoOnDirect <= 1.5, measured: formatRatio(ratios.echoOnDirect) },
    { text: 'echo p50, guard on / guard off ≤ 1.1', met: ratios.echoOnOff <= 1.1, measured: formatRatio(ratios.echoOnOff) },
    { text: '1 MiB read p50, guard on / direct ≤ 1.05', met: ratios.readOnDirect <= 1.05, measured: formatRatio(ratios.readOnDirect) },
  ];

  return {
    status: 'ok',
    tables: [latency, ratioTable],
    goals,
    notes: [
      'Each variant has its own client and its own server process, all connected at once; calls rotate ' +
        'between the variants. A call\'s time runs from `callTool` to its parsed result in the client. The file ' +
        `is 1 MiB of generated service logs, read with \`read_text_file\`. Guard on runs ${policyLabel} ` +
        'and writes its journal to a temporary folder.',
    ],
  };
}

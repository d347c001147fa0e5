// Classifier speed: `classifyCall` on shell commands (a `bash` tool) and SQL scripts (a `query` tool) from
// 100 B to 10 KiB, with a direct echo call in the same rotation as the yardstick the decision goal uses.

import { classifyCall, type ClassificationSource, type ToolDefinition } from '@lookout/core';
import { shellCommand, sqlScript } from '../lib/commands.js';
import { formatBytes, formatCount, formatMs, formatRatio } from '../lib/format.js';
import { EXTRA_TOOLS } from '../lib/history.js';
import { interleave, type Variant } from '../lib/interleave.js';
import { callToolChecked, connectStdio } from '../lib/mcp.js';
import { WORKSPACE } from '../lib/policy-load.js';
import { everythingServer } from '../lib/servers.js';
import { summarize, type LatencySummary } from '../lib/stats.js';
import type { Benchmark, BenchmarkContext, BenchmarkResult, Goal, Table } from '../lib/types.js';
import { ECHO_ARGUMENTS } from './proxy-stdio.js';

const INPUTS_PER_SIZE = 16;

// Each size runs as its own rotation of shell, SQL and a direct echo call, with fewer rounds for larger
// inputs. The time cap keeps a slow parser from stretching the run past about ten seconds per size.
const FULL_PLAN = [
  { bytes: 100, warmupRounds: 100, rounds: 2000, maxDurationMs: 10_000 },
  { bytes: 1024, warmupRounds: 20, rounds: 500, maxDurationMs: 10_000 },
  { bytes: 2048, warmupRounds: 20, rounds: 500, maxDurationMs: 10_000 },
  { bytes: 10 * 1024, warmupRounds: 5, rounds: 100, maxDurationMs: 10_000 },
];
const SMOKE_PLAN = FULL_PLAN.map((size) => ({ ...size, warmupRounds: 1, rounds: 3 }));
const DIRECT_ECHO = 'direct echo call';
const CONTEXT = { cwd: WORKSPACE, roots: [WORKSPACE], home: '/home/dev' };

interface Case {
  name: string;
  language: 'shell' | 'sql';
  bytes: number;
  inputs: string[];
  sources: Set<ClassificationSource>;
  levels: Set<string>;
  /** The direct echo calls timed in the same rotation as this case. */
  echo: LatencySummary | undefined;
}

export const classifiersBenchmark: Benchmark = {
  name: 'classifiers',
  title: 'Classifiers',
  run: runClassifiers,
};

function definition(name: string): ToolDefinition {
  const found = EXTRA_TOOLS.find((tool) => tool.name === name);
  if (found === undefined) throw new Error(`benchmark tool ${name} is not defined in EXTRA_TOOLS`);
  return found;
}

function buildCase(language: Case['language'], bytes: number): Case {
  const inputs = Array.from({ length: INPUTS_PER_SIZE }, (_, seed) => (language === 'shell' ? shellCommand(bytes, seed) : sqlScript(bytes, seed)));
  return { name: `${language} ${formatBytes(bytes)}`, language, bytes, inputs, sources: new Set(), levels: new Set(), echo: undefined };
}

function caseVariant(entry: Case): Variant {
  const tool = entry.language === 'shell' ? 'bash' : 'query';
  const key = entry.language === 'shell' ? 'command' : 'sql';
  const toolDefinition = definition(tool);
  return {
    name: entry.name,
    run: (iteration) => {
      const input = entry.inputs[iteration % entry.inputs.length] as string;
      const classification = classifyCall({ tool, arguments: { [key]: input }, definition: toolDefinition, context: CONTEXT });
      entry.sources.add(classification.source);
      entry.levels.add(classification.level);
    },
  };
}

async function runClassifiers(context: BenchmarkContext): Promise<BenchmarkResult> {
  const plan = context.smoke ? SMOKE_PLAN : FULL_PLAN;
  const echo = await connectStdio(everythingServer());
  const cases: Case[] = [];
  const summaries = new Map<string, LatencySummary>();

  try {
    for (const size of plan) {
      context.log(`classifiers: shell and SQL at ${formatBytes(size.bytes)}`);
      const group = [buildCase('shell', size.bytes), buildCase('sql', size.bytes)];
      const variants = group.map(caseVariant);
      variants.push({ name: DIRECT_ECHO, run: () => callToolChecked(echo, 'echo', ECHO_ARGUMENTS) });

      const samples = await interleave(variants, size);
      const echoSummary = summarize(samples.get(DIRECT_ECHO) ?? []);
      for (const entry of group) {
        entry.echo = echoSummary;
        summaries.set(entry.name, summarize(samples.get(entry.name) ?? []));
        cases.push(entry);
      }
    }
    return buildResult(cases, summaries);
  } finally {
    await echo.close();
  }
}

function buildResult(cases: Case[], summaries: Map<string, LatencySummary>): BenchmarkResult {
  const table: Table = {
    caption: 'Latency per classifyCall (echo p50 from the same rotation)',
    columns: ['input', 'mean input size', 'calls', 'p50', 'p99', 'echo p50', 'p99 / echo p50', 'classified by', 'levels seen'],
    rows: cases.map((entry) => {
      const summary = summaries.get(entry.name) as LatencySummary;
      const echo = entry.echo as LatencySummary;
      const meanBytes = entry.inputs.reduce((sum, input) => sum + Buffer.byteLength(input), 0) / entry.inputs.length;
      return [
        entry.name,
        formatBytes(Math.round(meanBytes)),
        formatCount(summary.count),
        formatMs(summary.p50Ms),
        formatMs(summary.p99Ms),
        formatMs(echo.p50Ms),
        formatRatio(summary.p99Ms / echo.p50Ms),
        [...entry.sources].sort().join(', '),
        [...entry.levels].sort().join(', '),
      ];
    }),
  };

  const parsed = (language: Case['language']): boolean => cases.filter((entry) => entry.language === language).every((entry) => entry.sources.has(language));
  const twoKiB = cases.filter((entry) => entry.bytes === 2048);
  const worst = twoKiB.reduce((max, entry) => Math.max(max, (summaries.get(entry.name)?.p99Ms ?? NaN) / (entry.echo?.p50Ms ?? NaN)), 0);
  const goals: Goal[] = [
    { text: 'shell commands are classified by the shell parser', met: parsed('shell'), measured: `sources ${describeSources(cases, 'shell')}` },
    { text: 'SQL scripts are classified by the SQL parser', met: parsed('sql'), measured: `sources ${describeSources(cases, 'sql')}` },
    {
      text: 'p99 for a 2 KiB command or script ≤ 0.1 × p50 of a direct echo call (the decision budget, because classification runs inside every decision)',
      met: worst <= 0.1,
      measured: `${formatRatio(worst)} ×`,
    },
  ];

  return {
    status: 'ok',
    tables: [table],
    goals,
    notes: [
      `Each size is one rotation of shell, SQL and a direct echo call to server-everything. Each size has ${INPUTS_PER_SIZE} different inputs, used in turn. Shell inputs chain real agent commands with ` +
        '`&&`, `;` and `||`: quoted paths, pipes, subshells, process substitution, `bash -c` with SQL inside, `find ' +
        '-delete`, `git reset --hard`. SQL inputs are multi-statement scripts with joins, subqueries, DELETE, UPDATE, ' +
        'ALTER and DROP. The calls go through `classifyCall`, the engine\'s entry point, with the tools\' input schemas.',
    ],
  };
}

function describeSources(cases: Case[], language: Case['language']): string {
  const sources = new Set(cases.filter((entry) => entry.language === language).flatMap((entry) => [...entry.sources]));
  return [...sources].sort().join(', ');
}

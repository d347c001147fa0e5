// Decision latency in-process: one tool_call event in, one decision out, on sessions with 100 policy facts
// and 50 rules and histories of 10K, 1M and 10M tokens. A direct echo call to server-everything runs in
// the same rotation, because the goal is stated against it.

import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Decision, Session, ToolDefinition } from '@lookout/core';
import { formatCount, formatMs, formatRatio } from '../lib/format.js';
import { buildSession, EXTRA_TOOLS, feedChecked, measuredCall } from '../lib/history.js';
import { interleave, type Variant } from '../lib/interleave.js';
import { callToolChecked, connectStdio, type ConnectedClient } from '../lib/mcp.js';
import { benchmarkPolicy, FACT_COUNT, RULE_COUNT } from '../lib/policy-load.js';
import { everythingServer, filesystemServer } from '../lib/servers.js';
import { ratio, summarize, type LatencySummary } from '../lib/stats.js';
import type { Benchmark, BenchmarkContext, BenchmarkResult, Goal, Table } from '../lib/types.js';
import { ECHO_ARGUMENTS } from './proxy-stdio.js';

const CALL_TOKENS = 40;
const RESULT_TOKENS = 50;
// Measured calls add tokens, so a session is rebuilt once it has grown 10% past its nominal size. The
// 10K row then stays a 10K session however many calls are timed.
const MAX_GROWTH = 1.1;

const FULL = { sizes: [10_000, 1_000_000, 10_000_000], warmupRounds: 200, rounds: 3000 };
const SMOKE = { sizes: [10_000, 20_000, 50_000], warmupRounds: 2, rounds: 10 };

const DIRECT_ECHO = 'direct echo call';

interface SizedSession {
  label: string;
  tokens: number;
  session: Session;
  buildMs: number;
  rebuilds: number;
  kinds: Map<Decision['kind'], number>;
  /** Recorded decision times by tool, timed inside the variant to split the totals by kind of call. */
  byTool: Map<string, number[]>;
  lastAllowed?: string;
}

export const decisionBenchmark: Benchmark = {
  name: 'decision',
  title: 'Decision latency',
  run: runDecision,
};

export function sizeLabel(tokens: number): string {
  if (tokens >= 1_000_000) return `${tokens / 1_000_000}M`;
  return `${tokens / 1000}K`;
}

/** Fetches the filesystem server's real tools/list, with the annotations it declares. */
export async function filesystemTools(): Promise<ToolDefinition[]> {
  const folder = await mkdtemp(join(tmpdir(), 'lookout-bench-tools-'));
  const client = await connectStdio(filesystemServer(folder));
  try {
    const listed = await client.client.listTools();
    return listed.tools as ToolDefinition[];
  } finally {
    await client.close();
    await rm(folder, { recursive: true, force: true });
  }
}

async function runDecision(context: BenchmarkContext): Promise<BenchmarkResult> {
  const plan = context.smoke ? SMOKE : FULL;
  const { policy, preset } = benchmarkPolicy();
  const tools = [...(await filesystemTools()), ...EXTRA_TOOLS];
  const echo = await connectStdio(everythingServer());

  try {
    const sessions: SizedSession[] = plan.sizes.map((tokens) => {
      context.log(`decision: building a ${sizeLabel(tokens)}-token session`);
      const started = performance.now();
      const session = buildSession(policy, tools, tokens, `s${sizeLabel(tokens)}`);
      return { label: sizeLabel(tokens), tokens, session, buildMs: performance.now() - started, rebuilds: 0, kinds: new Map(), byTool: new Map() };
    });

    context.log('decision: timing decisions and direct echo calls');
    const variants: Variant[] = sessions.map((sized) => decisionVariant(sized, () => buildSession(policy, tools, sized.tokens, `s${sized.label}`), plan.warmupRounds));
    variants.push(echoVariant(echo));
    const samples = await interleave(variants, { warmupRounds: plan.warmupRounds, rounds: plan.rounds });

    const summaries = new Map([...samples].map(([name, values]) => [name, summarize(values)]));
    return buildResult(sessions, summaries, preset, policy.rules.length, policy.facts.length);
  } finally {
    await echo.close();
  }
}

function decisionVariant(sized: SizedSession, rebuild: () => Session, warmupRounds: number): Variant {
  let counter = 0;
  return {
    name: sized.label,
    prepare: () => {
      if (sized.lastAllowed !== undefined) {
        feedChecked(sized.session, { type: 'tool_result', id: sized.lastAllowed, text: 'ok', isError: false, tokens: RESULT_TOKENS });
        sized.lastAllowed = undefined;
      }
      if (sized.session.position() > sized.tokens * MAX_GROWTH) {
        sized.session = rebuild();
        sized.rebuilds += 1;
      }
    },
    run: (iteration) => {
      counter += 1;
      const call = measuredCall(counter);
      const id = `m${counter}`;
      const started = performance.now();
      const { decision } = feedChecked(sized.session, { type: 'tool_call', id, tool: call.tool, arguments: call.args, tokens: CALL_TOKENS });
      if (iteration >= warmupRounds) {
        const times = sized.byTool.get(call.tool) ?? [];
        times.push(performance.now() - started);
        sized.byTool.set(call.tool, times);
      }
      if (decision === undefined) throw new Error(`the engine returned no decision for tool call ${id}`);
      sized.kinds.set(decision.kind, (sized.kinds.get(decision.kind) ?? 0) + 1);
      if (decision.kind === 'allow') sized.lastAllowed = id;
    },
  };
}

function echoVariant(echo: ConnectedClient): Variant {
  return { name: DIRECT_ECHO, run: () => callToolChecked(echo, 'echo', ECHO_ARGUMENTS) };
}

function buildResult(
  sessions: SizedSession[],
  summaries: Map<string, LatencySummary>,
  preset: string,
  ruleCount: number,
  factCount: number,
): BenchmarkResult {
  const echo = summaries.get(DIRECT_ECHO) as LatencySummary;
  const latency: Table = {
    caption: 'Latency per decision (tool_call event to decision, tokens precomputed)',
    columns: ['session', 'decisions', 'p50', 'p99', 'p99 / echo p50', 'allow / hold / deny / ask', 'history build'],
    rows: sessions.map((sized) => {
      const summary = summaries.get(sized.label) as LatencySummary;
      const kinds = (['allow', 'hold', 'deny', 'ask'] as const).map((kind) => formatCount(sized.kinds.get(kind) ?? 0)).join(' / ');
      return [`${sized.label} tokens`, formatCount(summary.count), formatMs(summary.p50Ms), formatMs(summary.p99Ms), formatRatio(summary.p99Ms / echo.p50Ms), kinds, formatMs(sized.buildMs)];
    }),
  };
  latency.rows.push([DIRECT_ECHO, formatCount(echo.count), formatMs(echo.p50Ms), formatMs(echo.p99Ms), '1.00 (p50)', '', '']);

  const tools = [...(sessions[0]?.byTool.keys() ?? [])].sort();
  const byTool: Table = {
    caption: 'Latency per decision by tool of the timed call',
    columns: ['tool', ...sessions.flatMap((sized) => [`${sized.label} p50`, `${sized.label} p99`])],
    rows: tools.map((tool) => [
      tool,
      ...sessions.flatMap((sized) => {
        const summary = summarize(sized.byTool.get(tool) ?? [NaN]);
        return [formatMs(summary.p50Ms), formatMs(summary.p99Ms)];
      }),
    ]),
  };

  const [small, middle, large] = sessions.map((sized) => summaries.get(sized.label) as LatencySummary);
  const middleRatio = ratio(middle?.p99Ms ?? NaN, echo.p50Ms);
  const growth = ratio(large?.p99Ms ?? NaN, small?.p99Ms ?? NaN);
  const goals: Goal[] = [
    { text: `p99 at ${sessions[1]?.label} tokens ≤ 0.1 × p50 of a direct echo call`, met: middleRatio <= 0.1, measured: `${formatRatio(middleRatio)} ×` },
    { text: `p99 at ${sessions[2]?.label} tokens ≤ 1.2 × p99 at ${sessions[0]?.label} tokens`, met: growth <= 1.2, measured: `${formatRatio(growth)} ×` },
  ];

  const rebuilds = sessions.map((sized) => `${sized.label}: ${sized.rebuilds}`).join(', ');
  return {
    status: 'ok',
    tables: [latency, byTool],
    goals,
    notes: [
      `The policy extends ${preset} and adds ${FACT_COUNT} facts and ${RULE_COUNT} rules (${factCount} facts and ` +
        `${ruleCount} rules after merging). The history is a coding agent listing, reading, searching, writing and ` +
        'editing files and running tests, about 1,000 tokens a step, with a user message every 25 steps. The ' +
        'tools are the filesystem server\'s real tools/list plus a `bash` and a `query` tool. Timed calls rotate ' +
        'through reads, a listing, a new file, a move, an edit, `rm -rf` inside `bash` and a SQL DELETE. Events ' +
        'carry precomputed token counts, so no tokenising is timed. Each allowed call\'s result is fed untimed ' +
        `before the next call. Sessions are rebuilt when timed calls grow them by 10% (rebuilds: ${rebuilds}).`,
    ],
  };
}

// Token counting: tiktoken (WASM), js-tiktoken and gpt-tokenizer on realistic tool output, checked for
// identical counts, with throughput as a ratio to JSON.parse of the JSON-RPC message that carries the
// same text (the parse the proxy cannot avoid).

import { buildSamples, CORPUS_KINDS, type CorpusKind } from '../lib/corpus.js';
import { runModuleScript } from '../lib/child.js';
import { formatBytes, formatFactor, formatMs, formatRatio, formatThroughput } from '../lib/format.js';
import { interleave, type Variant } from '../lib/interleave.js';
import { summarize } from '../lib/stats.js';
import { COUNTER_LOADERS, createTokenCounters, type TokenCounter } from '../lib/tokenizers.js';
import type { Benchmark, BenchmarkContext, BenchmarkResult, Goal, Table } from '../lib/types.js';

const KIB = 1024;
const MIB = 1024 * 1024;

interface SizePlan {
  bytes: number;
  warmupRounds: number;
  rounds: number;
}

// Rounds shrink with size so that the whole table takes a minute or two on a quiet 2-core machine. The
// 10 MiB rows rest on one run each, so they are throughput figures, not percentiles.
const FULL_PLAN: SizePlan[] = [
  { bytes: 100, warmupRounds: 100, rounds: 2000 },
  { bytes: KIB, warmupRounds: 20, rounds: 300 },
  { bytes: 10 * KIB, warmupRounds: 10, rounds: 100 },
  { bytes: 100 * KIB, warmupRounds: 3, rounds: 15 },
  { bytes: MIB, warmupRounds: 1, rounds: 4 },
  { bytes: 10 * MIB, warmupRounds: 0, rounds: 1 },
];

const SMOKE_PLAN: SizePlan[] = [
  { bytes: 100, warmupRounds: 1, rounds: 2 },
  { bytes: KIB, warmupRounds: 1, rounds: 2 },
  { bytes: 10 * KIB, warmupRounds: 0, rounds: 1 },
];

// A run of one letter is a single regex piece, and every BPE implementation here merges a piece in
// time quadratic in its length. js-tiktoken is skipped past 4 KiB because 16 KiB takes it about 20 s.
const WORST_CASE_SIZES = [KIB, 4 * KIB, 16 * KIB];
const JS_TIKTOKEN_WORST_CASE_LIMIT = 4 * KIB;

const EDGE_TEXTS: Array<{ label: string; text: string }> = [
  { label: 'special-token text', text: 'log line <|endoftext|> then <|im_start|>system and <|fim_prefix|>' },
  { label: 'non-Latin and emoji', text: 'héllo wörld 日本語のテキスト 🎉🎉 Ελληνικά Привет мир '.repeat(40) },
  { label: 'CRLF and tabs', text: 'a\tb\r\nc\t\td\r\n\r\n    indented\n'.repeat(100) },
];

interface CellResult {
  kind: CorpusKind;
  bytes: number;
  runs: number;
  p50ByVariant: Map<string, number>;
  agree: boolean;
}

export const tokenizersBenchmark: Benchmark = {
  name: 'tokenizers',
  title: 'Token counting',
  run: runTokenizers,
};

async function runTokenizers(context: BenchmarkContext): Promise<BenchmarkResult> {
  const counters = createTokenCounters();
  const plan = context.smoke ? SMOKE_PLAN : FULL_PLAN;
  const cells: CellResult[] = [];

  for (const kind of CORPUS_KINDS) {
    for (const size of plan) {
      context.log(`tokenizers: ${kind} ${formatBytes(size.bytes)}`);
      cells.push(await measureCell(counters, kind, size));
    }
  }

  const edgeAgreement = checkEdgeTexts(counters);
  const worstCase = await measureWorstCase(counters, context);
  const coldStart = context.smoke ? [] : await measureColdStart();

  const tables: Table[] = [throughputTable(counters, cells), worstCaseTable(worstCase), agreementTable(edgeAgreement)];
  if (coldStart.length > 0) tables.push(coldStartTable(coldStart));

  const allAgree = cells.every((cell) => cell.agree) && edgeAgreement.every((row) => row.agree);
  const winner = pickWinner(counters, cells);
  const goals: Goal[] = [
    {
      text: 'the three tokenizers give identical o200k_base counts on every sample',
      met: allAgree,
      measured: `${cells.filter((cell) => cell.agree).length}/${cells.length} cells and ${edgeAgreement.filter((row) => row.agree).length}/${edgeAgreement.length} edge texts agree`,
    },
  ];

  return {
    status: 'ok',
    tables,
    goals,
    notes: [
      `**Fastest correct counter: \`${winner.name}\`**, by the geometric mean of its p50 time over all cells ` +
        `(${winner.summary}).`,
      'Throughput is MiB of tool output per second at the p50 run; the factor in brackets is that run\'s time ' +
        'divided by the p50 time of `JSON.parse` on the JSON-RPC result message that carries the same text. ' +
        'Variants alternate within each cell, and the rounds cycle through up to 16 different samples of the ' +
        'same kind and size.',
    ],
  };
}

async function measureCell(counters: TokenCounter[], kind: CorpusKind, size: SizePlan): Promise<CellResult> {
  const sampleCount = Math.min(size.warmupRounds + size.rounds, 16);
  const texts = buildSamples(kind, size.bytes, sampleCount);
  const wires = texts.map((text) =>
    JSON.stringify({ jsonrpc: '2.0', id: 7, result: { content: [{ type: 'text', text }] } }),
  );

  const counts = new Map<string, number[]>();
  const variants: Variant[] = counters.map((counter) => {
    const seen: number[] = new Array(texts.length);
    counts.set(counter.name, seen);
    return {
      name: counter.name,
      run: (iteration) => {
        const index = iteration % texts.length;
        seen[index] = counter.count(texts[index] as string);
      },
    };
  });
  variants.push({ name: 'JSON.parse', run: (iteration) => JSON.parse(wires[iteration % wires.length] as string) });

  const samples = await interleave(variants, { warmupRounds: size.warmupRounds, rounds: size.rounds });
  const p50ByVariant = new Map([...samples].map(([name, values]) => [name, summarize(values).p50Ms]));

  const reference = counts.get(counters[0]?.name ?? '') ?? [];
  const agree = counters.every((counter) => {
    const seen = counts.get(counter.name) ?? [];
    return reference.every((value, index) => seen[index] === value);
  });

  const averageBytes = texts.reduce((sum, text) => sum + Buffer.byteLength(text), 0) / texts.length;
  return { kind, bytes: averageBytes, runs: size.rounds, p50ByVariant, agree };
}

function checkEdgeTexts(counters: TokenCounter[]): Array<{ label: string; counts: number[]; agree: boolean }> {
  return EDGE_TEXTS.map(({ label, text }) => {
    const encodings = counters.map((counter) => counter.encode(text));
    const first = encodings[0] ?? [];
    const agree = encodings.every((tokens) => tokens.length === first.length && tokens.every((t, i) => t === first[i]));
    return { label, counts: encodings.map((tokens) => tokens.length), agree };
  });
}

async function measureWorstCase(
  counters: TokenCounter[],
  context: BenchmarkContext,
): Promise<Array<{ bytes: number; ms: Map<string, number | null> }>> {
  const sizes = context.smoke ? [KIB] : WORST_CASE_SIZES;
  const rows: Array<{ bytes: number; ms: Map<string, number | null> }> = [];

  for (const bytes of sizes) {
    context.log(`tokenizers: worst case ${formatBytes(bytes)}`);
    const text = 'a'.repeat(bytes);
    const ms = new Map<string, number | null>();
    for (const counter of counters) {
      if (counter.name === 'js-tiktoken' && bytes > JS_TIKTOKEN_WORST_CASE_LIMIT) {
        ms.set(counter.name, null);
        continue;
      }
      const started = performance.now();
      counter.count(text);
      ms.set(counter.name, performance.now() - started);
    }
    rows.push({ bytes, ms });
  }
  return rows;
}

interface ColdStart {
  name: string;
  loadMs: number;
  heapMiB: number;
  rssMiB: number;
}

/** Time to import a counter and count one short text, and the memory it keeps, each in a fresh process. */
async function measureColdStart(): Promise<ColdStart[]> {
  const names = Object.keys(COUNTER_LOADERS);
  const runs = new Map<string, ColdStart[]>(names.map((name) => [name, []]));
  const baseline = await runModuleScript<{ heap: number; rss: number }>(
    'gc(); const m = process.memoryUsage(); console.log(JSON.stringify({ heap: m.heapUsed, rss: m.rss }));',
    ['--expose-gc'],
  );

  for (let round = 0; round < 3; round++) {
    for (const name of names) {
      const script =
        'let count; const started = performance.now(); ' +
        COUNTER_LOADERS[name] +
        " count('const answer = 42; // first call'); const loadMs = performance.now() - started; gc(); " +
        'const m = process.memoryUsage(); console.log(JSON.stringify({ loadMs, heap: m.heapUsed, rss: m.rss }));';
      const result = await runModuleScript<{ loadMs: number; heap: number; rss: number }>(script, ['--expose-gc']);
      runs.get(name)?.push({
        name,
        loadMs: result.loadMs,
        heapMiB: (result.heap - baseline.heap) / MIB,
        rssMiB: (result.rss - baseline.rss) / MIB,
      });
    }
  }

  return names.map((name) => {
    const list = runs.get(name) ?? [];
    const median = (values: number[]): number => values.sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? NaN;
    return {
      name,
      loadMs: median(list.map((run) => run.loadMs)),
      heapMiB: median(list.map((run) => run.heapMiB)),
      rssMiB: median(list.map((run) => run.rssMiB)),
    };
  });
}

function pickWinner(counters: TokenCounter[], cells: CellResult[]): { name: string; summary: string } {
  const scored = counters.map((counter) => {
    const logSum = cells.reduce((sum, cell) => sum + Math.log(cell.p50ByVariant.get(counter.name) ?? NaN), 0);
    return { name: counter.name, geometricMeanMs: Math.exp(logSum / cells.length) };
  });
  scored.sort((a, b) => a.geometricMeanMs - b.geometricMeanMs);
  const best = scored[0] as { name: string; geometricMeanMs: number };
  const others = scored
    .slice(1)
    .map((entry) => `${formatRatio(entry.geometricMeanMs / best.geometricMeanMs)}× faster than ${entry.name}`);
  return { name: best.name, summary: others.join(', ') };
}

function throughputTable(counters: TokenCounter[], cells: CellResult[]): Table {
  return {
    caption: 'Throughput, MiB/s at p50 (time as a multiple of JSON.parse of the same text in brackets)',
    columns: ['kind', 'size', 'runs', ...counters.map((counter) => counter.name), 'JSON.parse', 'counts agree'],
    rows: cells.map((cell) => {
      const parseMs = cell.p50ByVariant.get('JSON.parse') ?? NaN;
      const counterCells = counters.map((counter) => {
        const ms = cell.p50ByVariant.get(counter.name) ?? NaN;
        return `${formatThroughput(cell.bytes, ms)} (${formatFactor(ms / parseMs)})`;
      });
      return [
        cell.kind,
        formatBytes(Math.round(cell.bytes)),
        String(cell.runs),
        ...counterCells,
        formatThroughput(cell.bytes, parseMs),
        cell.agree ? 'yes' : 'NO',
      ];
    }),
  };
}

function worstCaseTable(rows: Array<{ bytes: number; ms: Map<string, number | null> }>): Table {
  const names = [...(rows[0]?.ms.keys() ?? [])];
  return {
    caption: 'Worst case: one run of a single letter (one regex piece), time per count',
    columns: ['size', ...names],
    rows: rows.map((row) => [
      formatBytes(row.bytes),
      ...names.map((name) => {
        const ms = row.ms.get(name);
        return ms === null || ms === undefined ? 'skipped (too slow)' : formatMs(ms);
      }),
    ]),
  };
}

function agreementTable(rows: Array<{ label: string; counts: number[]; agree: boolean }>): Table {
  return {
    caption: 'Edge texts: token counts (token ids compared, not only counts)',
    columns: ['text', 'tiktoken', 'js-tiktoken', 'gpt-tokenizer', 'identical tokens'],
    rows: rows.map((row) => [row.label, ...row.counts.map(String), row.agree ? 'yes' : 'NO']),
  };
}

function coldStartTable(rows: ColdStart[]): Table {
  return {
    caption: 'Cold start in a fresh process: import, build the o200k_base encoder, count one line (median of 3)',
    columns: ['tokenizer', 'load + first count', 'heap kept', 'RSS added'],
    rows: rows.map((row) => [
      row.name,
      formatMs(row.loadMs),
      `${row.heapMiB.toFixed(1)} MiB`,
      `${row.rssMiB.toFixed(1)} MiB`,
    ]),
  };
}

// The contract between the harness (`bench/run.ts`) and each benchmark module.

export interface BenchmarkContext {
  /** True in the smoke test: tiny iteration counts that only prove the benchmark still runs. */
  smoke: boolean;
  /** Progress lines for the person watching; they go to stderr and never into the tables. */
  log: (message: string) => void;
}

export interface Table {
  caption: string;
  columns: string[];
  rows: string[][];
}

export interface Goal {
  /** The goal as written: "guard-on / direct p50 on echo ≤ 1.5". */
  text: string;
  /** null when the run could not measure it (a component is missing). */
  met: boolean | null;
  /** The measured value the verdict rests on. */
  measured: string;
}

export interface BenchmarkResult {
  /** `missing` when a component the benchmark needs has not been built; the `missing` field then names it. */
  status: 'ok' | 'missing';
  missing?: string;
  tables: Table[];
  goals: Goal[];
  /** Short paragraphs printed under the tables: how the numbers were taken, what was chosen. */
  notes: string[];
}

export interface Benchmark {
  /** The name `pnpm bench <name>` takes and the marker in docs/benchmarks.md uses. */
  name: string;
  title: string;
  run: (context: BenchmarkContext) => Promise<BenchmarkResult>;
}

export function missingResult(what: string): BenchmarkResult {
  return { status: 'missing', missing: what, tables: [], goals: [], notes: [] };
}

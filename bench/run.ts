// `pnpm bench [name...]` runs the named benchmarks, or all of them when none is named, and rewrites their
// sections of docs/benchmarks.md. `--no-write` prints the sections instead of writing the page. `--smoke`
// runs tiny iteration counts and also only prints, because its numbers mean nothing. `--profile` records
// a CPU profile of each benchmark to the system's temporary folder and prints the functions with the most
// self time.

import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { BENCHMARKS } from './benchmarks/index.js';
import { describeMachine } from './lib/machine.js';
import { renderResult, writeSections, type RunStamp } from './lib/report.js';
import { profile, type Hotspot } from './lib/profile.js';
import type { Benchmark, BenchmarkResult } from './lib/types.js';

const PAGE_PATH = join(dirname(dirname(fileURLToPath(import.meta.url))), 'docs', 'benchmarks.md');

function renderHotspots(title: string, spots: Hotspot[]): string {
  const lines = spots.map((spot) => `  ${spot.selfMs.toFixed(0).padStart(7)} ms self ${spot.totalMs.toFixed(0).padStart(7)} ms total  ${spot.name}`);
  return `${title}:\n${lines.join('\n')}\n`;
}

/** A mistake in the command line: reported without a stack trace, with exit code 2. */
class UsageError extends Error {}

function selectBenchmarks(names: string[]): Benchmark[] {
  if (names.length === 0) return [...BENCHMARKS];

  return names.map((name) => {
    const benchmark = BENCHMARKS.find((candidate) => candidate.name === name);
    if (benchmark === undefined) {
      const known = BENCHMARKS.map((candidate) => candidate.name).join(', ');
      throw new UsageError(`unknown benchmark "${name}": pick one or more of ${known}, or none to run all`);
    }
    return benchmark;
  });
}

function parseCommandLine(): ReturnType<typeof parseBenchArgs> {
  try {
    return parseBenchArgs();
  } catch (error) {
    throw new UsageError(`${error instanceof Error ? error.message : String(error)}; usage: pnpm bench [name...] [--no-write] [--smoke] [--profile]`);
  }
}

function parseBenchArgs() {
  return parseArgs({
    allowPositionals: true,
    options: {
      'no-write': { type: 'boolean', default: false },
      smoke: { type: 'boolean', default: false },
      profile: { type: 'boolean', default: false },
    },
  });
}

async function main(): Promise<void> {
  const { values, positionals } = parseCommandLine();
  const selected = selectBenchmarks(positionals);
  const machine = describeMachine();
  const write = !values['no-write'] && !values.smoke;
  const failed: string[] = [];

  // Each section is written as soon as its benchmark finishes, so a failure later in the run keeps the
  // tables already measured.
  for (const benchmark of selected) {
    const started = Date.now();
    process.stderr.write(`bench: ${benchmark.name} started\n`);
    let result: BenchmarkResult;
    try {
      result = await runOne(benchmark, values.smoke, values.profile);
    } catch (error) {
      failed.push(benchmark.name);
      process.stderr.write(`bench: ${benchmark.name} failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
      continue;
    }
    process.stderr.write(`bench: ${benchmark.name} finished in ${((Date.now() - started) / 1000).toFixed(1)} s\n`);

    const stamp: RunStamp = { machine, command: `pnpm bench ${benchmark.name}`, date: new Date() };
    const markdown = renderResult(benchmark, result, stamp);
    if (write) {
      await writeSections(PAGE_PATH, [{ benchmark, markdown }], BENCHMARKS);
      process.stderr.write(`bench: wrote the ${benchmark.name} section of ${PAGE_PATH}\n`);
    } else {
      process.stdout.write(`${markdown}\n\n`);
    }
  }

  if (failed.length > 0) {
    throw new Error(`${failed.length} benchmark(s) failed: ${failed.join(', ')}; their sections were left as they were`);
  }
}

async function runOne(benchmark: Benchmark, smoke: boolean, withProfile: boolean): Promise<BenchmarkResult> {
  const context = { smoke, log: (line: string) => process.stderr.write(`  ${line}\n`) };
  if (!withProfile) return benchmark.run(context);

  const output = join(tmpdir(), `lookout-bench-${benchmark.name}.cpuprofile`);
  let result: BenchmarkResult | undefined;
  const top = await profile(async () => (result = await benchmark.run(context)), output);
  process.stderr.write(`bench: CPU profile in ${output}\n${renderHotspots('most self time', top.bySelf)}${renderHotspots('most total time', top.byTotal)}`);
  if (result === undefined) throw new Error(`benchmark ${benchmark.name} returned no result`);
  return result;
}

main().catch((error: unknown) => {
  if (error instanceof UsageError) {
    process.stderr.write(`bench: ${error.message}\n`);
    process.exitCode = 2;
    return;
  }
  process.stderr.write(`bench failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exitCode = 1;
});

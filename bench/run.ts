// `pnpm bench [name...]`: runs the named benchmarks (all when none is named) and rewrites their
// sections of docs/benchmarks.md. `--no-write` prints the sections instead of writing the page, and
// `--smoke` runs tiny iteration counts (which implies `--no-write`, because its numbers mean nothing).
// `--profile` records a CPU profile of each benchmark to the system's temporary folder and prints the
// functions with the most self time.

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

function selectBenchmarks(names: string[]): Benchmark[] {
  if (names.length === 0) return [...BENCHMARKS];

  return names.map((name) => {
    const benchmark = BENCHMARKS.find((candidate) => candidate.name === name);
    if (benchmark === undefined) {
      const known = BENCHMARKS.map((candidate) => candidate.name).join(', ');
      throw new Error(`unknown benchmark "${name}": pick one or more of ${known}, or none to run all`);
    }
    return benchmark;
  });
}

async function main(): Promise<void> {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: {
      'no-write': { type: 'boolean', default: false },
      smoke: { type: 'boolean', default: false },
      profile: { type: 'boolean', default: false },
    },
  });
  const selected = selectBenchmarks(positionals);
  const machine = describeMachine();
  const sections: Array<{ benchmark: Benchmark; markdown: string }> = [];

  for (const benchmark of selected) {
    const started = Date.now();
    process.stderr.write(`bench: ${benchmark.name} started\n`);
    const context = { smoke: values.smoke, log: (line: string) => process.stderr.write(`  ${line}\n`) };
    let result: BenchmarkResult | undefined;
    if (values.profile) {
      const output = join(tmpdir(), `lookout-bench-${benchmark.name}.cpuprofile`);
      const top = await profile(async () => (result = await benchmark.run(context)), output);
      process.stderr.write(`bench: CPU profile in ${output}\n${renderHotspots('most self time', top.bySelf)}${renderHotspots('most total time', top.byTotal)}`);
    } else {
      result = await benchmark.run(context);
    }
    if (result === undefined) throw new Error(`benchmark ${benchmark.name} returned no result`);
    process.stderr.write(`bench: ${benchmark.name} finished in ${((Date.now() - started) / 1000).toFixed(1)} s\n`);

    const stamp: RunStamp = { machine, command: `pnpm bench ${benchmark.name}`, date: new Date() };
    sections.push({ benchmark, markdown: renderResult(benchmark, result, stamp) });
  }

  if (values['no-write'] || values.smoke) {
    process.stdout.write(`${sections.map((section) => section.markdown).join('\n\n')}\n`);
    return;
  }
  await writeSections(PAGE_PATH, sections, BENCHMARKS);
  process.stderr.write(`bench: wrote ${sections.length} section(s) to ${PAGE_PATH}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`bench failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exitCode = 1;
});

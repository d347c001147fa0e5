// `pnpm bench [name...]`: runs the named benchmarks (all when none is named) and rewrites their
// sections of docs/benchmarks.md. `--no-write` prints the sections instead of writing the page, and
// `--smoke` runs tiny iteration counts (which implies `--no-write`, because its numbers mean nothing).

import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { BENCHMARKS } from './benchmarks/index.js';
import { describeMachine } from './lib/machine.js';
import { renderResult, writeSections, type RunStamp } from './lib/report.js';
import type { Benchmark } from './lib/types.js';

const PAGE_PATH = join(dirname(dirname(fileURLToPath(import.meta.url))), 'docs', 'benchmarks.md');

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
    },
  });
  const selected = selectBenchmarks(positionals);
  const machine = describeMachine();
  const sections: Array<{ benchmark: Benchmark; markdown: string }> = [];

  for (const benchmark of selected) {
    const started = Date.now();
    process.stderr.write(`bench: ${benchmark.name} started\n`);
    const result = await benchmark.run({ smoke: values.smoke, log: (line) => process.stderr.write(`  ${line}\n`) });
    process.stderr.write(`bench: ${benchmark.name} finished in ${((Date.now() - started) / 1000).toFixed(1)} s\n`);

    const stamp: RunStamp = { machine, command: `pnpm bench ${benchmark.name}`, date: new Date() };
    sections.push({ benchmark, markdown: renderResult(benchmark, result, stamp) });
  }

  if (values['no-write'] || values.smoke) {
    process.stdout.write(`${sections.map((section) => section.markdown).join('\n\n')}\n`);
    return;
  }
  await writeSections(PAGE_PATH, sections);
  process.stderr.write(`bench: wrote ${sections.length} section(s) to ${PAGE_PATH}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`bench failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exitCode = 1;
});

// Runs every benchmark with tiny iteration counts, so a change that breaks one fails `pnpm test`. It
// checks that each one still produces complete tables, never how fast anything is.

import { describe, expect, it } from 'vitest';
import { BENCHMARKS } from '../benchmarks/index.js';
import { renderResult, replaceSection, replaceSummary, type RunStamp } from '../lib/report.js';
import { percentile, summarize } from '../lib/stats.js';
import type { Benchmark, BenchmarkResult } from '../lib/types.js';

const STAMP: RunStamp = {
  machine: { cpuModel: 'Test CPU', cores: 2, memoryGiB: 4, node: 'v20.0.0', platform: 'linux test x64' },
  command: 'pnpm bench example',
  date: new Date('2026-01-02T03:04:05Z'),
};

const EXAMPLE: Benchmark = { name: 'example', title: 'Example', run: async () => EXAMPLE_RESULT };
const EXAMPLE_RESULT: BenchmarkResult = {
  status: 'ok',
  tables: [{ caption: 'Latency', columns: ['variant', 'p50'], rows: [['direct', '1.00 ms']] }],
  goals: [{ text: 'direct p50 ≤ 2 ms', met: true, measured: '1.00 ms' }],
  notes: [],
};

describe('benchmark smoke run', () => {
  it.each(BENCHMARKS.map((benchmark) => [benchmark.name, benchmark] as const))(
    '%s runs and fills its tables',
    async (_name, benchmark) => {
      const result = await benchmark.run({ smoke: true, log: () => undefined });

      expect(result.missing).toBeUndefined();
      expect(result.status).toBe('ok');
      expect(result.tables.length).toBeGreaterThan(0);
      for (const table of result.tables) {
        expect(table.rows.length).toBeGreaterThan(0);
        for (const row of table.rows) {
          expect(row).toHaveLength(table.columns.length);
          expect(row.join(' ')).not.toMatch(/NaN|undefined/);
        }
      }
      for (const goal of result.goals) expect(goal.met).not.toBeNull();
    },
    180_000,
  );
});

describe('replaceSection', () => {
  it('keeps the hand-written text around a section', () => {
    const page = '# Benchmarks\n\nintro\n\n<!-- bench:example:begin -->\nold\n<!-- bench:example:end -->\n\nanalysis\n';
    const section = renderResult(EXAMPLE, EXAMPLE_RESULT, STAMP);

    const updated = replaceSection(page, EXAMPLE, section);

    expect(updated.startsWith('# Benchmarks\n\nintro\n\n<!-- bench:example:begin -->')).toBe(true);
    expect(updated.endsWith('<!-- bench:example:end -->\n\nanalysis\n')).toBe(true);
    expect(updated).not.toContain('\nold\n');
    expect(updated).toContain('| direct | 1.00 ms |');
  });

  it('appends a section the page lacks', () => {
    const updated = replaceSection('# Benchmarks\n', EXAMPLE, 'body');

    expect(updated).toBe('# Benchmarks\n\n## Example\n\nbody\n');
  });
});

describe('replaceSummary', () => {
  it('collects goal lines from every section', () => {
    const section = renderResult(EXAMPLE, EXAMPLE_RESULT, STAMP);
    const page = `# B\n\n<!-- bench:summary:begin -->\n<!-- bench:summary:end -->\n\n${section}\n`;

    const updated = replaceSummary(page, [EXAMPLE]);

    expect(updated).toContain('| Example | direct p50 ≤ 2 ms | **MET** | 1.00 ms | 2026-01-02 |');
    expect(updated).toContain(section);
  });

  it('leaves a page without summary markers alone', () => {
    expect(replaceSummary('# B\n', [EXAMPLE])).toBe('# B\n');
  });
});

describe('renderResult', () => {
  it('records machine, command, date and verdicts', () => {
    const section = renderResult(EXAMPLE, EXAMPLE_RESULT, STAMP);

    expect(section).toContain('Test CPU (2 cores, 4 GiB)');
    expect(section).toContain('Node v20.0.0');
    expect(section).toContain('`pnpm bench example`');
    expect(section).toContain('2026-01-02T03:04:05.000Z');
    expect(section).toContain('- MET: direct p50 ≤ 2 ms (measured 1.00 ms)');
  });

  it('says what is missing instead of numbers', () => {
    const missing: BenchmarkResult = { status: 'missing', missing: 'createSession is not exported', tables: [], goals: [], notes: [] };

    expect(renderResult(EXAMPLE, missing, STAMP)).toContain('**Not measured:** createSession is not exported.');
  });
});

describe('percentile', () => {
  it.each([
    [50, 50],
    [99, 99],
    [100, 100],
    [1, 1],
  ])('p%d of 1..100 is %d', (p, expected) => {
    const values = Array.from({ length: 100 }, (_, index) => index + 1);

    expect(percentile(values, p)).toBe(expected);
  });

  it('rejects an empty sample set', () => {
    expect(() => percentile([], 50)).toThrow('percentile of an empty sample set');
  });

  it('summarizes unsorted samples', () => {
    const summary = summarize([3, 1, 2]);

    expect(summary.p50Ms).toBe(2);
    expect(summary.minMs).toBe(1);
    expect(summary.count).toBe(3);
  });
});

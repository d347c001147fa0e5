// Runs variants in alternation (A B C A B C ...) so that machine noise (a busy neighbour, a CPU
// frequency change, a GC pause) lands on every variant alike and the ratios between them stay fair.

import { performance } from 'node:perf_hooks';

export interface Variant {
  name: string;
  /** One timed operation. It may return a promise; the time then covers its settlement. */
  run: (iteration: number) => unknown;
  /** Untimed work before each operation, such as feeding the previous call's result. */
  prepare?: (iteration: number) => unknown;
}

export interface InterleaveOptions {
  /** Rounds run first and thrown away, so JIT compilation and caches settle. */
  warmupRounds: number;
  /** Rounds that are recorded. Every round runs each variant `perRound` times. */
  rounds: number;
  /** Consecutive operations of one variant per round; 1 gives strict A B A B alternation. */
  perRound?: number;
  /** Stops after the round in which this many milliseconds have passed since the first recorded round,
   *  so that a slow variant cannot stretch the run. At least one round is always recorded. */
  maxDurationMs?: number;
}

/** Latency samples in milliseconds, keyed by variant name. */
export type SampleSet = Map<string, number[]>;

export async function interleave(variants: readonly Variant[], options: InterleaveOptions): Promise<SampleSet> {
  const perRound = options.perRound ?? 1;
  const samples: SampleSet = new Map(variants.map((variant) => [variant.name, []]));
  let iteration = 0;
  let recordingSince = 0;

  for (let round = 0; round < options.warmupRounds + options.rounds; round++) {
    const recording = round >= options.warmupRounds;
    if (round === options.warmupRounds) recordingSince = performance.now();
    if (recording && round > options.warmupRounds && options.maxDurationMs !== undefined) {
      if (performance.now() - recordingSince > options.maxDurationMs) break;
    }

    // The starting variant rotates each round, so no variant always runs right after another one.
    for (let offset = 0; offset < variants.length; offset++) {
      const variant = variants[(round + offset) % variants.length] as Variant;
      const target = samples.get(variant.name) as number[];
      for (let repeat = 0; repeat < perRound; repeat++) {
        if (variant.prepare !== undefined) {
          const preparing = variant.prepare(iteration);
          if (preparing instanceof Promise) await preparing;
        }
        const started = performance.now();
        const pending = variant.run(iteration);
        if (pending instanceof Promise) await pending;
        const elapsed = performance.now() - started;
        if (recording) target.push(elapsed);
      }
    }
    iteration++;
  }

  return samples;
}

// Every benchmark `pnpm bench` runs, in the order the page lists them.

import type { Benchmark } from '../lib/types.js';
import { classifiersBenchmark } from './classifiers.js';
import { decisionBenchmark } from './decision.js';
import { memoryBenchmark } from './memory.js';
import { proxyHttpBenchmark } from './proxy-http.js';
import { proxyStdioBenchmark } from './proxy-stdio.js';
import { tokenizersBenchmark } from './tokenizers.js';

export const BENCHMARKS: readonly Benchmark[] = [tokenizersBenchmark, decisionBenchmark, proxyStdioBenchmark, proxyHttpBenchmark, classifiersBenchmark, memoryBenchmark];

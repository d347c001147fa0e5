// Child process of the memory benchmark (run with --expose-gc): feeds one session `total` calls spanning
// `tokens` tokens and prints heap and RSS, after a forced GC, at each checkpoint as one JSON line.

import { parseArgs } from 'node:util';
import { filesystemTools } from '../benchmarks/decision.js';
import { EXTRA_TOOLS, feedHistory, newSession } from './history.js';
import { benchmarkPolicy } from './policy-load.js';

export interface MemoryCheckpoint {
  calls: number;
  tokens: number;
  heapUsedBytes: number;
  rssBytes: number;
  facts: number;
  elapsedMs: number;
}

function forceGc(): void {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (gc === undefined) throw new Error('memory-worker needs node --expose-gc to force a collection before each reading');
  gc();
  gc();
}

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { total: { type: 'string' }, tokens: { type: 'string' }, checkpoints: { type: 'string' } } });
  const total = Number(values.total);
  const tokens = Number(values.tokens);
  const checkpoints = (values.checkpoints ?? '').split(',').map(Number).filter((value) => value > 0 && value <= total);
  if (!(total > 0) || !(tokens > 0) || checkpoints.length === 0) {
    throw new Error(`invalid arguments: --total ${values.total} --tokens ${values.tokens} --checkpoints ${values.checkpoints}; expected positive numbers`);
  }

  const { policy } = benchmarkPolicy();
  const tools = [...(await filesystemTools()), ...EXTRA_TOOLS];
  const session = newSession(policy, tools, 'memory');
  const tokensPerStep = Math.round(tokens / total);
  const started = performance.now();
  const readings: MemoryCheckpoint[] = [];
  let fed = 0;

  for (const checkpoint of checkpoints) {
    feedHistory(session, fed, checkpoint - fed, tokensPerStep);
    fed = checkpoint;
    forceGc();
    const usage = process.memoryUsage();
    readings.push({
      calls: fed,
      tokens: session.position(),
      heapUsedBytes: usage.heapUsed,
      rssBytes: usage.rss,
      facts: session.listFacts().length,
      elapsedMs: performance.now() - started,
    });
    process.stderr.write(`memory-worker: ${fed} calls\n`);
  }

  process.stdout.write(`${JSON.stringify(readings)}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`memory-worker failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exitCode = 1;
});

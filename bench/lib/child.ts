// Small helpers for benchmarks that run Node in a fresh process.

import { execFile } from 'node:child_process';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const execFileAsync = promisify(execFile);

/** The bench package's folder: child scripts resolve its dependencies from here. */
export const BENCH_DIR = dirname(dirname(fileURLToPath(import.meta.url)));

/** Runs an ES module given as text in a fresh `node` and parses the JSON it prints last. */
export async function runModuleScript<T>(script: string, nodeFlags: string[] = []): Promise<T> {
  const { stdout } = await execFileAsync(process.execPath, [...nodeFlags, '--input-type=module', '-e', script], {
    cwd: BENCH_DIR,
    maxBuffer: 16 * 1024 * 1024,
    timeout: 120_000,
  });
  const lastLine = stdout.trim().split('\n').at(-1) ?? '';
  try {
    return JSON.parse(lastLine) as T;
  } catch {
    throw new Error(`child script printed no JSON result; its output ended with: ${lastLine.slice(0, 200)}`);
  }
}

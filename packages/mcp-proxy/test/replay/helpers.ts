// Shared pieces of the replay tests: the case folders, an in-process replay of one file, and `lookout`
// run in-process with captured output.
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { fileURLToPath } from 'node:url';

import { defaultPolicy, loadPreset, readTranscriptFile } from '@lookout/core/node';

import type { CliIo } from '../../src/cli/command.js';
import { runLookout } from '../../src/cli/main.js';
import { compareWithExpectation, createSessionOpener, replayTranscript, type SessionReport } from '../../src/replay/index.js';

export const REPOSITORY_ROOT = fileURLToPath(new URL('../../../../', import.meta.url));
export const OWN_CASES = join(REPOSITORY_ROOT, 'cases');
/** The shared landmine cases beside the repository; absent on a plain clone. */
export const SHARED_CASES = join(REPOSITORY_ROOT, '..', 'shared', 'cases');
export const LOOKOUT_BIN = join(REPOSITORY_ROOT, 'packages', 'mcp-proxy', 'dist', 'cli', 'lookout.js');

/** Lists the `*.json` case files of a folder, sorted; none when the folder does not exist. */
export function caseFiles(folder: string): string[] {
  if (!existsSync(folder)) return [];
  return readdirSync(folder)
    .filter((name) => name.endsWith('.json'))
    .sort()
    .map((name) => join(folder, name));
}

/** Replays one file in-process on the default policy, comparing with its `expect` block when it has one. */
export async function replayFile(path: string): Promise<SessionReport> {
  const transcript = await readTranscriptFile(path);
  const report = replayTranscript(transcript, createSessionOpener({ policy: defaultPolicy(), loadPreset }));
  if (transcript.expect !== undefined) report.expect = compareWithExpectation(report, transcript.expect);
  return report;
}

export interface CapturedRun {
  exitCode: number;
  stdout: string;
  stderr: string;
}

class TextSink extends Writable {
  text = '';
  override _write(chunk: Buffer | string, _encoding: BufferEncoding, callback: (error?: Error | null) => void): void {
    this.text += chunk.toString();
    callback();
  }
}

export async function runLookoutInProcess(argv: string[], cwd: string): Promise<CapturedRun> {
  const stdout = new TextSink();
  const stderr = new TextSink();
  const io: CliIo = { stdout, stderr, env: {}, cwd };
  const exitCode = await runLookout(argv, io);
  return { exitCode, stdout: stdout.text, stderr: stderr.text };
}

// A replay run over many inputs: expands folders, converts each file, replays every session, compares
// with case expectations, and keeps going when one input cannot be read.
import { resolve } from 'node:path';

import { expandTranscriptPaths, readTranscriptFile, TranscriptError, type TranscriptFormat } from '@lookout/core/node';

import { ReplayPolicyError } from './engine.js';
import { compareWithExpectation } from './expect.js';
import { createProgressBar } from './progress.js';
import { replayTranscript } from './replay.js';
import type { InputFailure, OpenGuardSession, ReplayRunReport, SessionReport } from './types.js';

/** More files than this get a progress bar on a terminal. */
export const PROGRESS_MIN_FILES = 3;

export interface ReplayRunOptions {
  paths: string[];
  /** Folder that relative paths resolve against; reports name files as given. Default: the process's. */
  cwd?: string;
  format?: TranscriptFormat | 'auto';
  /** Compare each case with its `expect` block. */
  expect?: boolean;
  openSession: OpenGuardSession;
  /** Stream for the progress bar; no bar when absent. */
  progress?: NodeJS.WritableStream;
}

export async function runReplay(options: ReplayRunOptions): Promise<ReplayRunReport> {
  const cwd = options.cwd ?? process.cwd();
  const files = await expandTranscriptPaths(options.paths, cwd);
  const sessions: SessionReport[] = [];
  const failures: InputFailure[] = [];
  const bar = options.progress !== undefined && files.length > PROGRESS_MIN_FILES ? createProgressBar(options.progress, files.length) : undefined;

  for (const [index, file] of files.entries()) {
    bar?.update(index, file);
    try {
      const transcript = await readTranscriptFile(resolve(cwd, file), { file, format: options.format ?? 'auto' });
      const report = replayTranscript(transcript, options.openSession);
      if (options.expect === true && transcript.expect !== undefined) report.expect = compareWithExpectation(report, transcript.expect);
      sessions.push(report);
    } catch (error) {
      failures.push(describeFailure(file, error));
    }
  }
  bar?.finish();

  return {
    version: 1,
    sessions,
    failures,
    totals: {
      files: files.length,
      sessions: sessions.length,
      calls: sum(sessions, (session) => session.counts.calls),
      intercepted: sum(sessions, (session) => session.intercepted.length),
      mismatches: sum(sessions, (session) => session.expect?.mismatches.length ?? 0),
      failures: failures.length,
    },
  };
}

function describeFailure(file: string, error: unknown): InputFailure {
  if (error instanceof TranscriptError) return { file, code: error.code, message: error.message };
  if (error instanceof ReplayPolicyError) return { file, code: error.code, message: `${file}: the case's inline policy does not load: ${error.message}` };
  // Anything else is a fault in replay or the engine; it is reported with the file rather than ending the run.
  const message = error instanceof Error ? error.message : String(error);
  return { file, code: 'LOOKOUT_REPLAY_FAILED', message: `${file}: replay failed: ${message}` };
}

function sum<T>(items: T[], value: (item: T) => number): number {
  return items.reduce((total, item) => total + value(item), 0);
}

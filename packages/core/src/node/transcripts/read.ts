// Reading transcript files and expanding folders into the files they hold.
import { readdir, readFile, stat } from 'node:fs/promises';
import { extname, join, resolve } from 'node:path';

import { TranscriptError } from './errors.js';
import { parseTranscript, type ParseTranscriptOptions } from './parse.js';
import type { Transcript } from './types.js';

const TRANSCRIPT_EXTENSIONS = new Set(['.json', '.jsonl']);

/** Reads and converts one file; `file` in the options defaults to `path`. */
export async function readTranscriptFile(path: string, options: Partial<ParseTranscriptOptions> = {}): Promise<Transcript> {
  const file = options.file ?? path;
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new TranscriptError('LOOKOUT_TRANSCRIPT_READ_FAILED', file, {}, `could not read the file (${reason}).`, { cause: error });
  }
  return parseTranscript(text, { file, ...(options.format === undefined ? {} : { format: options.format }) });
}

/**
 * Expands each path: a folder becomes its `*.json` and `*.jsonl` files (not recursive), sorted by name;
 * a file stays as given. A path that does not exist stays too, so reading it reports the error in order.
 * Relative paths are looked up against `cwd` and returned as given.
 */
export async function expandTranscriptPaths(paths: string[], cwd: string = process.cwd()): Promise<string[]> {
  const expanded: string[] = [];
  for (const path of paths) {
    const info = await stat(resolve(cwd, path)).catch(() => undefined);
    if (info?.isDirectory() !== true) {
      expanded.push(path);
      continue;
    }

    const names = (await readdir(resolve(cwd, path))).filter((name) => TRANSCRIPT_EXTENSIONS.has(extname(name).toLowerCase())).sort();
    expanded.push(...names.map((name) => join(path, name)));
  }
  return expanded;
}

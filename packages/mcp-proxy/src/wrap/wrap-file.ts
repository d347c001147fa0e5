// Wraps and unwraps a configuration file on disk: a byte-for-byte backup next to it, atomic writes, and
// unified diffs for --dry-run.
import { chmod, copyFile, readFile, realpath, rename, stat, unlink, writeFile } from 'node:fs/promises';

import { createTwoFilesPatch } from 'diff';

import { listServerNames, listWrappedServers, wrapConfigText, type WrapResult } from './config.js';
import type { ProxyLaunch } from './servers.js';

export const BACKUP_SUFFIX = '.lookout-backup';

export type WrapErrorCode = 'LOOKOUT_WRAP_NOT_FOUND' | 'LOOKOUT_WRAP_NO_BACKUP' | 'LOOKOUT_WRAP_UNDO_DROPS_SERVERS';

export class WrapError extends Error {
  readonly code: WrapErrorCode;

  constructor(code: WrapErrorCode, message: string) {
    super(message);
    this.name = 'WrapError';
    this.code = code;
  }
}

export interface WrapFileReport {
  result: WrapResult;
  /** Unified diff from the current file to the wrapped one; empty when nothing changes. */
  diff: string;
  /** Set when the file was written: where the original is kept. */
  backupPath?: string;
  /** False when an earlier wrap's backup was kept because the file still has wrapped servers. */
  backupWritten: boolean;
}

export function backupPathOf(configPath: string): string {
  return `${configPath}${BACKUP_SUFFIX}`;
}

/** Wraps the file's servers; with `dryRun`, computes the diff and writes nothing. */
export async function wrapConfigFile(configPath: string, launch: ProxyLaunch, dryRun: boolean): Promise<WrapFileReport> {
  const target = await resolveExisting(configPath);
  const original = await readFile(target, 'utf8');
  const result = wrapConfigText(original, configPath, launch);
  const diff = result.changed ? createTwoFilesPatch(configPath, configPath, original, result.text, 'original', 'wrapped') : '';

  if (dryRun || !result.changed) return { result, diff, backupWritten: false };

  // A backup left by an earlier wrap is the file as it was before any wrapping, so it is kept while
  // servers are still wrapped. When none is, the user has unwrapped by hand and the backup is stale.
  const backupPath = backupPathOf(target);
  const keepBackup = (await exists(backupPath)) && listWrappedServers(original, configPath).length > 0;
  if (!keepBackup) await copyFile(target, backupPath);

  await writeAtomically(target, result.text);
  return { result, diff, backupPath, backupWritten: !keepBackup };
}

export interface UndoReport {
  backupPath: string;
  /** Unified diff from the current file to the restored one. */
  diff: string;
  /** Servers in the current file that the backup lacks; restoring drops them. */
  droppedServers: string[];
}

/**
 * Restores the backup byte for byte and removes it. Servers added after the wrap would be lost, so undo
 * stops with an error naming them unless `force` is set.
 */
export async function undoWrapFile(configPath: string, options: { dryRun: boolean; force: boolean }): Promise<UndoReport> {
  const target = await resolveExisting(configPath);
  const backupPath = backupPathOf(target);
  if (!(await exists(backupPath))) {
    throw new WrapError(
      'LOOKOUT_WRAP_NO_BACKUP',
      `no backup found at ${backupPath}, so there is nothing to undo. Was ${configPath} wrapped by "lookout wrap"?`,
    );
  }

  const current = await readFile(target, 'utf8');
  const backup = await readFile(backupPath, 'utf8');
  const backupServers = new Set(listServerNames(backup, configPath));
  const droppedServers = listServerNames(current, configPath).filter((server) => !backupServers.has(server));
  const diff = current === backup ? '' : createTwoFilesPatch(configPath, configPath, current, backup, 'wrapped', 'restored');
  const report = { backupPath, diff, droppedServers };

  if (droppedServers.length > 0 && !options.force && !options.dryRun) {
    throw new WrapError(
      'LOOKOUT_WRAP_UNDO_DROPS_SERVERS',
      `restoring ${backupPath} would drop servers added after the wrap: ${droppedServers.join(', ')}. ` +
        'Copy their entries somewhere first, then run again with --force.',
    );
  }
  if (options.dryRun) return report;

  await writeAtomically(target, await readFile(backupPath));
  await unlink(backupPath);
  return report;
}

/** Follows symlinks so a linked dotfile stays a link, and turns a missing file into a clear error. */
async function resolveExisting(configPath: string): Promise<string> {
  try {
    return await realpath(configPath);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    throw new WrapError('LOOKOUT_WRAP_NOT_FOUND', `configuration file not found: ${configPath}. Pass the path of an existing client configuration.`);
  }
}

/** Writes through a temporary file and a rename, so a crash never leaves a half-written configuration. */
async function writeAtomically(target: string, contents: string | Buffer): Promise<void> {
  const { mode } = await stat(target);
  const temporary = `${target}.lookout-tmp-${process.pid}`;
  await writeFile(temporary, contents);
  await chmod(temporary, mode);
  await rename(temporary, target);
}

async function exists(path: string): Promise<boolean> {
  try {
    await stat(path);
    return true;
  } catch {
    return false;
  }
}

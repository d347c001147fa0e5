// Builds the guard of `lookout-mcp` from its options: the policy (a file or the coding-agent preset), one
// journal file shared by every client session, and the session context the classifiers resolve paths in.
import { mkdirSync, statSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, isAbsolute, resolve } from 'node:path';

import { createSession, type ResolvedPolicy, type SessionContext } from '@lookout/core';
import { DEFAULT_JOURNAL_PATH, createJournalWriter, defaultPolicy, expandHome, formatPolicyError, loadPolicyFile } from '@lookout/core/node';
import pino, { type DestinationStream, type Logger } from 'pino';

import type { ProxyGuardFactory } from '../proxy/guard.js';
import { LookoutGuard, type JournalSink } from './lookout-guard.js';

export interface GuardSetupOptions {
  policyPath: string | undefined;
  journalPath: string | undefined;
  agentTools: boolean;
  /** The working directory the upstream server runs in. */
  cwd: string;
  /** The upstream command's arguments; existing folders among them are the server's roots. */
  upstreamArgs: string[];
  logger: Logger;
}

export type GuardSetup = { ok: true; factory: ProxyGuardFactory; policy: ResolvedPolicy; journalPath: string } | { ok: false; message: string };

/** Loads the policy and opens the journal; an invalid policy comes back as a message (exit code 2). */
export function setUpGuard(options: GuardSetupOptions): GuardSetup {
  const policy = readPolicy(options.policyPath, options.cwd);
  if (!policy.ok) return policy;

  const journalPath = expandHome(options.journalPath ?? policy.policy.journal.path ?? DEFAULT_JOURNAL_PATH);
  const destination = openJournal(resolve(options.cwd, journalPath));
  const context = sessionContext(options.cwd, options.upstreamArgs);
  options.logger.info({ journal: journalPath, policy: policy.policy.sources, mode: policy.policy.mode }, 'guard ready');

  let sessions = 0;
  const factory: ProxyGuardFactory = (guardContext) => {
    sessions += 1;
    const id = `${guardContext.session}-${process.pid}-${sessions}`;
    const session = createSession({ policy: policy.policy, context, id });
    const writer = createJournalWriter({ destination, sessionId: id, redact: policy.policy.journal.redact });
    const journal: JournalSink = { write: (_sessionId, entries) => writer.writeAll(entries) };
    return new LookoutGuard({ session, journal, context: guardContext, agentTools: options.agentTools, autoInvestigate: policy.policy.investigations.auto });
  };
  return { ok: true, factory, policy: policy.policy, journalPath };
}

function readPolicy(path: string | undefined, cwd: string): { ok: true; policy: ResolvedPolicy } | { ok: false; message: string } {
  if (path === undefined) {
    try {
      return { ok: true, policy: defaultPolicy() };
    } catch (error) {
      return { ok: false, message: String(error instanceof Error ? error.message : error) };
    }
  }

  const loaded = loadPolicyFile(resolve(cwd, expandHome(path)));
  if (loaded.ok) return { ok: true, policy: loaded.policy };
  return { ok: false, message: `invalid --policy:\n${loaded.errors.map((error) => `  ${formatPolicyError(error)}`).join('\n')}` };
}

function openJournal(path: string): DestinationStream {
  mkdirSync(dirname(path), { recursive: true });
  // Synchronous writes: a near miss must be on disk even if the proxy is killed right after the hold.
  return pino.destination({ dest: path, sync: true, append: true });
}

function sessionContext(cwd: string, upstreamArgs: string[]): SessionContext {
  const roots = upstreamArgs
    .filter((arg) => !arg.startsWith('-'))
    .map((arg) => (isAbsolute(arg) ? arg : resolve(cwd, arg)))
    .filter((path) => isDirectory(path));
  return { cwd, home: homedir(), ...(roots.length > 0 ? { roots } : {}) };
}

function isDirectory(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}

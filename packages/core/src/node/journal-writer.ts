// The journal writer: near-miss records as JSON lines through pino, `{ v: 1, time, session, event, … }`.
// Secrets are redacted twice. pino's `redact` covers the argument names the policy lists, and a scan of
// every value replaces secret-looking text (keys, tokens, passwords in URLs and command lines).
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { homedir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import type { DestinationStream, Logger } from 'pino';

import { JOURNAL_VERSION } from '../types.js';
import type { JournalEntry } from '../types.js';
import { redactSecrets } from '../redact.js';

/** Where the journal goes when the policy and the command line say nothing. */
export const DEFAULT_JOURNAL_PATH = join(homedir(), '.local', 'state', 'lookout', 'journal.jsonl');

export interface JournalWriterOptions {
  /** A file to append to (created with its folders); `~` expands. Ignored when `destination` is set. */
  path?: string;
  /** A stream to write to instead of a file (a pino transport, a test's stream). */
  destination?: DestinationStream;
  sessionId: string;
  /** Extra argument names whose values are always replaced (the policy's `journal.redact`). */
  redact?: string[];
  /** Write each line before `write` returns. Default true: a crash must not lose the last near miss. */
  sync?: boolean;
}

export interface JournalWriter {
  write(entry: JournalEntry): void;
  writeAll(entries: JournalEntry[]): void;
  /** Flushes buffered lines (only needed with `sync: false`). */
  flush(): void;
}

/** Creates a writer bound to one session. */
export function createJournalWriter(options: JournalWriterOptions): JournalWriter {
  const extraNames = options.redact ?? [];
  const logger: Logger = pino(
    {
      base: { v: JOURNAL_VERSION, session: options.sessionId },
      // pino writes the timestamp right after the level and expects it to start with a comma. The level is
      // left out (below), so the time comes first and must not start with one.
      timestamp: () => `"time":"${new Date().toISOString()}"`,
      messageKey: 'message',
      formatters: {
        // Journal lines carry no log level: every line is a record, not a message of some severity.
        level: () => ({}),
        log: (record) => redactSecrets(record, extraNames),
      },
      redact: {
        paths: extraNames.flatMap((name) => [`arguments.${safeKey(name)}`, `arguments.*.${safeKey(name)}`]),
        censor: '[redacted]',
      },
    },
    options.destination ?? fileDestination(options.path ?? DEFAULT_JOURNAL_PATH, options.sync ?? true),
  );

  return {
    write(entry) {
      logger.info(entry);
    },
    writeAll(entries) {
      for (const entry of entries) logger.info(entry);
    },
    flush() {
      logger.flush();
    },
  };
}

function fileDestination(path: string, sync: boolean): DestinationStream {
  const file = path === '~' || path.startsWith('~/') ? `${homedir()}${path.slice(1)}` : path;
  mkdirSync(dirname(file), { recursive: true });
  return pino.destination({ dest: file, sync, append: true });
}

/** Quotes a key for a pino redact path when it is not a plain identifier. */
function safeKey(name: string): string {
  return /^[A-Za-z_$][\w$]*$/.test(name) ? name : `["${name.replace(/"/g, '\\"')}"]`;
}

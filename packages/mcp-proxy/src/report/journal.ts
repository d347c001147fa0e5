// Reads a near-miss journal (JSON lines written by the journal writer) into typed records. A line that
// is not a valid record is counted with its line number and skipped, so one torn write at the end of a
// journal does not hide the rest of it.
import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';

import { JOURNAL_VERSION, OUTCOMES, RISK_LEVELS, TARGET_KINDS } from '@lookout/core';
import { z } from 'zod';

const TargetSchema = z.object({ kind: z.enum(TARGET_KINDS), id: z.string(), glob: z.boolean().optional() });

const RecordBaseSchema = z.object({
  v: z.literal(JOURNAL_VERSION),
  time: z.string().refine((time) => !Number.isNaN(Date.parse(time)), 'expected an ISO 8601 date and time'),
  session: z.string().min(1),
});

const InterceptRecordSchema = RecordBaseSchema.extend({
  event: z.literal('intercept'),
  id: z.string().min(1),
  tool: z.string().min(1),
  server: z.string().optional(),
  decision: z.enum(['hold', 'deny', 'ask']),
  reasons: z.array(z.enum(['reminder', 'investigation', 'deny', 'ask'])),
  modes: z.array(z.union([z.literal(1), z.literal(2), z.literal(3)])),
  facts: z
    .array(z.object({ id: z.string(), text: z.string(), tokensSinceSeen: z.number().nonnegative().nullable() }))
    .default([]),
  targets: z.array(TargetSchema).default([]),
  missing: z
    .array(z.object({ target: TargetSchema, effects: z.array(z.string()), why: z.string() }))
    .default([]),
  effects: z.array(z.string()).default([]),
  level: z.enum(RISK_LEVELS).optional(),
  logOnly: z.boolean().optional(),
  ruleId: z.string().optional(),
});

const OutcomeRecordSchema = RecordBaseSchema.extend({
  event: z.literal('outcome'),
  ref: z.string().min(1),
  outcome: z.enum(OUTCOMES),
  by: z.string().optional(),
});

const CheckRecordSchema = RecordBaseSchema.extend({
  event: z.literal('check'),
  id: z.string().min(1),
  tool: z.string().min(1),
  targets: z.array(TargetSchema).default([]),
  found: z.string(),
});

const UpstreamRecordSchema = RecordBaseSchema.extend({
  event: z.literal('upstream'),
  status: z.enum(['exited', 'restarted', 'timed_out', 'crashed']),
  server: z.string(),
  detail: z.string().optional(),
});

/** One journal line as the report reads it; fields the report does not use (pino's `level`, `pid`) are dropped. */
export const JournalRecordSchema = z.discriminatedUnion('event', [
  InterceptRecordSchema,
  OutcomeRecordSchema,
  CheckRecordSchema,
  UpstreamRecordSchema,
]);

export type JournalRecord = z.output<typeof JournalRecordSchema>;
export type InterceptRecord = z.output<typeof InterceptRecordSchema>;
export type OutcomeRecord = z.output<typeof OutcomeRecordSchema>;
export type CheckRecord = z.output<typeof CheckRecordSchema>;
export type UpstreamRecord = z.output<typeof UpstreamRecordSchema>;

/** A line that could not be read as a record, with its 1-based line number. */
export interface BadLine {
  line: number;
  error: string;
}

export interface JournalContents {
  records: JournalRecord[];
  /** Non-empty lines in the file, good and bad. */
  lineCount: number;
  badLines: BadLine[];
}

/** Reads a journal file line by line; rejects only when the file itself cannot be read. */
export async function readJournalFile(path: string): Promise<JournalContents> {
  const lines = createInterface({ input: createReadStream(path, { encoding: 'utf8' }), crlfDelay: Infinity });
  const contents: JournalContents = { records: [], lineCount: 0, badLines: [] };

  let lineNumber = 0;
  for await (const line of lines) {
    lineNumber += 1;
    addJournalLine(contents, line, lineNumber);
  }
  return contents;
}

/** Parses journal text already in memory; the same rules as `readJournalFile`. */
export function parseJournalText(text: string): JournalContents {
  const contents: JournalContents = { records: [], lineCount: 0, badLines: [] };
  text.split(/\r?\n/).forEach((line, index) => addJournalLine(contents, line, index + 1));
  return contents;
}

function addJournalLine(contents: JournalContents, line: string, lineNumber: number): void {
  if (line.trim() === '') return;
  contents.lineCount += 1;

  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch (error) {
    contents.badLines.push({ line: lineNumber, error: `invalid JSON: ${(error as Error).message}` });
    return;
  }

  const parsed = JournalRecordSchema.safeParse(value);
  if (!parsed.success) {
    contents.badLines.push({ line: lineNumber, error: describeRecordIssue(parsed.error) });
    return;
  }
  contents.records.push(parsed.data);
}

function describeRecordIssue(error: z.ZodError): string {
  const issue = error.issues[0];
  if (issue === undefined) return 'not a journal record';

  const path = issue.path.join('.');
  if (path === 'v') return `unsupported record version (this report reads v: ${JOURNAL_VERSION})`;
  return path === '' ? issue.message : `${path}: ${issue.message}`;
}

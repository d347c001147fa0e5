// The shape of one journal line, as a zod schema: the source of `schemas/journal-record.schema.json` and
// the check that every record the engine writes is well formed.
import { z } from 'zod';

import { OUTCOMES, RISK_LEVELS, TARGET_KINDS } from './types.js';

const TargetSchema = z.object({ kind: z.enum(TARGET_KINDS), id: z.string(), glob: z.boolean().optional() }).strict();
const ModeSchema = z.union([z.literal(1), z.literal(2), z.literal(3)]);

const envelope = {
  v: z.literal(1).describe('Record format version.'),
  time: z.iso.datetime({ offset: true }).describe('When the record was written, ISO 8601.'),
  session: z.string().describe('The session id.'),
};

export const InterceptRecordSchema = z
  .object({
    ...envelope,
    event: z.literal('intercept'),
    id: z.string().describe('The tool call id.'),
    tool: z.string(),
    server: z.string().optional(),
    decision: z.enum(['hold', 'deny', 'ask']),
    reasons: z.array(z.enum(['reminder', 'investigation', 'deny', 'ask'])),
    modes: z.array(ModeSchema).describe('Failure modes the guard suspects: 1 lost the plot, 2 did not look, 3 chose wrong.'),
    facts: z.array(z.object({ id: z.string(), text: z.string(), tokensSinceSeen: z.number().int().nonnegative().nullable() }).strict()),
    targets: z.array(TargetSchema),
    missing: z.array(
      z
        .object({ target: TargetSchema, effects: z.array(z.string()), why: z.enum(['never', 'stale', 'invalidated', 'failed_step', 'condition']) })
        .strict(),
    ),
    effects: z.array(z.string()),
    level: z.enum(RISK_LEVELS),
    logOnly: z.boolean().optional(),
    ruleId: z.string().optional(),
    digest: z.string().optional(),
    arguments: z.record(z.string(), z.unknown()).optional(),
    sameIntentAs: z.string().optional(),
  })
  .strict();

export const OutcomeRecordSchema = z
  .object({
    ...envelope,
    event: z.literal('outcome'),
    ref: z.string().describe('The id of the intercepted call.'),
    outcome: z.enum(OUTCOMES),
    by: z.string().optional(),
    modes: z.array(ModeSchema).optional(),
  })
  .strict();

export const CheckRecordSchema = z
  .object({ ...envelope, event: z.literal('check'), id: z.string(), tool: z.string(), targets: z.array(TargetSchema), found: z.string() })
  .strict();

export const UpstreamRecordSchema = z
  .object({
    ...envelope,
    event: z.literal('upstream'),
    status: z.enum(['exited', 'restarted', 'timed_out', 'crashed']),
    server: z.string(),
    detail: z.string().optional(),
  })
  .strict();

export const JournalRecordSchema = z
  .discriminatedUnion('event', [InterceptRecordSchema, OutcomeRecordSchema, CheckRecordSchema, UpstreamRecordSchema])
  .describe('One line of the Lookout near-miss journal.');

export type JournalRecord = z.infer<typeof JournalRecordSchema>;

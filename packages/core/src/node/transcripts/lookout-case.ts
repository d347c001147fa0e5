// Landmine case files (`format: "lookout-case/1"`): a recorded session in the Anthropic Messages shape with
// the tools it had, an optional inline policy, the shell's working directory and the expected decisions.
import { z } from 'zod';

import { PolicySchema, type PolicyInput } from '../../policy-schema.js';
import type { ToolDefinition } from '../../types.js';

import { TranscriptError } from './errors.js';
import { MessageConverter } from './messages.js';
import { convertMessageList, describeZodIssue } from './anthropic.js';
import { emptySkipped, type Transcript } from './types.js';

export const CASE_FORMAT = 'lookout-case/1';

// POSIX paths, Windows drive paths (either separator) and UNC paths.
const ABSOLUTE_PATH = /^(\/|[A-Za-z]:[\\/]|\\\\)/;

const ToolSchema = z
  .object({
    name: z.string().min(1),
    description: z.string().optional(),
    inputSchema: z.record(z.string(), z.unknown()).optional(),
    annotations: z
      .object({
        title: z.string().optional(),
        readOnlyHint: z.boolean().optional(),
        destructiveHint: z.boolean().optional(),
        idempotentHint: z.boolean().optional(),
        openWorldHint: z.boolean().optional(),
      })
      .optional(),
  })
  .loose();

const ReasonSchema = z.enum(['reminder', 'investigation', 'deny', 'ask']);

export const CaseFileSchema = z
  .object({
    format: z.literal(CASE_FORMAT),
    id: z.string().regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, 'Use a kebab-case id such as "fs-rm-unlisted-docs".'),
    summary: z.string().optional(),
    modes: z.array(z.number().int().min(1).max(3)).default([]),
    tools: z.array(ToolSchema).default([]),
    policy: PolicySchema.nullable().default(null),
    cwd: z.string().regex(ABSOLUTE_PATH, 'The cwd must be an absolute path (/home/dev/app or C:\\Users\\dev\\app).').optional(),
    transcript: z.array(z.unknown()),
    expect: z
      .object({
        hold: z.array(z.string()).default([]),
        allow: z.array(z.string()).default([]),
        reasons: z.record(z.string(), z.array(ReasonSchema)).default({}),
      })
      .strict()
      .optional(),
  })
  .loose();

/** Converts a parsed case file; `value` is the file's JSON. */
export function convertCase(value: unknown, file: string): Transcript {
  const parsed = CaseFileSchema.safeParse(value);
  if (!parsed.success) {
    throw new TranscriptError('LOOKOUT_TRANSCRIPT_INVALID', file, {}, `not a valid ${CASE_FORMAT} case: ${describeZodIssue(parsed.error)}.`);
  }

  const data = parsed.data;
  const tools: ToolDefinition[] = data.tools.map((tool) => ({
    name: tool.name,
    ...(tool.description === undefined ? {} : { description: tool.description }),
    ...(tool.inputSchema === undefined ? {} : { inputSchema: tool.inputSchema }),
    ...(tool.annotations === undefined ? {} : { annotations: tool.annotations }),
  }));

  const converter = new MessageConverter({ file, tools: new Map(tools.map((tool) => [tool.name, tool])), contextSummaryMarker: true });
  convertMessageList(data.transcript, converter, file, { allowSystem: true });

  // The raw inline policy, not the parsed one, so the engine applies its own defaults to what the case wrote.
  const rawPolicy = (value as { policy?: PolicyInput | null }).policy ?? null;

  return {
    file,
    format: 'lookout-case',
    id: data.id,
    ...(data.summary === undefined ? {} : { summary: data.summary }),
    modes: data.modes,
    tools,
    policy: rawPolicy,
    context: data.cwd === undefined ? {} : { cwd: data.cwd },
    steps: converter.steps,
    ...(data.expect === undefined ? {} : { expect: data.expect }),
    skipped: emptySkipped(),
  };
}

/** True for anything that declares itself a case file, of any version. */
export function looksLikeCase(value: unknown): boolean {
  return typeof value === 'object' && value !== null && typeof (value as { format?: unknown }).format === 'string' && (value as { format: string }).format.startsWith('lookout-case/');
}

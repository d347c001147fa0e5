// Validation of inbound events. The engine never trusts its caller's shapes: an event that fails here
// becomes a typed error result, never an exception.
import { z } from 'zod';

import type { EngineError, SessionEvent } from './types.js';

const tokens = z.number().int().nonnegative().optional();

const ToolDefinitionSchema = z
  .object({
    name: z.string(),
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
      .loose()
      .optional(),
  })
  .loose();

const FACT_SOURCES = ['policy', 'user', 'system', 'tool_result', 'agent_note', 'prompt', 'resource'] as const;

const EVENT_SCHEMAS = {
  message: z.object({ type: z.literal('message'), role: z.enum(['system', 'user', 'assistant']), text: z.string(), tokens }),
  tool_call: z.object({
    type: z.literal('tool_call'),
    id: z.string().min(1),
    server: z.string().optional(),
    tool: z.string().min(1),
    arguments: z.unknown(),
    definition: ToolDefinitionSchema.optional(),
    tokens,
    origin: z.enum(['agent', 'guard']).optional(),
  }),
  tool_result: z.object({ type: z.literal('tool_result'), id: z.string().min(1), text: z.string(), isError: z.boolean(), tokens }),
  compaction: z.object({ type: z.literal('compaction'), summary: z.string().optional(), tokens }),
  prompt: z.object({ type: z.literal('prompt'), name: z.string(), text: z.string(), tokens }),
  resource: z.object({ type: z.literal('resource'), uri: z.string(), text: z.string(), tokens }),
  note: z.object({ type: z.literal('note'), kind: z.enum(['goal', 'safety']), text: z.string().min(1), source: z.enum(FACT_SOURCES) }),
  reminder: z.object({ type: z.literal('reminder'), factIds: z.array(z.string()), tokens }),
  approval: z.object({ type: z.literal('approval'), id: z.string().min(1), digest: z.string().min(1), approved: z.boolean() }),
  end: z.object({ type: z.literal('end') }),
} as const;

export const EVENT_TYPES = Object.keys(EVENT_SCHEMAS) as Array<SessionEvent['type']>;

export type ParsedEvent = { ok: true; event: SessionEvent } | { ok: false; error: EngineError };

export { ToolDefinitionSchema };

/** Validates an event of unknown shape. */
export function parseEvent(input: unknown): ParsedEvent {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) {
    return fail('LOOKOUT_INVALID_EVENT', `An event must be an object with a \`type\`; received ${describe(input)}.`);
  }
  const type = (input as { type?: unknown }).type;
  if (typeof type !== 'string') {
    return fail('LOOKOUT_INVALID_EVENT', `The event has no string \`type\`; use one of ${EVENT_TYPES.join(', ')}.`, 'type');
  }
  if (!Object.hasOwn(EVENT_SCHEMAS, type)) {
    return fail('LOOKOUT_UNKNOWN_EVENT', `Unknown event type "${type}"; use one of ${EVENT_TYPES.join(', ')}.`, 'type');
  }

  const parsed = EVENT_SCHEMAS[type as keyof typeof EVENT_SCHEMAS].safeParse(input);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const path = issue?.path.map(String).join('.') ?? '';
    const detail = issue === undefined ? 'invalid' : issue.message;
    return fail('LOOKOUT_INVALID_EVENT', `Invalid ${type} event at \`${path || type}\`: ${detail}.`, path || undefined);
  }
  return { ok: true, event: parsed.data as SessionEvent };
}

/**
 * Parses tool-call arguments: an object as is, a JSON text holding an object, or nothing (an empty object).
 * Anything else is invalid: MCP tool arguments are always an object.
 */
export function parseArguments(value: unknown): { ok: true; args: Record<string, unknown> } | { ok: false; error: EngineError } {
  if (value === undefined || value === null) return { ok: true, args: {} };
  let parsed = value;
  if (typeof value === 'string') {
    if (value.trim() === '') return { ok: true, args: {} };
    try {
      parsed = JSON.parse(value);
    } catch (error) {
      return fail('LOOKOUT_INVALID_ARGUMENTS', `The tool call's arguments are not valid JSON (${(error as Error).message}); send an object or a JSON text of one.`, 'arguments');
    }
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    return fail('LOOKOUT_INVALID_ARGUMENTS', `The tool call's arguments must be an object; received ${describe(parsed)}.`, 'arguments');
  }
  return { ok: true, args: parsed as Record<string, unknown> };
}

function fail(code: EngineError['code'], message: string, path?: string): { ok: false; error: EngineError } {
  return { ok: false, error: { code, message, ...(path === undefined ? {} : { path }) } };
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  return `a ${typeof value}`;
}

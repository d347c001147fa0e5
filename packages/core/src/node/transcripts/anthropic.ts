// Plain Anthropic Messages API conversations: a JSON list of messages, or an object with `messages` and
// the optional `system` prompt and `tools` of the request.
import { z } from 'zod';

import type { ToolDefinition } from '../../types.js';

import { TranscriptError } from './errors.js';
import { flattenResultContent, isRecord, MessageConverter, describe } from './messages.js';
import { emptySkipped, type Transcript } from './types.js';

const AnthropicToolSchema = z
  .object({
    name: z.string().min(1),
    description: z.string().optional(),
    input_schema: z.record(z.string(), z.unknown()).optional(),
    inputSchema: z.record(z.string(), z.unknown()).optional(),
  })
  .loose();

const ConversationSchema = z
  .object({
    messages: z.array(z.unknown()),
    system: z.union([z.string(), z.array(z.unknown())]).optional(),
    tools: z.array(AnthropicToolSchema).optional(),
  })
  .loose();

/** Converts a parsed conversation; `value` is the file's JSON. */
export function convertAnthropic(value: unknown, file: string, id: string): Transcript {
  const parsed = ConversationSchema.safeParse(Array.isArray(value) ? { messages: value } : value);
  if (!parsed.success) {
    throw new TranscriptError('LOOKOUT_TRANSCRIPT_INVALID', file, {}, `not a valid Anthropic Messages conversation: ${describeZodIssue(parsed.error)}.`);
  }

  // Anthropic tools carry `input_schema`; MCP-shaped ones (`inputSchema`, annotations) are kept as they are.
  const tools: ToolDefinition[] = (parsed.data.tools ?? []).map((tool) => {
    const inputSchema = tool.input_schema ?? tool.inputSchema;
    const annotations = isRecord(tool.annotations) ? (tool.annotations as ToolDefinition['annotations']) : undefined;
    return {
      name: tool.name,
      ...(tool.description === undefined ? {} : { description: tool.description }),
      ...(inputSchema === undefined ? {} : { inputSchema }),
      ...(annotations === undefined ? {} : { annotations }),
    };
  });

  const converter = new MessageConverter({ file, tools: new Map(tools.map((tool) => [tool.name, tool])), contextSummaryMarker: true });
  const system = parsed.data.system;
  if (system !== undefined) {
    converter.addMessage('system', typeof system === 'string' ? system : flattenResultContent(system), {});
  }
  convertMessageList(parsed.data.messages, converter, file, { allowSystem: system === undefined });

  return { file, format: 'anthropic', id, tools, context: {}, steps: converter.steps, skipped: emptySkipped() };
}

/** True for a list of messages or an object with a `messages` list. */
export function looksLikeConversation(value: unknown): boolean {
  const messages = Array.isArray(value) ? value : isRecord(value) ? value.messages : undefined;
  return Array.isArray(messages) && messages.every((message) => isRecord(message) && typeof message.role === 'string');
}

/** Feeds every message to the converter; message indexes in errors are positions in `messages`. */
export function convertMessageList(messages: unknown[], converter: MessageConverter, file: string, options: { allowSystem: boolean }): void {
  messages.forEach((message, index) => {
    const at = { message: index };
    if (!isRecord(message)) {
      throw new TranscriptError('LOOKOUT_TRANSCRIPT_INVALID', file, at, `each message must be an object with "role" and "content", got ${describe(message)}.`);
    }

    const role = message.role;
    const allowed = options.allowSystem ? ['system', 'user', 'assistant'] : ['user', 'assistant'];
    if (typeof role !== 'string' || !allowed.includes(role)) {
      throw new TranscriptError('LOOKOUT_TRANSCRIPT_INVALID', file, at, `"role" must be one of ${allowed.join(', ')}, got ${JSON.stringify(role)}.`);
    }

    converter.addMessage(role as 'system' | 'user' | 'assistant', message.content, at);
  });
}

/** Describes the first zod issue as `path.to.field: message`. */
export function describeZodIssue(error: z.ZodError): string {
  const issue = error.issues[0];
  if (issue === undefined) return 'the content does not match the expected shape';
  const path = issue.path.length === 0 ? '(top level)' : issue.path.map(String).join('.');
  return `${path}: ${issue.message.replace(/\.$/, '')}`;
}

// Anthropic Messages content → engine events. Shared by the three formats: a case's transcript and a
// plain conversation are lists of these messages, and each Claude Code entry carries one.
import type { SessionEvent, ToolDefinition } from '../../types.js';

import { TranscriptError } from './errors.js';
import type { TranscriptLocation, TranscriptStep } from './types.js';

/** A user message whose text starts with this marks a compaction in case files: the text is the summary. */
export const CONTEXT_SUMMARY_MARKER = '[context summary]';

/** A tool call as the engine should see it, after a format renamed or reshaped it. */
export interface MappedCall {
  tool: string;
  arguments: unknown;
  server?: string;
  definition?: ToolDefinition;
  /** The name in the recording, when `tool` differs from it. */
  recordedTool?: string;
}

export interface MessageConverterOptions {
  file: string;
  /** Tool definitions by name, for tool calls. */
  tools: Map<string, ToolDefinition>;
  /** Treat user text starting with `[context summary]` as a compaction. */
  contextSummaryMarker: boolean;
  /** Reshapes a recorded call; the default keeps name and input and looks the definition up in `tools`. */
  mapCall?: (name: string, input: unknown) => MappedCall;
}

type Role = 'system' | 'user' | 'assistant';

/** Collects the events of a conversation in order and checks that every tool_result follows its tool_use. */
export class MessageConverter {
  readonly steps: TranscriptStep[] = [];
  readonly #callIds = new Set<string>();
  readonly #options: MessageConverterOptions;

  constructor(options: MessageConverterOptions) {
    this.#options = options;
  }

  /** Converts one message: `content` is a string or a list of content blocks. */
  addMessage(role: Role, content: unknown, at: TranscriptLocation): void {
    if (typeof content === 'string') {
      this.#addText(role, content, at);
      return;
    }

    if (!Array.isArray(content)) {
      throw new TranscriptError('LOOKOUT_TRANSCRIPT_INVALID', this.#options.file, at, `the ${role} message's content must be a string or a list of content blocks, got ${describe(content)}.`);
    }

    // Consecutive text blocks form one message event, so a tool_use between two texts keeps its place.
    let pendingText: string[] = [];
    const flushText = (): void => {
      if (pendingText.length > 0) this.#addText(role, pendingText.join('\n\n'), at);
      pendingText = [];
    };

    content.forEach((block: unknown, index) => {
      if (!isRecord(block) || typeof block.type !== 'string') {
        throw new TranscriptError('LOOKOUT_TRANSCRIPT_INVALID', this.#options.file, at, `content block ${index} of the ${role} message has no "type".`);
      }

      switch (block.type) {
        case 'text':
          pendingText.push(typeof block.text === 'string' ? block.text : '');
          return;
        case 'tool_use':
        case 'server_tool_use':
        case 'mcp_tool_use':
          flushText();
          this.#addToolUse(block, index, at);
          return;
        case 'tool_result':
          flushText();
          this.#addToolResult(block, index, at);
          return;
        default:
          // Thinking, images and documents carry nothing the engine reads as text.
          return;
      }
    });
    flushText();
  }

  /** Adds an event that did not come from message content (a compaction from a Claude Code entry). */
  addEvent(event: SessionEvent, at: TranscriptLocation): void {
    this.steps.push({ event, at });
  }

  #addText(role: Role, text: string, at: TranscriptLocation): void {
    if (text.trim() === '') return;

    if (role === 'user' && this.#options.contextSummaryMarker && text.trimStart().startsWith(CONTEXT_SUMMARY_MARKER)) {
      const summary = text.trimStart().slice(CONTEXT_SUMMARY_MARKER.length).trim();
      this.steps.push({ event: { type: 'compaction', summary }, at });
      return;
    }

    this.steps.push({ event: { type: 'message', role, text }, at });
  }

  #addToolUse(block: Record<string, unknown>, index: number, at: TranscriptLocation): void {
    const { id, name } = block;
    if (typeof id !== 'string' || typeof name !== 'string') {
      throw new TranscriptError('LOOKOUT_TRANSCRIPT_INVALID', this.#options.file, at, `tool_use block ${index} needs a string "id" and "name".`);
    }

    const mapped = this.#options.mapCall?.(name, block.input) ?? {
      tool: name,
      arguments: block.input ?? {},
      definition: this.#options.tools.get(name),
    };

    this.#callIds.add(id);
    const event: SessionEvent = {
      type: 'tool_call',
      id,
      tool: mapped.tool,
      arguments: mapped.arguments,
      ...(mapped.server === undefined ? {} : { server: mapped.server }),
      ...(mapped.definition === undefined ? {} : { definition: mapped.definition }),
    };
    this.steps.push(mapped.recordedTool === undefined ? { event, at } : { event, at, recordedTool: mapped.recordedTool });
  }

  #addToolResult(block: Record<string, unknown>, index: number, at: TranscriptLocation): void {
    const id = block.tool_use_id;
    if (typeof id !== 'string') {
      throw new TranscriptError('LOOKOUT_TRANSCRIPT_INVALID', this.#options.file, at, `tool_result block ${index} needs a string "tool_use_id".`);
    }
    if (!this.#callIds.has(id)) {
      throw new TranscriptError(
        'LOOKOUT_TRANSCRIPT_ORPHAN_RESULT',
        this.#options.file,
        at,
        `tool_result for "${id}" has no tool_use with that id before it. Check that the assistant message with the call comes first and that the ids match.`,
      );
    }

    this.steps.push({ event: { type: 'tool_result', id, text: flattenResultContent(block.content), isError: block.is_error === true }, at });
  }
}

/** Joins a tool_result's content: a string, or blocks whose text parts are kept and others named. */
export function flattenResultContent(content: unknown): string {
  if (typeof content === 'string') return content;
  if (!Array.isArray(content)) return content === undefined || content === null ? '' : JSON.stringify(content);

  return content
    .map((block: unknown) => {
      if (!isRecord(block)) return '';
      if (block.type === 'text' && typeof block.text === 'string') return block.text;
      return typeof block.type === 'string' ? `[${block.type}]` : '';
    })
    .filter((part) => part !== '')
    .join('\n');
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  return typeof value === 'object' ? 'an object' : `a ${typeof value}`;
}

// Conversions between what travels on the wire (tools, results, prompts) and what the engine reads.
import type { ToolAnnotations, ToolDefinition } from '@lookout/core';

import type { JsonObject, WireTool, WireToolResult } from '../proxy/guard.js';

/**
 * Text longer than this is cut before it reaches the engine, and its tokens are estimated from its length.
 * A 1 MB file read must not cost a full tokenisation on the event loop that forwards the next call; the
 * estimate (4 characters a token) is close enough for decay distances measured in thousands of tokens.
 */
export const MAX_ENGINE_TEXT_CHARS = 256 * 1024;
const CHARS_PER_TOKEN_ESTIMATE = 4;

export interface EngineText {
  text: string;
  /** Set when the text was cut: the token estimate of the whole text. */
  tokens?: number;
}

/** Builds the engine's tool definition from a tools/list entry, keeping only the fields it reads. */
export function toToolDefinition(tool: WireTool): ToolDefinition {
  const definition: ToolDefinition = { name: tool.name };
  if (typeof tool['description'] === 'string') definition.description = tool['description'];
  if (isObject(tool['inputSchema'])) definition.inputSchema = tool['inputSchema'];
  if (isObject(tool['annotations'])) definition.annotations = readAnnotations(tool['annotations']);
  return definition;
}

/** Joins the text of a tools/call result (text blocks, embedded text resources) for the engine. */
export function resultText(result: WireToolResult): EngineText {
  const parts: string[] = [];
  const content = Array.isArray(result['content']) ? result['content'] : [];

  for (const block of content) {
    if (!isObject(block)) continue;
    if (block['type'] === 'text' && typeof block['text'] === 'string') parts.push(block['text']);
    if (block['type'] === 'resource' && isObject(block['resource']) && typeof block['resource']['text'] === 'string') {
      parts.push(block['resource']['text']);
    }
  }
  if (parts.length === 0 && result['structuredContent'] !== undefined) parts.push(JSON.stringify(result['structuredContent']));

  return limitText(parts.join('\n'));
}

/** Joins the text of a prompts/get result's messages. */
export function promptText(result: JsonObject): EngineText {
  const messages = Array.isArray(result['messages']) ? result['messages'] : [];
  const parts = messages.flatMap((message) => (isObject(message) && isObject(message['content']) ? [contentText(message['content'])] : []));
  return limitText(parts.filter((part) => part.length > 0).join('\n'));
}

/** The text resources of a resources/read result, each with its URI. */
export function resourceTexts(result: JsonObject): Array<{ uri: string } & EngineText> {
  const contents = Array.isArray(result['contents']) ? result['contents'] : [];
  return contents.flatMap((item) => {
    if (!isObject(item) || typeof item['uri'] !== 'string' || typeof item['text'] !== 'string') return [];
    return [{ uri: item['uri'], ...limitText(item['text']) }];
  });
}

export function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function limitText(text: string): EngineText {
  if (text.length <= MAX_ENGINE_TEXT_CHARS) return { text };
  return { text: text.slice(0, MAX_ENGINE_TEXT_CHARS), tokens: Math.ceil(text.length / CHARS_PER_TOKEN_ESTIMATE) };
}

function contentText(content: JsonObject): string {
  if (content['type'] === 'text' && typeof content['text'] === 'string') return content['text'];
  if (content['type'] === 'resource' && isObject(content['resource']) && typeof content['resource']['text'] === 'string') return content['resource']['text'];
  return '';
}

function readAnnotations(raw: JsonObject): ToolAnnotations {
  const annotations: ToolAnnotations = {};
  if (typeof raw['title'] === 'string') annotations.title = raw['title'];
  for (const key of ['readOnlyHint', 'destructiveHint', 'idempotentHint', 'openWorldHint'] as const) {
    if (typeof raw[key] === 'boolean') annotations[key] = raw[key];
  }
  return annotations;
}

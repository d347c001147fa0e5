// Detects a transcript's format and converts it. Pure: takes the file's text and the name to use in
// errors; `readTranscriptFile` adds the file system.
import { basename, extname } from 'node:path';

import { convertAnthropic, looksLikeConversation } from './anthropic.js';
import { convertClaudeCode, looksLikeClaudeCodeEntry, type ClaudeCodeEntry } from './claude-code.js';
import { TranscriptError } from './errors.js';
import { CASE_FORMAT, convertCase, looksLikeCase } from './lookout-case.js';
import { isRecord } from './messages.js';
import type { Transcript, TranscriptFormat } from './types.js';

export interface ParseTranscriptOptions {
  /** The name errors and reports use, usually the path as the user gave it. */
  file: string;
  /** `auto` (the default) detects the format from the content. */
  format?: TranscriptFormat | 'auto';
}

/** Converts one transcript file's text; throws `TranscriptError` naming the file and the line or message. */
export function parseTranscript(text: string, options: ParseTranscriptOptions): Transcript {
  const { file } = options;
  const format = options.format ?? 'auto';
  const content = text.replace(/^\uFEFF/, '');
  const fallbackId = basename(file, extname(file));

  if (content.trim() === '') {
    throw new TranscriptError('LOOKOUT_TRANSCRIPT_NOT_JSON', file, {}, 'the file is empty.');
  }

  const document = tryParseJson(content);
  if (document.ok) return convertDocument(document.value, file, format, fallbackId);

  const entries = parseJsonLines(content, file, document.error);
  if (format === 'claude-code' || looksLikeClaudeCodeEntry(entries[0]?.value)) {
    return convertClaudeCode(entries, file, fallbackId);
  }

  throw new TranscriptError(
    'LOOKOUT_TRANSCRIPT_UNKNOWN_FORMAT',
    file,
    { line: entries[0]?.line ?? 1 },
    'JSON lines whose first entry is not a Claude Code entry (an object with "type" and "uuid"). Pass --format to say what the file is.',
  );
}

function convertDocument(value: unknown, file: string, format: TranscriptFormat | 'auto', fallbackId: string): Transcript {
  if (format === 'lookout-case') return convertCase(value, file);
  if (format === 'anthropic') return convertAnthropic(value, file, fallbackId);
  if (format === 'claude-code') return convertClaudeCode(asEntries(value), file, fallbackId);

  if (looksLikeCase(value)) {
    const declared = (value as { format: string }).format;
    if (declared !== CASE_FORMAT) {
      throw new TranscriptError('LOOKOUT_TRANSCRIPT_UNKNOWN_FORMAT', file, {}, `case format "${declared}" is not supported; this version reads "${CASE_FORMAT}".`);
    }
    return convertCase(value, file);
  }
  if (looksLikeConversation(value)) return convertAnthropic(value, file, fallbackId);
  if (looksLikeClaudeCodeEntry(value)) return convertClaudeCode(asEntries(value), file, fallbackId);

  throw new TranscriptError(
    'LOOKOUT_TRANSCRIPT_UNKNOWN_FORMAT',
    file,
    {},
    `JSON that is not a ${CASE_FORMAT} case (no "format"), not an Anthropic conversation (a list of messages with "role", or an object with "messages") and not a Claude Code entry (no "type" and "uuid").`,
  );
}

/** Reads a JSON document as Claude Code entries: one entry, or a list of them. */
function asEntries(value: unknown): ClaudeCodeEntry[] {
  const values = Array.isArray(value) ? value : [value];
  return values.filter(isRecord).map((entry, index) => ({ line: index + 1, value: entry }));
}

function parseJsonLines(content: string, file: string, documentError: SyntaxError): ClaudeCodeEntry[] {
  const entries: ClaudeCodeEntry[] = [];
  const lines = content.split(/\r?\n/);

  for (const [index, line] of lines.entries()) {
    if (line.trim() === '') continue;

    const parsed = tryParseJson(line);
    if (!parsed.ok) {
      // A first line that is not JSON means the file is not JSON lines at all: report the document's error.
      const at = entries.length === 0 ? locateJsonError(content, documentError) : { line: index + 1 };
      const detail = entries.length === 0 ? documentError.message : parsed.error.message;
      throw new TranscriptError('LOOKOUT_TRANSCRIPT_NOT_JSON', file, at, `not valid JSON or JSON lines: ${detail}.`);
    }
    if (!isRecord(parsed.value)) {
      throw new TranscriptError('LOOKOUT_TRANSCRIPT_INVALID', file, { line: index + 1 }, 'each line of a JSON-lines transcript must be an object.');
    }
    entries.push({ line: index + 1, value: parsed.value });
  }

  return entries;
}

type JsonResult = { ok: true; value: unknown } | { ok: false; error: SyntaxError };

function tryParseJson(text: string): JsonResult {
  try {
    return { ok: true, value: JSON.parse(text) as unknown };
  } catch (error) {
    return { ok: false, error: error instanceof SyntaxError ? error : new SyntaxError(String(error)) };
  }
}

/**
 * Finds the line of a JSON syntax error. V8 gives a character position for some errors and only a snippet
 * for others ("Unexpected token"). A prefix that ends before the error can only run out of input, so the
 * error sits at the end of the shortest prefix that fails for another reason.
 */
function locateJsonError(content: string, error: SyntaxError): { line: number } {
  const reported = /at position (\d+)/.exec(error.message)?.[1];
  const position = reported === undefined ? findErrorPosition(content) : Number(reported);
  return { line: content.slice(0, position).split('\n').length };
}

function findErrorPosition(content: string): number {
  const failsInside = (length: number): boolean => {
    const result = tryParseJson(content.slice(0, length));
    if (result.ok) return false;
    const message = result.error.message;
    if (message.includes('end of JSON input')) return false;
    const at = /at position (\d+)/.exec(message)?.[1];
    return at === undefined || Number(at) < length;
  };

  let low = 1;
  let high = content.length;
  while (low < high) {
    const middle = Math.floor((low + high) / 2);
    if (failsInside(middle)) high = middle;
    else low = middle + 1;
  }
  return low - 1;
}

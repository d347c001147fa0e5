// Errors for transcripts that cannot be read or converted. Each names the file and, where there is one,
// the line (JSON lines, JSON syntax errors) or the message index (JSON conversations).
import type { TranscriptLocation } from './types.js';

/** Stable codes; docs/replay.md lists them, and a code is never reused for another meaning. */
export const TRANSCRIPT_ERROR_CODES = {
  LOOKOUT_TRANSCRIPT_READ_FAILED: 'the file could not be read',
  LOOKOUT_TRANSCRIPT_NOT_JSON: 'the file is neither JSON nor JSON lines',
  LOOKOUT_TRANSCRIPT_UNKNOWN_FORMAT: 'the content matches none of the known transcript formats',
  LOOKOUT_TRANSCRIPT_INVALID: 'the content has the format’s outline but a field is missing or of the wrong type',
  LOOKOUT_TRANSCRIPT_ORPHAN_RESULT: 'a tool_result answers a tool_use id that no earlier message contains',
} as const;

export type TranscriptErrorCode = keyof typeof TRANSCRIPT_ERROR_CODES;

export class TranscriptError extends Error {
  override readonly name = 'TranscriptError';
  readonly code: TranscriptErrorCode;
  readonly file: string;
  readonly at: TranscriptLocation;

  constructor(code: TranscriptErrorCode, file: string, at: TranscriptLocation, detail: string, options?: { cause?: unknown }) {
    super(`${file}${formatLocation(at)}: ${detail}`, options);
    this.code = code;
    this.file = file;
    this.at = at;
  }
}

/** `:12` for a line, ` (message 4)` for a message index, both when both are known. */
export function formatLocation(at: TranscriptLocation): string {
  const line = at.line === undefined ? '' : `:${at.line}`;
  const message = at.message === undefined ? '' : ` (message ${at.message})`;
  return `${line}${message}`;
}

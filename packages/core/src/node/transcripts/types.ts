// The output of transcript conversion: one recorded session as engine events, each with its place in the
// file, so replay can name the file and the message or line when something goes wrong.
import type { PolicyInput } from '../../policy-schema.js';
import type { DecisionReason, SessionContext, SessionEvent, ToolDefinition } from '../../types.js';

export const TRANSCRIPT_FORMATS = ['lookout-case', 'anthropic', 'claude-code'] as const;
export type TranscriptFormat = (typeof TRANSCRIPT_FORMATS)[number];

/** An event's place in its file: a message index (0-based) in JSON files, a line (1-based) in JSON lines. */
export interface TranscriptLocation {
  message?: number;
  line?: number;
}

export interface TranscriptStep {
  event: SessionEvent;
  at: TranscriptLocation;
  /** For tool calls whose tool was renamed to a classifier's shape (Claude Code's `Read` → `read_text_file`): the recorded name. */
  recordedTool?: string;
  /** The session's working directory from this step on, when the recording shows that it changed here. */
  cwd?: string;
}

/** A case file's `expect` block: which tool_use ids must be held, which allowed, and with which reasons. */
export interface CaseExpectation {
  hold: string[];
  allow: string[];
  reasons: Record<string, DecisionReason[]>;
}

/** Entries a converter saw and did not feed to the engine, by why. */
export interface SkippedEntries {
  /** Entries of a type the converter does not know (Claude Code: `progress`, `file-history-snapshot`...), by type. */
  unknownTypes: Record<string, number>;
  /** Claude Code entries from subagents (`isSidechain`). */
  sidechain: number;
  /** Claude Code entries not on the conversation's uuid chain (abandoned branches). */
  offChain: number;
  /** Claude Code entries that are not part of the conversation: `summary` titles and `system` notices other than compactions. */
  notices: number;
}

/** One recorded session, converted. */
export interface Transcript {
  /** The file it came from, as the caller named it. */
  file: string;
  format: TranscriptFormat;
  /** The case id, the Claude Code session id, or the file name without its extension. */
  id: string;
  summary?: string;
  /** The modes a case expects of its harmful call; empty for a benign case, absent for other formats. */
  modes?: number[];
  tools: ToolDefinition[];
  /** A case's inline policy: `null` for the default policy; absent when the format carries none. */
  policy?: PolicyInput | null;
  context: SessionContext;
  steps: TranscriptStep[];
  expect?: CaseExpectation;
  skipped: SkippedEntries;
}

export function emptySkipped(): SkippedEntries {
  return { unknownTypes: {}, sidechain: 0, offChain: 0, notices: 0 };
}

// The replay report: per session, every call that was not allowed with the guard's reasons, and the
// comparison with a case's expectations. The CLI renders it as text or prints it as JSON.
import type { DecisionReason, EventResult, RiskLevel, SessionContext, SessionEvent, SuspectedMode } from '@lookout/core';
import type { SkippedEntries, TranscriptFormat, TranscriptLocation, Transcript } from '@lookout/core/node';

/** One guarded session as replay drives it. */
export interface GuardSession {
  handle(event: SessionEvent): EventResult;
  /** The message of a policy rule, for denies that log-only mode reports without one. */
  ruleMessage?(ruleId: string): string | undefined;
  /** Changes the working directory and the other context from the next event on. */
  setContext?(context: Partial<SessionContext>): void;
}

/** Opens a guard session for a transcript, with the policy replay chose for it. */
export type OpenGuardSession = (transcript: Transcript) => GuardSession;

export type CallVerdict = 'allow' | 'hold' | 'deny' | 'ask' | 'error';

export interface ReportedFact {
  id: string;
  text: string;
  /** Tokens since the fact was last seen; null when a compaction dropped it. */
  tokensSinceSeen: number | null;
}

export interface ReportedMissing {
  /** `kind:id`, as in `path:/home/dev/shop/docs`. */
  target: string;
  effects: string[];
  why: string;
  description: string;
  /** The first suggested call, as `tool {"arguments"}`, when the engine proposed one. */
  suggestion?: string;
}

/** The guard's decision on one recorded call. */
export interface CallReport {
  id: string;
  /** The tool as the engine saw it. */
  tool: string;
  /** The tool as the recording names it, when replay renamed it (Claude Code's `Read` → `read_text_file`). */
  recordedTool?: string;
  verdict: CallVerdict;
  level?: RiskLevel;
  reasons: DecisionReason[];
  modes: SuspectedMode[];
  /** `kind:id` of every target the classifiers found. */
  targets: string[];
  effects: string[];
  facts: ReportedFact[];
  missing: ReportedMissing[];
  ruleId?: string;
  /** The deny or ask message, or the engine's error for `error`. */
  message?: string;
  at: TranscriptLocation;
}

/** An expectation the replayed decisions did not meet. */
export interface Mismatch {
  id: string;
  /** `hold`, `allow`, or `reasons: investigation, reminder`. */
  expected: string;
  /** The verdict, or `absent` when the transcript has no call with that id. */
  got: CallVerdict | 'absent';
  /** The guard's reasons for the call, empty for an allowed or absent one. */
  reasons: DecisionReason[];
  detail: string;
}

export interface ExpectationResult {
  matched: boolean;
  mismatches: Mismatch[];
}

/** An event the engine rejected (a typed error result); the session goes on with the next event. */
export interface EngineProblem {
  at: TranscriptLocation;
  code: string;
  message: string;
}

export interface SessionReport {
  file: string;
  id: string;
  format: TranscriptFormat;
  summary?: string;
  counts: { calls: number; allowed: number; held: number; denied: number; asked: number; errors: number };
  /** Every call that was not allowed, in order. */
  intercepted: CallReport[];
  /** The verdict on every call, by tool_use id. */
  verdicts: Record<string, CallVerdict>;
  engineProblems: EngineProblem[];
  skipped: SkippedEntries;
  /** Present when the run compared with the case's `expect` block. */
  expect?: ExpectationResult;
}

/** An input that could not be read or converted. */
export interface InputFailure {
  file: string;
  code: string;
  message: string;
}

export interface ReplayRunReport {
  version: 1;
  sessions: SessionReport[];
  failures: InputFailure[];
  totals: { files: number; sessions: number; calls: number; intercepted: number; mismatches: number; failures: number };
}

// The data that crosses the engine's boundary: events in, decisions out. Every front end (the MCP proxy,
// replay, the LangChain adapter) speaks only these types to the engine.

// ---- risk and targets -------------------------------------------------------------------------

/** How much a call can lose, from least to most. The order matters: code compares by index. */
export const RISK_LEVELS = ['read', 'write', 'destructive', 'critical'] as const;
export type RiskLevel = (typeof RISK_LEVELS)[number];

/** The kinds of resource a call can act on. */
export const TARGET_KINDS = ['path', 'sql', 'git', 'url', 'cloud', 'resource'] as const;
export type TargetKind = (typeof TARGET_KINDS)[number];

/**
 * A normalised resource. `id` is the canonical identity that matching and covering use:
 * - path: an absolute POSIX path without `..`, `.` or a trailing separator (`/home/dev/shop/docs`),
 *   case-folded only where the session context marks the file system as case-insensitive; globs stay globs.
 * - sql: `<connection>/<database>` or `<connection>/<database>/<table>`; an unnamed connection is
 *   `default`, an unknown database is `*`.
 * - git: `<repository path>` for the repository, `<repository path>#worktree` for its working tree,
 *   `<repository path>@<ref>` for a ref (`/home/dev/app@origin/main`).
 * - url: the URL as given, lower-cased scheme and host.
 * - cloud: `<provider>:<kind>:<id>` (`aws:vpc:vpc-07d2e8b1c9f4a6035`, `terraform:module:/home/dev/infra`).
 * - resource: `<server or tool>:<kind>:<id>` for anything else (mail message ids, memory entities).
 */
export interface Target {
  kind: TargetKind;
  id: string;
  /** True when `id` contains glob characters that were kept as written. */
  glob?: boolean;
}

/** One effect of a call, as the classifiers read it from the tool, its arguments and its annotations. */
export interface Finding {
  level: RiskLevel;
  /** Stable dotted effect id such as `fs.delete`, `git.reset.hard`, `sql.drop`; docs/policy.md lists them. */
  effect: string;
  /** One short sentence a person or a model can read: "rm -rf deletes docs/journeys recursively". */
  reason: string;
  targets: Target[];
  /** For SQL DELETE/UPDATE: the normalised WHERE condition, which a matching count must share. */
  condition?: string;
}

/** A read-only look at a target, which can satisfy an investigation that a risky call needs. */
export interface Observation {
  /** Investigative effect id: `fs.list`, `fs.stat`, `fs.read`, `git.status`, `git.log`, `git.fetch`,
   *  `sql.identity`, `sql.count`, `sql.select`, `infra.plan`, `resource.list`, `resource.read`. */
  effect: string;
  target: Target;
  /** For `sql.count`/`sql.select`: the normalised WHERE condition that was counted. */
  condition?: string;
}

/** The classifiers' complete reading of one call. */
export interface Classification {
  /** The highest level among the findings, `read` when there are none. */
  level: RiskLevel;
  findings: Finding[];
  /** Targets the call looks at. Only read-level parts of a call produce observations. */
  observations: Observation[];
  /** Targets the call creates (mkdir, CREATE TABLE, a new file): the session owns them if it succeeds. */
  creates: Target[];
  /**
   * Targets the call makes exist without failing when they already do (`mkdir -p`, `create_directory`,
   * `touch`): success does not show the session made them, so they are not its own.
   */
  ensures?: Target[];
  /** Targets the call changes; a successful change invalidates earlier observations of them. */
  writes: Target[];
  /** Targets the call relies on existing as they were looked at (the folder a move goes into). */
  dependsOn: Target[];
  /** Source of the classification, most specific first: `rule`, `shell`, `sql`, `structured`,
   *  `annotations`, `name`, `default`. */
  source: ClassificationSource;
}

export type ClassificationSource = 'rule' | 'shell' | 'sql' | 'structured' | 'annotations' | 'name' | 'default';

// ---- tools ------------------------------------------------------------------------------------

/** MCP tool annotations as the server declared them in tools/list (never as a client claims them). */
export interface ToolAnnotations {
  title?: string;
  readOnlyHint?: boolean;
  destructiveHint?: boolean;
  idempotentHint?: boolean;
  openWorldHint?: boolean;
}

/** A tool definition as a server lists it; unknown fields are kept by front ends but not read here. */
export interface ToolDefinition {
  name: string;
  description?: string;
  inputSchema?: Record<string, unknown>;
  annotations?: ToolAnnotations;
}

/** Working directory, roots and path rules that relative paths and targets resolve against. */
export interface SessionContext {
  /** Working directory of shell tools (a case's `cwd`, an MCP root, a server's folder). */
  cwd?: string;
  /** MCP roots or a filesystem server's allowed folders, absolute. */
  roots?: string[];
  /** The user's home folder, for `~`. */
  home?: string;
  /** Fold case when comparing paths (macOS and Windows file systems). Default false. */
  caseInsensitivePaths?: boolean;
}

// ---- events -----------------------------------------------------------------------------------

/** A conversation message; only adapters that see the conversation send these. */
export interface MessageEvent {
  type: 'message';
  role: 'system' | 'user' | 'assistant';
  text: string;
  /** Token length when the adapter already counted it; the ledger counts otherwise. */
  tokens?: number;
}

export interface ToolCallEvent {
  type: 'tool_call';
  /** Unique per session: the tool_use id, the JSON-RPC request id or the LangChain tool call id. */
  id: string;
  /** Name of the server that owns the tool; optional for single-server sessions. */
  server?: string;
  tool: string;
  /** Parsed arguments; a string that is not JSON gives a typed error result, never a throw. */
  arguments: unknown;
  /** The definition from the server's tools/list, when known. */
  definition?: ToolDefinition;
  tokens?: number;
  /** `guard` for an investigation the front end made itself (auto-investigate); default `agent`. */
  origin?: 'agent' | 'guard';
}

export interface ToolResultEvent {
  type: 'tool_result';
  /** The id of the tool_call this result belongs to. */
  id: string;
  /** The result's text, joined; front ends flatten content blocks. */
  text: string;
  isError: boolean;
  tokens?: number;
}

/** The conversation was summarised or trimmed; facts not restated in `summary` are out of context. */
export interface CompactionEvent {
  type: 'compaction';
  /** The text that replaced the dropped history, if any. */
  summary?: string;
  tokens?: number;
}

/** An MCP prompts/get result or a resources/read result that entered the context. */
export interface PromptEvent {
  type: 'prompt';
  name: string;
  text: string;
  tokens?: number;
}

export interface ResourceEvent {
  type: 'resource';
  uri: string;
  text: string;
  tokens?: number;
}

/** A goal or safety fact recorded by the agent (the `lookout_note` tool) or a front end. */
export interface NoteEvent {
  type: 'note';
  kind: FactKind;
  text: string;
  source: FactSource;
}

/** The reminder of a hold or an injected reminder reached the model; the facts named are fresh again. */
export interface ReminderEvent {
  type: 'reminder';
  factIds: string[];
  tokens?: number;
}

/** A person's approval or rejection of an `ask` decision. */
export interface ApprovalEvent {
  type: 'approval';
  /** The id of the call that was asked about. */
  id: string;
  /** Digest of the call's canonical arguments, which the approval is bound to. */
  digest: string;
  approved: boolean;
}

/** The session ended: pending near misses resolve. */
export interface EndEvent {
  type: 'end';
}

export type SessionEvent =
  | MessageEvent
  | ToolCallEvent
  | ToolResultEvent
  | CompactionEvent
  | PromptEvent
  | ResourceEvent
  | NoteEvent
  | ReminderEvent
  | ApprovalEvent
  | EndEvent;

// ---- facts ------------------------------------------------------------------------------------

export type FactKind = 'goal' | 'safety';
export type FactSource = 'policy' | 'user' | 'system' | 'tool_result' | 'agent_note' | 'prompt' | 'resource';

/** A fact as the engine tracks it. Positions are on the session's token axis. */
export interface Fact {
  id: string;
  kind: FactKind;
  text: string;
  source: FactSource;
  /** Distinctive lower-cased terms that identify the fact in text and match it to calls. */
  terms: string[];
  /** Tools and targets the fact is about; a safety fact without targets or tools is global. */
  scope?: { tools?: string[]; targets?: Target[] };
  /** Token position where the fact was last stated, restated or reminded. */
  lastSeenAt: number;
  /** Tokens without a restatement after which the fact counts as decayed. */
  decayTokens: number;
  /** True once a compaction dropped it and nothing has restated it since. */
  dropped: boolean;
}

/** A decayed, relevant fact as a hold or an injection shows it. */
export interface ReminderFact {
  id: string;
  kind: FactKind;
  text: string;
  source: FactSource;
  /** Tokens since the fact was last seen; null when a compaction dropped it. */
  tokensSinceSeen: number | null;
  dropped: boolean;
}

// ---- decisions --------------------------------------------------------------------------------

export type DecisionReason = 'reminder' | 'investigation' | 'deny' | 'ask';
export type SuspectedMode = 1 | 2 | 3;

/** A call the agent could make to satisfy a missing investigation. */
export interface SuggestedCall {
  tool: string;
  arguments: Record<string, unknown>;
  /** True when the server declared the tool read-only, so a front end may make the call itself. */
  readOnly: boolean;
}

/** An investigation a risky call needs and does not have. */
export interface MissingInvestigation {
  /** The target the investigation must cover. */
  target: Target;
  /** Any of these investigative effects satisfies it. */
  effects: string[];
  /** Why it is missing: never looked, stale by tokens or calls, invalidated by a write or a failed step. */
  why: 'never' | 'stale' | 'invalidated' | 'failed_step' | 'condition';
  /** Plain text: "list /home/dev/shop/docs/journeys: its last listing predates 4 moves out of it". */
  description: string;
  /** Calls with this session's own tools that would satisfy it, best first. */
  suggestions: SuggestedCall[];
}

interface DecisionBase {
  /** The id of the tool_call this decision is for. */
  callId: string;
  tool: string;
  classification: Classification;
  /** Digest of the tool name and canonical arguments; a hold is released only by the same digest. */
  digest: string;
  /** The call's parsed arguments, for rendering the decision. */
  arguments?: Record<string, unknown>;
}

export interface AllowDecision extends DecisionBase {
  kind: 'allow';
  /** Why a risky call passes: `investigated`, `session_created`, `released`, `approved`, `rule`, `log_only`. */
  basis: string[];
  /** The hold that `log-only` mode let through; absent in enforce mode. */
  wouldHold?: Omit<HoldDecision, 'kind' | 'callId' | 'tool' | 'classification' | 'digest'>;
  /** The decision that `log-only` mode (or an action set to `log`) replaced with this allow. */
  wouldBlock?: { kind: 'hold' | 'deny' | 'ask'; reasons: DecisionReason[]; ruleId?: string };
}

export interface HoldDecision extends DecisionBase {
  kind: 'hold';
  reasons: Array<'reminder' | 'investigation'>;
  modes: SuspectedMode[];
  facts: ReminderFact[];
  missing: MissingInvestigation[];
  /** The policy rule that caused the hold, when a `hold` rule did. */
  ruleId?: string;
  /** Set when this call repeats the intent of an earlier held or denied call through another tool. */
  sameIntentAs?: string;
}

export interface DenyDecision extends DecisionBase {
  kind: 'deny';
  reasons: ['deny'];
  modes: SuspectedMode[];
  ruleId: string;
  message: string;
  facts: ReminderFact[];
  sameIntentAs?: string;
}

export interface AskDecision extends DecisionBase {
  kind: 'ask';
  reasons: ['ask'];
  modes: SuspectedMode[];
  ruleId: string;
  message: string;
  facts: ReminderFact[];
}

export type Decision = AllowDecision | HoldDecision | DenyDecision | AskDecision;

// ---- errors as data ---------------------------------------------------------------------------

/** Stable codes for input the engine cannot use; never reused for another meaning. */
export type EngineErrorCode =
  | 'LOOKOUT_INVALID_EVENT'
  | 'LOOKOUT_UNKNOWN_EVENT'
  | 'LOOKOUT_INVALID_ARGUMENTS'
  | 'LOOKOUT_UNKNOWN_CALL'
  | 'LOOKOUT_DUPLICATE_CALL'
  | 'LOOKOUT_INTERNAL';

export interface EngineError {
  code: EngineErrorCode;
  message: string;
  /** Dotted path of the offending field, when there is one. */
  path?: string;
}

/** The engine's result for one event: a decision for tool calls, nothing for the rest, or an error. */
export type EventResult =
  | { ok: true; decision?: Decision; journal: JournalEntry[] }
  | { ok: false; error: EngineError; journal: JournalEntry[] };

// ---- journal ----------------------------------------------------------------------------------

export const JOURNAL_VERSION = 1;

export const OUTCOMES = [
  'investigated_then_changed',
  'reminded_then_changed',
  'proceeded_after_investigation',
  'proceeded_after_reminder',
  'approved',
  'refused',
  'abandoned',
  'denied',
  'persisted',
] as const;
export type Outcome = (typeof OUTCOMES)[number];

/** A near-miss record before the writer adds `v`, `time` and `session`. */
export type JournalEntry =
  | {
      event: 'intercept';
      id: string;
      tool: string;
      server?: string;
      decision: 'hold' | 'deny' | 'ask';
      reasons: DecisionReason[];
      modes: SuspectedMode[];
      facts: Array<{ id: string; text: string; tokensSinceSeen: number | null }>;
      targets: Target[];
      missing: Array<{ target: Target; effects: string[]; why: MissingInvestigation['why'] }>;
      effects: string[];
      level: RiskLevel;
      /** True in log-only mode (or with an action set to `log`): the call went through. */
      logOnly?: boolean;
      ruleId?: string;
      /** Digest of the tool name and canonical arguments. */
      digest?: string;
      /** The call's arguments; the journal writer redacts secrets before writing. */
      arguments?: Record<string, unknown>;
      /** The id of an earlier held or denied call with the same effect on the same target. */
      sameIntentAs?: string;
    }
  | {
      event: 'outcome';
      ref: string;
      outcome: Outcome;
      by?: string;
      /** Modes the outcome points to: 3 when a call persisted after both a reminder and an investigation. */
      modes?: SuspectedMode[];
    }
  | { event: 'check'; id: string; tool: string; targets: Target[]; found: string }
  | { event: 'upstream'; status: 'exited' | 'restarted' | 'timed_out' | 'crashed'; server: string; detail?: string };

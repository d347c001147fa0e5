// A session is the engine's state for one agent conversation. Events come in through `handle`, which
// catches every error. A tool call returns a decision, and every event returns the near-miss records it settled.
import type {
  AllowDecision,
  ApprovalEvent,
  Classification,
  CompactionEvent,
  Decision,
  EngineError,
  EventResult,
  Fact,
  JournalEntry,
  MessageEvent,
  NoteEvent,
  PromptEvent,
  ReminderEvent,
  ReminderFact,
  ResourceEvent,
  SessionContext,
  SessionEvent,
  Target,
  ToolCallEvent,
  ToolDefinition,
  ToolResultEvent,
} from './types.js';
import type { ResolvedPolicy } from './policy-schema.js';
import type { ClassifyCall, SuggestInvestigations, SummarizeObservation } from './classify/types.js';
import { classifyCall, suggestInvestigations, summarizeObservation } from './classify/index.js';
import { createTokenizer } from './tokenizer.js';
import type { Tokenizer } from './tokenizer.js';
import { Ledger } from './ledger.js';
import { FactStore } from './facts/store.js';
import type { ExtractedFact } from './facts/extract.js';
import { extractConstraints, extractHazards, pathsInText } from './facts/extract.js';
import { stemSet } from './facts/terms.js';
import { InvestigationStore } from './investigations.js';
import type { Moment } from './investigations.js';
import { IntentBook, callIntents } from './release.js';
import { NearMissJournal } from './journal.js';
import { decideCall } from './decision.js';
import type { DecisionState, ReviewedCall } from './decision.js';
import { cutToBudget, isDecayed, isGlobalSafety, tokensSinceSeen } from './relevance.js';
import { profileCall } from './profile.js';
import { parseArguments, parseEvent } from './events.js';
import { callDigest, canonicalJson } from './digest.js';
import { rulePattern } from './rules.js';
import type { MatchOptions } from './targets.js';
import { targetKey } from './targets.js';

export type { Tokenizer } from './tokenizer.js';

export interface SessionOptions {
  /** The policy to run on, from `resolvePolicy()`. */
  policy: ResolvedPolicy;
  context?: SessionContext;
  /** The server's tools/list, with annotations as the server declared them. */
  tools?: ToolDefinition[];
  /** Default: tiktoken `o200k_base` (`createTokenizer('cl100k_base')` for another encoding). */
  tokenizer?: Tokenizer;
  classify?: ClassifyCall;
  suggest?: SuggestInvestigations;
  summarize?: SummarizeObservation;
  /** Session id for the journal. Default: `session-<n>`. */
  id?: string;
}

export interface Session {
  readonly id: string;
  /** Feeds one event; never throws. Bad input gives `{ ok: false, error: { code, message, path } }`. */
  handle(event: unknown): EventResult;
  setTools(tools: ToolDefinition[]): void;
  setContext(context: Partial<SessionContext>): void;
  /**
   * Decayed facts relevant to these candidate tools (the risky tools bound to a model call), ranked, within
   * the reminder budget. A pure query: a front end that shows them then sends a `reminder` event.
   */
  factsToRemind(candidateTools: ToolDefinition[]): ReminderFact[];
  /** Current facts with tokens since last seen, for the `lookout_recall` tool. */
  listFacts(): Array<Fact & { tokensSinceSeen: number }>;
  /** Tokens on the session's axis so far. */
  position(): number;
}

/** A tool call's record, kept until (and after) its result arrives. */
interface CallRecord {
  tool: string;
  server?: string;
  args: Record<string, unknown>;
  classification: Classification;
  decision: Decision;
  /** True when the call was allowed (or approved later), so its result shows what it did. */
  ran: boolean;
  callIndex: number;
  origin: 'agent' | 'guard';
}

/** Effects that replace a file's whole content, as write_file and `>` redirects do. */
const CONTENT_WRITES: ReadonlySet<string> = new Set(['fs.overwrite', 'fs.write']);

// Call records serve duplicate-id checks and late results. Beyond this many, the oldest are dropped.
const MAX_CALL_RECORDS = 10_000;

let sessionCounter = 0;

export function createSession(options: SessionOptions): Session {
  return new EngineSession(options);
}

class EngineSession implements Session {
  readonly id: string;
  readonly #policy: ResolvedPolicy;
  readonly #tokenizer: Tokenizer;
  readonly #classify: ClassifyCall;
  readonly #suggest: SuggestInvestigations;
  readonly #summarize: SummarizeObservation;
  #context: SessionContext;
  #tools = new Map<string, ToolDefinition>();
  readonly #ledger = new Ledger();
  readonly #facts: FactStore;
  readonly #investigations: InvestigationStore;
  readonly #intents = new IntentBook();
  readonly #journal: NearMissJournal;
  readonly #calls = new Map<string, CallRecord>();

  constructor(options: SessionOptions) {
    sessionCounter += 1;
    this.id = options.id ?? `session-${sessionCounter}`;
    this.#policy = options.policy;
    this.#context = { ...(options.context ?? {}) };
    this.#tokenizer = options.tokenizer ?? createTokenizer();
    this.#classify = options.classify ?? classifyCall;
    this.#suggest = options.suggest ?? suggestInvestigations;
    this.#summarize = options.summarize ?? summarizeObservation;
    this.setTools(options.tools ?? []);

    const countTokens = (text: string): number => this.#tokenizer.count(text);
    this.#facts = new FactStore(countTokens);
    this.#investigations = new InvestigationStore(this.#policy.investigations, this.#matchOptions());
    this.#journal = new NearMissJournal(this.#matchOptions());

    for (const spec of this.#policy.facts) {
      const targets = spec.targets?.map((pattern) => rulePattern(pattern, this.#context));
      const scope = spec.tools === undefined && targets === undefined ? undefined : { ...(spec.tools ? { tools: spec.tools } : {}), ...(targets ? { targets } : {}) };
      this.#facts.add(
        {
          id: spec.id,
          kind: spec.kind,
          text: spec.text,
          source: 'policy',
          ...(spec.terms === undefined ? {} : { terms: spec.terms }),
          ...(scope === undefined ? {} : { scope }),
          decayTokens: spec.decayTokens ?? this.#policy.decay.tokens,
        },
        0,
      );
    }
  }

  handle(input: unknown): EventResult {
    try {
      const parsed = parseEvent(input);
      if (!parsed.ok) return failure(parsed.error);
      return this.#dispatch(parsed.event);
    } catch (error) {
      // NOTE: reaching this is an engine bug; the front end decides whether an unjudged call may run.
      return failure({ code: 'LOOKOUT_INTERNAL', message: `The engine failed on a ${describeType(input)} event: ${String(error)}. Please report it with the event.` });
    }
  }

  setTools(tools: ToolDefinition[]): void {
    this.#tools = new Map(tools.map((tool) => [tool.name, tool]));
  }

  setContext(context: Partial<SessionContext>): void {
    this.#context = { ...this.#context, ...context };
  }

  factsToRemind(candidateTools: ToolDefinition[]): ReminderFact[] {
    const position = this.#ledger.position;
    const risky = candidateTools.filter((tool) => {
      const classification = this.#classify({ tool: tool.name, arguments: {}, definition: tool, context: this.#context });
      return classification.level === 'destructive' || classification.level === 'critical' || tool.annotations?.destructiveHint === true;
    });
    if (risky.length === 0) return [];

    const names = new Set(risky.map((tool) => tool.name));
    const stems = stemSet(risky.map((tool) => `${tool.name.replace(/[_.-]+/g, ' ')} ${tool.description ?? ''}`).join(' '));
    const ranked = this.#facts
      .list()
      .filter((fact) => isDecayed(fact, position))
      .map((fact) => {
        let score = fact.scope?.tools?.some((name) => names.has(name)) === true ? 100 : 0;
        const shared = fact.stems.filter((stem) => stems.has(stem)).length;
        if (shared >= Math.min(2, fact.stems.length) && shared > 0) score += 10 * shared;
        if (isGlobalSafety(fact)) score += 5;
        // Before the model chooses, its targets are unknown, so a safety fact about particular targets bears on
        // every risky tool that the fact's own tool scope does not exclude.
        const toolScope = fact.scope?.tools;
        const aboutTargets = fact.kind === 'safety' && (fact.scope?.targets?.length ?? 0) > 0;
        if (aboutTargets && (toolScope === undefined || toolScope.some((name) => names.has(name)))) score += 5;
        return { fact, score };
      })
      .filter((candidate) => candidate.score > 0)
      .sort((a, b) => b.score - a.score)
      .map((candidate) => candidate.fact);
    return cutToBudget(ranked, position, { maxFacts: this.#policy.decay.reminderMaxFacts, maxTokens: this.#policy.decay.reminderMaxTokens });
  }

  listFacts(): Array<Fact & { tokensSinceSeen: number }> {
    const position = this.#ledger.position;
    return this.#facts.list().map((fact) => {
      const { stems: _stems, callStems: _callStems, tokens: _tokens, ...publicFact } = fact;
      return { ...publicFact, tokensSinceSeen: tokensSinceSeen(fact, position) };
    });
  }

  position(): number {
    return this.#ledger.position;
  }

  // ---- events ---------------------------------------------------------------------------------

  #dispatch(event: SessionEvent): EventResult {
    switch (event.type) {
      case 'message':
        return this.#onMessage(event);
      case 'tool_call':
        return this.#onToolCall(event);
      case 'tool_result':
        return this.#onToolResult(event);
      case 'compaction':
        return this.#onCompaction(event);
      case 'prompt':
      case 'resource':
        return this.#onContextText(event);
      case 'note':
        return this.#onNote(event);
      case 'reminder':
        return this.#onReminder(event);
      case 'approval':
        return this.#onApproval(event);
      case 'end':
        return success(this.#journal.end());
    }
  }

  #onMessage(event: MessageEvent): EventResult {
    this.#ledger.append('message', event.tokens ?? this.#tokenizer.count(event.text), `${event.role}: ${event.text}`);
    const position = this.#ledger.position;
    this.#facts.refreshRestated(event.text, position);

    if (event.role !== 'assistant' && this.#policy.decay.extractFromMessages) {
      this.#addExtracted(extractConstraints(event.text, this.#context), event.role, position);
    }
    return success();
  }

  #onCompaction(event: CompactionEvent): EventResult {
    const summary = event.summary ?? '';
    this.#ledger.append('compaction', event.tokens ?? this.#tokenizer.count(summary), `compaction: ${summary}`);
    const position = this.#ledger.position;
    this.#facts.compact(summary, position);
    // Constraints in the summary are in the context from now on, as if the user had stated them.
    if (this.#policy.decay.extractFromMessages) this.#addExtracted(extractConstraints(summary, this.#context), 'user', position);
    return success();
  }

  #onContextText(event: PromptEvent | ResourceEvent): EventResult {
    const label = event.type === 'prompt' ? event.name : event.uri;
    this.#ledger.append(event.type, event.tokens ?? this.#tokenizer.count(event.text), `${event.type}: ${label}`);
    const position = this.#ledger.position;
    this.#facts.refreshRestated(event.text, position);

    if (event.type === 'prompt' && this.#policy.decay.extractFromMessages) {
      this.#addExtracted(extractConstraints(event.text, this.#context), 'prompt', position);
    }
    if (event.type === 'resource' && this.#policy.decay.extractFromResults) {
      const target: Target = event.uri.startsWith('file://') ? { kind: 'path', id: decodeURI(event.uri.slice('file://'.length)) } : { kind: 'url', id: event.uri };
      this.#addExtracted(extractHazards(event.text, 'resources/read', [target], this.#context), 'resource', position);
    }
    return success();
  }

  #onNote(event: NoteEvent): EventResult {
    // A note that names a place ("nothing under data/") is about that place, as a stated constraint would be.
    const targets = pathsInText(event.text, this.#context);
    this.#facts.add(
      { kind: event.kind, text: event.text, source: event.source, ...(targets.length === 0 ? {} : { scope: { targets } }), decayTokens: this.#policy.decay.tokens },
      this.#ledger.position,
    );
    return success();
  }

  #onReminder(event: ReminderEvent): EventResult {
    this.#ledger.append('reminder', event.tokens ?? 0, `reminder: ${event.factIds.join(', ')}`);
    this.#facts.refresh(event.factIds, this.#ledger.position);
    return success();
  }

  #onApproval(event: ApprovalEvent): EventResult {
    const callId = this.#intents.answer(event.digest, event.approved);
    if (callId === undefined) {
      return failure({
        code: 'LOOKOUT_UNKNOWN_CALL',
        message: `No call waits for approval with digest ${event.digest}; an approval is bound to the digest the ask decision carried.`,
        path: 'digest',
      });
    }
    const journal = this.#journal.answered(callId, event.approved);
    const record = this.#calls.get(callId);
    if (!event.approved || record === undefined) return success(journal);

    record.ran = true;
    const decision: AllowDecision = { kind: 'allow', callId, tool: record.tool, classification: record.classification, digest: event.digest, arguments: record.args, basis: ['approved'] };
    record.decision = decision;
    return { ok: true, decision, journal };
  }

  // ---- tool calls and results -----------------------------------------------------------------

  #onToolCall(event: ToolCallEvent): EventResult {
    const parsedArguments = parseArguments(event.arguments);
    if (!parsedArguments.ok) return failure(parsedArguments.error);
    const args = parsedArguments.args;

    const previous = this.#calls.get(event.id);
    if (previous !== undefined && previous.ran) {
      return failure({ code: 'LOOKOUT_DUPLICATE_CALL', message: `Tool call id ${event.id} was already allowed; give each call its own id.`, path: 'id' });
    }

    const definition = event.definition ?? this.#tools.get(event.tool);
    const classification = this.#classify({
      tool: event.tool,
      arguments: args,
      ...(definition === undefined ? {} : { definition }),
      context: this.#context,
      ...(event.server === undefined ? {} : { server: event.server }),
    });
    const call: ReviewedCall = {
      id: event.id,
      tool: event.tool,
      ...(event.server === undefined ? {} : { server: event.server }),
      args,
      digest: callDigest(event.tool, args),
      classification,
      profile: profileCall(event.tool, args, classification),
      intents: callIntents(classification),
    };

    const callIndex = this.#ledger.calls;
    const decided = decideCall(call, this.#decisionState());
    const { decision, journal } = this.#apply(call, decided);

    // A front end may submit a held call again under its id (after its own investigation); the call entered
    // the context once, so only its first submission counts on the token axis.
    if (previous === undefined) {
      this.#ledger.append('tool_call', event.tokens ?? this.#tokenizer.count(`${event.tool} ${canonicalJson(args)}`), `${event.tool} ${decision.kind}`);
    }
    if (decision.kind === 'hold' && decision.facts.length > 0) {
      // The hold's text shows these facts to the model: that is the reminder.
      this.#facts.refresh(decision.facts.map((fact) => fact.id), this.#ledger.position);
    }

    this.#remember(event.id, {
      tool: event.tool,
      ...(event.server === undefined ? {} : { server: event.server }),
      args,
      classification,
      decision,
      ran: decision.kind === 'allow',
      callIndex,
      origin: event.origin ?? 'agent',
    });
    return { ok: true, decision, journal };
  }

  /** Applies the policy mode and records what the decision changes: held, denied and asked intents. */
  #apply(call: ReviewedCall, decision: Decision): { decision: Decision; journal: JournalEntry[] } {
    const details = { ...(call.server === undefined ? {} : { server: call.server }), arguments: call.args };
    const level = call.classification.level;
    const targets = call.profile.targets;

    if (decision.kind !== 'allow' && this.#policy.mode === 'log-only') {
      const journal = this.#journal.intercept(decision, { ...details, logOnly: true });
      const allowed: AllowDecision = {
        kind: 'allow',
        callId: decision.callId,
        tool: decision.tool,
        classification: decision.classification,
        digest: decision.digest,
        ...(decision.arguments === undefined ? {} : { arguments: decision.arguments }),
        basis: ['log_only'],
        wouldBlock: { kind: decision.kind, reasons: [...decision.reasons], ...('ruleId' in decision && decision.ruleId !== undefined ? { ruleId: decision.ruleId } : {}) },
        ...(decision.kind === 'hold'
          ? { wouldHold: { reasons: decision.reasons, modes: decision.modes, facts: decision.facts, missing: decision.missing, ...(decision.ruleId === undefined ? {} : { ruleId: decision.ruleId }) } }
          : {}),
      };
      return { decision: allowed, journal: [...journal, ...this.#journal.decided(allowed, level, targets)] };
    }

    switch (decision.kind) {
      case 'allow': {
        const journal = this.#journal.decided(decision, level, targets);
        if (decision.basis.includes('released')) this.#intents.release(decision.digest);
        if (decision.wouldHold !== undefined) {
          journal.push(...this.#journal.intercept({ ...decision.wouldHold, kind: 'hold', callId: decision.callId, tool: decision.tool, classification: decision.classification, digest: decision.digest }, { ...details, logOnly: true }));
        }
        return { decision, journal };
      }
      case 'hold':
        this.#intents.recordHold({
          callId: decision.callId,
          digest: decision.digest,
          tool: decision.tool,
          reasons: decision.reasons,
          intents: call.intents,
          ...(decision.ruleId === undefined ? {} : { ruleId: decision.ruleId }),
        });
        return { decision, journal: this.#journal.intercept(decision, details) };
      case 'deny':
        this.#intents.recordDeny(decision.callId, decision.digest, decision.tool, call.intents, decision.ruleId);
        return { decision, journal: this.#journal.intercept(decision, details) };
      case 'ask':
        this.#intents.recordAsk(decision.digest, decision.callId);
        return { decision, journal: this.#journal.intercept(decision, details) };
    }
  }

  #onToolResult(event: ToolResultEvent): EventResult {
    const record = this.#calls.get(event.id);
    if (record === undefined) {
      return failure({ code: 'LOOKOUT_UNKNOWN_CALL', message: `No tool call with id ${event.id} was seen; send the tool_call event before its result.`, path: 'id' });
    }

    const entry = this.#ledger.append('tool_result', event.tokens ?? this.#tokenizer.count(event.text), `${record.tool} ${event.isError ? 'error' : 'result'}`);
    const position = this.#ledger.position;
    this.#facts.refreshRestated(event.text, position);

    // A held or denied call did not run. Its "result" is the guard's own text, which shows nothing about
    // the targets and releases nothing, whatever its wording.
    if (!record.ran) return success();

    const at: Moment = { sequence: entry.sequence, position, callIndex: record.callIndex, callId: event.id, tool: record.tool };
    const journal: JournalEntry[] = [];
    const { classification } = record;

    for (const observation of classification.observations) {
      const summary = this.#summarizeSafely(observation.effect, observation.target, event.text, event.isError);
      this.#investigations.recordObservation({ ...observation, at, ...summary });
      this.#journal.observe(observation.target);
      if (record.origin === 'guard' && summary.atStake === false) {
        journal.push({ event: 'check', id: event.id, tool: record.tool, targets: [observation.target], found: summary.summary ?? 'nothing at stake' });
      }
    }

    const ensures = classification.ensures ?? [];
    if (event.isError) {
      for (const target of [...classification.creates, ...ensures, ...classification.writes]) this.#investigations.recordFailure(target, at);
    } else {
      for (const target of classification.creates) this.#investigations.recordCreated(target);
      // After a successful write of a whole file, everything in it is the session's own: deleting it later
      // loses nothing the session did not write. (The write itself was checked as an overwrite.)
      for (const finding of classification.findings) {
        if (CONTENT_WRITES.has(finding.effect)) for (const target of finding.targets) this.#investigations.recordCreated(target);
      }
      // Making a folder changes what a listing of its parent showed, not what is inside it.
      const made = new Set([...classification.creates, ...ensures].map((target) => targetKey(target)));
      for (const target of classification.writes) this.#investigations.recordWrite(target, at, made.has(targetKey(target)));
      for (const target of [...classification.creates, ...ensures]) this.#investigations.recordEnsured(target);
      const written = new Set(classification.writes.map((target) => targetKey(target)));
      for (const target of ensures) {
        if (!written.has(targetKey(target))) this.#investigations.recordWrite(target, at, true);
      }
      for (const finding of classification.findings) {
        if (/move|copy|rename/.test(finding.effect)) this.#investigations.recordTransfer(finding.targets);
      }
    }

    if (this.#policy.decay.extractFromResults && !event.isError) {
      const looked = classification.observations.map((observation) => observation.target);
      this.#addExtracted(extractHazards(event.text, record.tool, looked, this.#context), 'tool_result', position);
    }
    return success(journal);
  }

  // ---- helpers --------------------------------------------------------------------------------

  #addExtracted(extracted: ExtractedFact[], source: Fact['source'], position: number): void {
    for (const fact of extracted) {
      // A statement that restates a known fact refreshes it (done by the caller) instead of adding a copy.
      if (this.#facts.restatedBy(fact.text).length > 0) continue;
      this.#facts.add(
        {
          kind: 'safety',
          text: fact.text,
          source,
          ...(fact.targets.length === 0 ? {} : { scope: { targets: fact.targets } }),
          decayTokens: this.#policy.decay.tokens,
        },
        position,
      );
    }
  }

  #summarizeSafely(effect: string, target: Target, resultText: string, isError: boolean): { summary?: string; atStake?: boolean } {
    try {
      return this.#summarize({ effect, target, resultText, isError });
    } catch {
      // The summary only decorates hold texts; an observation without one still counts.
      return {};
    }
  }

  #decisionState(): DecisionState {
    return {
      policy: this.#policy,
      facts: this.#facts,
      investigations: this.#investigations,
      intents: this.#intents,
      now: { position: this.#ledger.position, callIndex: this.#ledger.calls },
      tools: [...this.#tools.values()],
      context: this.#context,
      suggest: this.#suggest,
      matchOptions: this.#matchOptions(),
    };
  }

  #matchOptions(): MatchOptions {
    return { caseInsensitive: this.#context.caseInsensitivePaths === true };
  }

  #remember(id: string, record: CallRecord): void {
    this.#calls.delete(id);
    this.#calls.set(id, record);
    if (this.#calls.size > MAX_CALL_RECORDS) {
      const oldest = this.#calls.keys().next().value;
      if (oldest !== undefined) this.#calls.delete(oldest);
    }
  }
}

function success(journal: JournalEntry[] = []): EventResult {
  return { ok: true, journal };
}

function failure(error: EngineError): EventResult {
  return { ok: false, error, journal: [] };
}

function describeType(input: unknown): string {
  const type = typeof input === 'object' && input !== null ? (input as { type?: unknown }).type : undefined;
  return typeof type === 'string' ? type : 'malformed';
}

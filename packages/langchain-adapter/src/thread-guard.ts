// One guarded conversation: the engine session of one LangGraph thread, the tools the agent has, what the
// engine has already been told, and the journal its near misses go to.
import type { BaseMessage, SystemMessage } from '@langchain/core/messages';
import { AIMessage } from '@langchain/core/messages';
import type { StructuredToolInterface } from '@langchain/core/tools';
import { createSession, JOURNAL_VERSION, redactSecrets } from '@lookout/core';
import type { Decision, EventResult, JournalEntry, Session, SessionEvent, ToolDefinition } from '@lookout/core';
import { createJournalWriter } from '@lookout/core/node';
import type { JournalWriter } from '@lookout/core/node';

import { ConversationTracker } from './conversation.js';
import { messageText } from './message-text.js';
import type { GuardSettings, JournalRecord } from './options.js';
import { renderReminder } from './reminder-text.js';
import type { Injection } from './reminder-text.js';
import { isInvocableTool, toToolDefinition } from './tool-definitions.js';

/** A tool call as the guard judges it. */
export interface GuardedCall {
  id: string;
  name: string;
  args: Record<string, unknown>;
}

/** The engine's decision, or why it could not decide (invalid arguments, an engine fault). */
export type GuardDecision = Decision | { kind: 'error'; message: string };


export class ThreadGuard {
  readonly id: string;
  readonly conversation = new ConversationTracker();
  readonly #settings: Readonly<GuardSettings>;
  readonly #session: Session;
  readonly #journal: JournalWriter | undefined;
  readonly #tools = new Map<string, StructuredToolInterface>();
  readonly #definitions = new Map<string, ToolDefinition>();
  /** Decisions by call id, so a call re-run after an interrupt is not judged (or journaled) twice. */
  readonly #decisions = new Map<string, Decision>();

  constructor(settings: Readonly<GuardSettings>, id: string) {
    this.id = id;
    this.#settings = settings;
    this.#session = createSession({ policy: settings.policy, context: settings.context, tokenizer: settings.tokenizer, id });
    this.#journal =
      settings.journal === undefined ? undefined : createJournalWriter({ ...settings.journal, sessionId: id, redact: settings.policy.journal.redact });
  }

  get settings(): Readonly<GuardSettings> {
    return this.#settings;
  }

  /** Registers the tools the agent can call; definitions reach the engine, invocable tools stay for investigations. */
  addTools(tools: readonly unknown[]): void {
    let changed = false;
    for (const tool of tools) {
      const definition = toToolDefinition(tool);
      if (definition === undefined) continue;
      if (isInvocableTool(tool)) this.#tools.set(definition.name, tool);
      if (sameDefinition(this.#definitions.get(definition.name), definition)) continue;
      this.#definitions.set(definition.name, definition);
      changed = true;
    }
    if (changed) this.#session.setTools([...this.#definitions.values()]);
  }

  tool(name: string): StructuredToolInterface | undefined {
    return this.#tools.get(name);
  }

  definition(name: string): ToolDefinition | undefined {
    return this.#definitions.get(name);
  }

  /** Feeds one event and writes its journal entries; replayed history is measured but never journaled. */
  feed(event: SessionEvent, replay = false): EventResult {
    const result = this.#session.handle(event);
    if (!replay) this.#writeJournal(result);
    return result;
  }

  /** Brings the engine up to date with the history a model call or a tool call is about to act on. */
  syncConversation(systemMessage: SystemMessage | undefined, messages: readonly BaseMessage[]): void {
    const systemText = systemMessage === undefined ? '' : messageText(systemMessage);
    for (const tracked of this.conversation.sync(systemText, messages)) this.feed(tracked.event, tracked.replay);
  }

  /**
   * Returns the decayed facts relevant to the risky tools bound to a model call, rendered for the model, and
   * tells the engine they were shown (a `reminder` event), so a call the model then makes is not held for them.
   */
  takeInjection(boundTools: readonly unknown[]): Injection | undefined {
    const candidates = boundTools.map(toToolDefinition).filter((definition) => definition !== undefined);
    const facts = this.#session.factsToRemind(candidates);
    if (facts.length === 0) return undefined;

    const text = renderReminder(facts);
    this.feed({ type: 'reminder', factIds: facts.map((fact) => fact.id), tokens: this.#settings.tokenizer.count(text) });
    const injection = { facts, text };
    this.#settings.onInjection?.(injection);
    return injection;
  }

  /** Feeds a model response live, giving it an id first when the model left it without one. */
  recordResponse(response: AIMessage): void {
    if (!AIMessage.isInstance(response)) return;
    response.id ??= `lookout-${crypto.randomUUID()}`;
    const text = messageText(response);
    if (text !== '') this.feed({ type: 'message', role: 'assistant', text });
    this.conversation.markResponse(response);
  }

  /**
   * Judges a call, once per call id: a call re-run after an interrupt gets the decision it had. `guard` marks
   * the guard's own investigations, which the engine journals as checks when they find nothing at stake.
   */
  decide(call: GuardedCall, origin: 'agent' | 'guard' = 'agent'): GuardDecision {
    const known = this.#decisions.get(call.id);
    if (known !== undefined) return known;
    return this.#judge(call, origin);
  }

  /** Judges a held call again under the same id, after the guard's own investigation found nothing at stake. */
  rejudge(call: GuardedCall): GuardDecision {
    this.#decisions.delete(call.id);
    return this.#judge(call, 'agent');
  }

  #judge(call: GuardedCall, origin: 'agent' | 'guard'): GuardDecision {
    const event: SessionEvent = { type: 'tool_call', id: call.id, tool: call.name, arguments: call.args, origin };
    const definition = this.#definitions.get(call.name);
    if (definition !== undefined) event.definition = definition;

    this.conversation.markCall(call.id);
    const result = this.feed(event);
    if (!result.ok) return { kind: 'error', message: `${result.error.code}: ${result.error.message}` };
    if (result.decision === undefined) return { kind: 'error', message: `the engine returned no decision for call ${call.id}` };

    this.#decisions.set(call.id, result.decision);
    return result.decision;
  }

  /** Feeds the result of a call the engine judged (for a held call, the guard's text) and returns its journal entries. */
  recordResult(callId: string, text: string, isError: boolean): JournalEntry[] {
    if (this.conversation.hasResult(callId)) return [];
    const result = this.feed({ type: 'tool_result', id: callId, text, isError });
    this.conversation.markResult(callId, text);
    return result.journal;
  }

  /** Ends the session: the engine resolves pending near misses, and the journal is flushed. */
  async end(): Promise<void> {
    this.feed({ type: 'end' });
    this.#journal?.flush();
  }

  #writeJournal(result: EventResult): void {
    if (result.journal.length === 0) return;
    this.#journal?.writeAll(result.journal);
    const onJournal = this.#settings.onJournal;
    if (onJournal === undefined) return;
    for (const entry of result.journal) {
      const record: JournalRecord = { v: JOURNAL_VERSION, time: new Date().toISOString(), session: this.id, ...entry };
      // The same redaction as the journal file: a live view must not show what the file hides.
      onJournal(redactSecrets(record, this.#settings.policy.journal.redact));
    }
  }
}

function sameDefinition(known: ToolDefinition | undefined, next: ToolDefinition): boolean {
  if (known === next) return true;
  return known !== undefined && JSON.stringify(known) === JSON.stringify(next);
}

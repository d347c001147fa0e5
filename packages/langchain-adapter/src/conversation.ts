// Keeps the engine's view of the conversation in step with the agent's messages. Each model call shows the
// whole history, so this tracker turns what is new since the last call into events. A history that lost
// messages (a summary, a trim, any rewrite) becomes a compaction event.
import { AIMessage, ToolMessage } from '@langchain/core/messages';
import type { BaseMessage } from '@langchain/core/messages';
import type { SessionEvent } from '@lookout/core';

import { contentFingerprint, isSummaryMessage, messageRole, messageText } from './message-text.js';

/** An event to feed, and whether it replays history the guard never saw live (its decisions are not acted on). */
export interface TrackedEvent {
  event: SessionEvent;
  replay: boolean;
}

export class ConversationTracker {
  /** Keys of the messages in the model's context, in order, as of the last sync or live event. */
  #inContext: string[] = [];
  /** Content fingerprint of every message the engine has been given, by key. */
  #fingerprints = new Map<string, string>();
  #systemText: string | undefined;
  /** Tool call ids whose `tool_call` event the engine has. */
  #calls = new Set<string>();
  /** Tool call ids whose `tool_result` event the engine has. */
  #results = new Set<string>();

  /** Returns the events that bring the engine up to date with the system prompt and messages of a model call. */
  sync(systemText: string, messages: readonly BaseMessage[]): TrackedEvent[] {
    const events: TrackedEvent[] = [];
    if (systemText !== '' && systemText !== this.#systemText) {
      this.#systemText = systemText;
      events.push({ event: { type: 'message', role: 'system', text: systemText }, replay: false });
    }

    const entries = messages.map((message, index) => {
      const { text, fingerprint } = measureMessage(message);
      return { message, text, key: messageKey(message, index, fingerprint), fingerprint };
    });

    const compaction = this.#detectCompaction(entries);
    if (compaction !== undefined) events.push({ event: compaction, replay: false });

    // Calls without a result yet are still on their way to the tool node, where they are judged live.
    const answered = new Set(messages.filter((message) => ToolMessage.isInstance(message)).map((message) => message.tool_call_id));
    for (const entry of entries) {
      if (this.#fingerprints.get(entry.key) === entry.fingerprint) continue;
      this.#fingerprints.set(entry.key, entry.fingerprint);
      events.push(...this.#eventsFor(entry.message, entry.text, answered));
    }

    this.#inContext = entries.map((entry) => entry.key);
    return events;
  }

  /** Records a model response that was fed live, so the next sync does not feed it again. */
  markResponse(message: AIMessage): void {
    const { fingerprint } = measureMessage(message);
    const key = messageKey(message, this.#inContext.length, fingerprint);
    this.#fingerprints.set(key, fingerprint);
    this.#inContext.push(key);
  }

  markCall(callId: string): void {
    this.#calls.add(callId);
  }

  hasCall(callId: string): boolean {
    return this.#calls.has(callId);
  }

  /** Records a tool result that was fed live, keyed as its `ToolMessage` will be once it is in the state. */
  markResult(callId: string, text: string): void {
    this.#results.add(callId);
    const key = toolKey(callId);
    this.#fingerprints.set(key, contentFingerprint(text));
    this.#inContext.push(key);
  }

  hasResult(callId: string): boolean {
    return this.#results.has(callId);
  }

  /**
   * Finds messages that were in context and are gone or rewritten. The summary is the text of the messages
   * that took their place: the summarization middleware's message, or new messages ahead of the first one kept.
   */
  #detectCompaction(entries: Array<{ message: BaseMessage; text: string; key: string; fingerprint: string }>): SessionEvent | undefined {
    const current = new Map(entries.map((entry) => [entry.key, entry.fingerprint]));
    const lost = this.#inContext.filter((key) => current.get(key) !== this.#fingerprints.get(key));
    if (lost.length === 0) return undefined;

    const summaries: Array<{ key: string; fingerprint: string; text: string }> = [];
    for (const entry of entries) {
      const kept = this.#fingerprints.get(entry.key) === entry.fingerprint;
      if (kept && !isSummaryMessage(entry.message)) break;
      if (!kept && (isSummaryMessage(entry.message) || messageRole(entry.message) !== undefined)) summaries.push(entry);
    }

    // The summarization middleware gives its summary the id of the first message it replaced, so lost keys go
    // first. The summary enters the context through the compaction event, not as a second user message.
    for (const key of lost) this.#fingerprints.delete(key);
    for (const entry of summaries) this.#fingerprints.set(entry.key, entry.fingerprint);
    const summaryParts = summaries.map((entry) => entry.text);

    const summary = summaryParts.join('\n\n');
    return summary === '' ? { type: 'compaction' } : { type: 'compaction', summary };
  }

  #eventsFor(message: BaseMessage, text: string, answered: ReadonlySet<string>): TrackedEvent[] {
    if (ToolMessage.isInstance(message)) return this.#resultEvents(message, text);

    const role = messageRole(message);
    if (role === undefined) return [];
    const events: TrackedEvent[] = [];
    if (text !== '') events.push({ event: { type: 'message', role, text }, replay: false });
    if (AIMessage.isInstance(message)) events.push(...this.#replayedCalls(message, answered));
    return events;
  }

  /** Tool calls in history the guard never saw run (an earlier process, another graph): fed so later decisions see them. */
  #replayedCalls(message: AIMessage, answered: ReadonlySet<string>): TrackedEvent[] {
    const events: TrackedEvent[] = [];
    for (const call of message.tool_calls ?? []) {
      if (call.id === undefined || this.#calls.has(call.id) || !answered.has(call.id)) continue;
      this.#calls.add(call.id);
      events.push({ event: { type: 'tool_call', id: call.id, tool: call.name, arguments: call.args }, replay: true });
    }
    return events;
  }

  #resultEvents(message: ToolMessage, text: string): TrackedEvent[] {
    const callId = message.tool_call_id;
    if (this.#results.has(callId) || !this.#calls.has(callId)) return [];
    this.#results.add(callId);
    return [{ event: { type: 'tool_result', id: callId, text, isError: message.status === 'error' }, replay: true }];
  }
}

function toolKey(callId: string): string {
  return `tool:${callId}`;
}

/** Tool results are keyed by their call, which is stable; other messages by id, or by place and content without one. */
function messageKey(message: BaseMessage, index: number, fingerprint: string): string {
  if (ToolMessage.isInstance(message)) return toolKey(message.tool_call_id);
  return message.id ?? `unnamed:${index}:${fingerprint}`;
}

/**
 * Every model call shows the whole history again, so text and fingerprint are kept per message object and
 * reused while its content is the same value; 200 steps would otherwise hash the history 200 times.
 */
const measured = new WeakMap<BaseMessage, { content: unknown; text: string; fingerprint: string }>();

function measureMessage(message: BaseMessage): { text: string; fingerprint: string } {
  const cached = measured.get(message);
  if (cached !== undefined && cached.content === message.content) return cached;

  const text = messageText(message);
  const entry = { content: message.content, text, fingerprint: contentFingerprint(text) };
  measured.set(message, entry);
  return entry;
}

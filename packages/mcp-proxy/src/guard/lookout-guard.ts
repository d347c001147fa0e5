// The guard of one client session: every tools/call goes through the engine, results and prompts feed it,
// and holds, denials and approval requests come back to the model as ordinary tool results it can act on.
import type { Decision, EventResult, JournalEntry, Session, ToolDefinition } from '@lookout/core';

import { GuardSetupError, type GuardSessionContext, type InitializeInfo, type JsonObject, type ProxyGuard, type ToolCall, type ToolCallVerdict, type UpstreamEvent, type WireTool, type WireToolResult } from '../proxy/guard.js';
import { AGENT_TOOL_NAMES, AGENT_TOOLS, GUARD_INSTRUCTIONS, callAgentTool } from './agent-tools.js';
import { askPerson } from './approval.js';
import { investigateMissing } from './auto-investigate.js';
import { blockedResult, failClosedResult } from './results.js';
import { promptText, resourceTexts, resultText, toToolDefinition } from './wire.js';

/** The destination of the near-miss records a guard's session produces. */
export interface JournalSink {
  write(sessionId: string, entries: JournalEntry[]): void;
}

export interface LookoutGuardOptions {
  session: Session;
  journal: JournalSink;
  context: GuardSessionContext;
  /** Add `lookout_recall` and `lookout_note` to the tool list. */
  agentTools: boolean;
  /** Let the guard make the read-only investigations itself. */
  autoInvestigate: boolean;
}

export class LookoutGuard implements ProxyGuard {
  readonly #session: Session;
  readonly #journal: JournalSink;
  readonly #context: GuardSessionContext;
  readonly #agentTools: boolean;
  readonly #autoInvestigate: boolean;
  readonly #tools = new Map<string, ToolDefinition>();
  /** Holds withdrawn because an auto-investigation found nothing at stake: their records are never written. */
  readonly #withdrawn = new Set<string>();
  #toolsListed = false;

  constructor(options: LookoutGuardOptions) {
    this.#session = options.session;
    this.#journal = options.journal;
    this.#context = options.context;
    this.#agentTools = options.agentTools;
    this.#autoInvestigate = options.autoInvestigate;
  }

  onInitialize(info: InitializeInfo): string | undefined {
    // The server's instructions are in the model's context from the start: constraints in them are facts.
    if (info.instructions !== undefined) this.#feed({ type: 'message', role: 'system', text: info.instructions });
    if (!this.#agentTools) return info.instructions;
    return info.instructions === undefined ? GUARD_INSTRUCTIONS : `${info.instructions}\n\n${GUARD_INSTRUCTIONS}`;
  }

  onToolsList(tools: WireTool[], lastPage: boolean): WireTool[] {
    this.#learnTools(tools);
    if (!this.#agentTools || !lastPage) return tools;

    const clash = tools.find((tool) => AGENT_TOOL_NAMES.includes(tool.name));
    if (clash !== undefined) {
      throw new GuardSetupError(
        `The server has its own tool "${clash.name}", which clashes with Lookout's agent tool of that name. Start lookout-mcp with --no-agent-tools.`,
      );
    }
    return [...tools, ...AGENT_TOOLS];
  }

  async beforeToolCall(call: ToolCall): Promise<ToolCallVerdict> {
    if (this.#agentTools && AGENT_TOOL_NAMES.includes(call.name)) {
      return { action: 'respond', result: callAgentTool(this.#session, call.name, call.arguments) };
    }
    if (!this.#toolsListed) await this.#listToolsOnce(call.signal);

    const definition = this.#tools.get(call.name);
    const event = { type: 'tool_call', id: call.id, server: this.#context.server, tool: call.name, arguments: call.arguments, ...(definition ? { definition } : {}) };
    const first = this.#session.handle(event);
    const decision = first.ok ? first.decision : undefined;
    if (decision === undefined) {
      this.#write(first.journal);
      return this.#failClosed(call, definition, first);
    }

    // A hold's records wait until auto-investigation has run: a check that finds nothing at stake means no hold.
    if (decision.kind !== 'hold') this.#write(first.journal);
    return this.#act(call, decision, event, first.journal);
  }

  afterToolResult(call: ToolCall, result: WireToolResult): void {
    if (this.#agentTools && AGENT_TOOL_NAMES.includes(call.name)) return;
    const { text, tokens } = resultText(result);
    this.#feed({ type: 'tool_result', id: call.id, text, isError: result['isError'] === true, ...(tokens === undefined ? {} : { tokens }) });
  }

  onPromptResult(params: JsonObject, result: JsonObject): void {
    const { text, tokens } = promptText(result);
    const name = typeof params['name'] === 'string' ? params['name'] : 'prompt';
    if (text.length > 0) this.#feed({ type: 'prompt', name, text, ...(tokens === undefined ? {} : { tokens }) });
  }

  onResourceResult(_params: JsonObject, result: JsonObject): void {
    for (const resource of resourceTexts(result)) {
      this.#feed({ type: 'resource', uri: resource.uri, text: resource.text, ...(resource.tokens === undefined ? {} : { tokens: resource.tokens }) });
    }
  }

  onUpstreamEvent(event: UpstreamEvent): void {
    this.#journal.write(this.#session.id, [upstreamRecord(event)]);
  }

  onSessionEnd(): void {
    this.#feed({ type: 'end' });
  }

  // ---- deciding ---------------------------------------------------------------------------------

  async #act(call: ToolCall, decision: Decision, event: JsonObject, journal: JournalEntry[]): Promise<ToolCallVerdict> {
    switch (decision.kind) {
      case 'allow':
        return { action: 'forward' };
      case 'deny':
        return { action: 'respond', result: blockedResult(decision, call.arguments) };
      case 'ask':
        return this.#ask(call, decision);
      case 'hold':
        return this.#hold(call, decision, event, journal);
    }
  }

  async #hold(call: ToolCall, decision: Extract<Decision, { kind: 'hold' }>, event: JsonObject, journal: JournalEntry[]): Promise<ToolCallVerdict> {
    if (!this.#autoInvestigate || !decision.missing.some((missing) => missing.suggestions.some((suggestion) => suggestion.readOnly))) {
      this.#write(journal);
      return { action: 'respond', result: blockedResult(decision, call.arguments) };
    }

    const investigation = await investigateMissing({
      decision,
      callId: call.id,
      session: this.#session,
      callUpstreamTool: (name, args) => this.#context.callUpstreamTool(name, args, call.signal),
      feed: (input) => this.#feed(input),
    });
    // Nothing at stake and no fact to remind: the call runs as if it had never been held, and the journal keeps
    // only the check records the investigation wrote.
    if (investigation.ran > 0 && !investigation.atStake && !decision.reasons.includes('reminder')) {
      const again = this.#session.handle(event);
      if (again.ok && again.decision?.kind === 'allow') {
        this.#withdrawn.add(call.id);
        this.#write(again.journal);
        return { action: 'forward' };
      }
      this.#write(again.journal);
    }

    this.#write(journal);
    return { action: 'respond', result: blockedResult(decision, call.arguments, investigation.findings) };
  }

  async #ask(call: ToolCall, decision: Extract<Decision, { kind: 'ask' }>): Promise<ToolCallVerdict> {
    const answer = await askPerson(this.#context, call, decision);
    if (answer === 'unavailable') {
      return { action: 'respond', result: blockedResult(decision, call.arguments, [], 'This client cannot ask a person (it did not declare elicitation), so Lookout denied the call.') };
    }

    const result = this.#feed({ type: 'approval', id: call.id, digest: decision.digest, approved: answer === 'approved' });
    if (answer === 'approved' && result.ok && result.decision?.kind === 'allow') return { action: 'forward' };
    return { action: 'respond', result: blockedResult(decision, call.arguments, [], 'A person declined this call, so it did not run.') };
  }

  /** The engine could not judge the call: read-only tools pass, anything else is held with the error. */
  #failClosed(call: ToolCall, definition: ToolDefinition | undefined, result: EventResult): ToolCallVerdict {
    const message = result.ok ? 'the engine returned no decision' : result.error.message;
    this.#context.logger.error({ callId: call.id, tool: call.name, err: message }, 'guard could not judge a tool call');
    if (definition?.annotations?.readOnlyHint === true) return { action: 'forward' };
    return { action: 'respond', result: failClosedResult(call.name, message) };
  }

  // ---- helpers ----------------------------------------------------------------------------------

  #feed(event: JsonObject): EventResult {
    const result = this.#session.handle(event);
    if (!result.ok) this.#context.logger.warn({ event: event['type'], code: result.error.code, err: result.error.message }, 'engine rejected an event');
    this.#write(result.journal);
    return result;
  }

  #write(entries: JournalEntry[]): void {
    // The engine still resolves a withdrawn hold later; an outcome without its intercept would confuse reports.
    const kept = entries.filter((entry) => !(entry.event === 'outcome' && this.#withdrawn.has(entry.ref)));
    if (kept.length > 0) this.#journal.write(this.#session.id, kept);
  }

  #learnTools(tools: WireTool[]): void {
    this.#toolsListed = true;
    for (const tool of tools) this.#tools.set(tool.name, toToolDefinition(tool));
    this.#session.setTools([...this.#tools.values()]);
  }

  /** Clients may call a tool without listing first; annotations must still come from the server. */
  async #listToolsOnce(signal: AbortSignal): Promise<void> {
    let cursor: string | undefined;
    try {
      do {
        const page = await this.#context.requestUpstream('tools/list', cursor === undefined ? undefined : { cursor }, signal);
        this.#learnTools(Array.isArray(page['tools']) ? (page['tools'] as WireTool[]) : []);
        cursor = typeof page['nextCursor'] === 'string' ? page['nextCursor'] : undefined;
      } while (cursor !== undefined);
    } catch (error) {
      this.#context.logger.warn({ err: error }, 'could not list the server tools before a call; judging without annotations');
      this.#toolsListed = true;
    }
  }
}

/** Builds the journal record of a server exit, restart or timeout. */
function upstreamRecord(event: UpstreamEvent): JournalEntry {
  switch (event.kind) {
    case 'exited':
      return { event: 'upstream', status: event.code === 0 ? 'exited' : 'crashed', server: event.server, detail: event.detail };
    case 'restarted':
      return { event: 'upstream', status: 'restarted', server: event.server, detail: `attempt ${event.attempt}` };
    case 'timed_out':
      return { event: 'upstream', status: 'timed_out', server: event.server, detail: `${event.method} ${event.tool ?? ''} after ${event.timeoutMs} ms`.replace('  ', ' ') };
  }
}

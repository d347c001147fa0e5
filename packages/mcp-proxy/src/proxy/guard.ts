// The seam between the transparent proxy and a guard. The proxy creates one guard per client session and calls
// its hooks at fixed moments; a guard never touches transports or request ids. Hooks, in the order a session
// meets them:
//
//   onInitialize      the server answered initialize; returns the instructions the client gets (undefined
//                     keeps the server's)
//   onToolsList       a page of the server's tools/list result; returns the tools the client gets
//   beforeToolCall    a client tools/call, before it is forwarded; forward it, or answer it in place
//   afterToolResult   the server's result was forwarded to the client (off the critical path)
//   onPromptResult    a prompts/get result was forwarded to the client
//   onResourceResult  a resources/read result was forwarded to the client
//   onUpstreamEvent   the server exited, crashed, was restarted, or a call timed out
//   onSessionEnd      the client session ended; the guard resolves what is still open and flushes
//
// Every hook is optional except beforeToolCall. A hook that throws is logged; the proxy then forwards unchanged,
// so a broken guard fails open on the transparent paths. beforeToolCall is the exception: its errors become a
// tool error result, because only the guard knows whether the call was risky.
import type { Logger } from 'pino';

/** JSON object as it travels on the wire; the proxy never strips keys from these. */
export type JsonObject = Record<string, unknown>;

/** A tool definition from the server's tools/list, every field as the server sent it. */
export type WireTool = JsonObject & { name: string };

/** A `CallToolResult` as it travels on the wire (`content`, `structuredContent`, `isError`, `_meta`, ...). */
export type WireToolResult = JsonObject;

export interface InitializeInfo {
  protocolVersion: string;
  clientInfo: JsonObject;
  clientCapabilities: JsonObject;
  serverInfo: JsonObject;
  serverCapabilities: JsonObject;
  /** The server's instructions; undefined when it sent none. */
  instructions: string | undefined;
}

export interface ToolCall {
  /** Unique within the session; the proxy's own id, not the client's JSON-RPC id. */
  id: string;
  /** The client session's id (the `mcp-session-id` with `--listen`, `stdio` otherwise). */
  session: string;
  name: string;
  arguments: JsonObject;
  /** The `_meta` the client sent with the call, if any. */
  meta: JsonObject | undefined;
  /** Aborted when the client cancels the call or the session ends while the guard is deciding. */
  signal: AbortSignal;
}

export type ToolCallVerdict = { action: 'forward' } | { action: 'respond'; result: WireToolResult };

export type UpstreamEvent =
  | { kind: 'exited'; server: string; code: number | null; signal: string | null; detail: string }
  | { kind: 'restarted'; server: string; attempt: number }
  | { kind: 'timed_out'; server: string; method: string; tool: string | undefined; timeoutMs: number };

export interface GuardSessionContext {
  session: string;
  /** The upstream server as messages name it: its command line or its URL. */
  server: string;
  logger: Logger;
  /**
   * Calls one of the upstream server's tools on the guard's own behalf (for an auto-investigation). The call
   * gets its own upstream request id, times out after `--call-timeout`, and never reaches the client.
   */
  callUpstreamTool(name: string, args: JsonObject, signal?: AbortSignal): Promise<WireToolResult>;
  /** Sends any request to the upstream server on the guard's own behalf (for example tools/list) and returns its result. */
  requestUpstream(method: string, params: JsonObject | undefined, signal?: AbortSignal): Promise<JsonObject>;
  /** Whether the client declared the elicitation capability at initialize. */
  canElicit(): boolean;
  /**
   * Sends elicitation/create to the client and returns its result (`action`, `content`). Rejects when the client
   * did not declare elicitation; check `canElicit()` first. Pass the call being decided so that, with
   * `--listen`, the request travels on that call's response stream.
   */
  elicit(params: JsonObject, call?: ToolCall): Promise<JsonObject>;
}

export interface ProxyGuard {
  onInitialize?(info: InitializeInfo): string | undefined | Promise<string | undefined>;
  /** Called for every page; `lastPage` is true on the page without `nextCursor`, where added tools belong. */
  onToolsList?(tools: WireTool[], lastPage: boolean): WireTool[] | Promise<WireTool[]>;
  beforeToolCall(call: ToolCall): Promise<ToolCallVerdict>;
  afterToolResult?(call: ToolCall, result: WireToolResult): void | Promise<void>;
  onPromptResult?(params: JsonObject, result: JsonObject): void | Promise<void>;
  onResourceResult?(params: JsonObject, result: JsonObject): void | Promise<void>;
  onUpstreamEvent?(event: UpstreamEvent): void | Promise<void>;
  onSessionEnd?(): void | Promise<void>;
}

export type ProxyGuardFactory = (context: GuardSessionContext) => ProxyGuard;

/**
 * A guard problem the proxy cannot work around, such as an agent tool whose name a server tool already uses.
 * A hook throws it to end the session with the message; lookout-mcp then exits with code 2, as for an invalid
 * flag, because only a change to the command line fixes it.
 */
export class GuardSetupError extends Error {
  override readonly name = 'GuardSetupError';
}

/** The guard of `--no-guard`: forwards every call and changes nothing. */
export const passThroughGuard: ProxyGuardFactory = () => ({
  beforeToolCall: async () => ({ action: 'forward' }),
});

// One client session of the proxy: a client-side transport, one upstream link and one guard. It forwards raw
// JSON-RPC messages both ways and owns everything that must not leak from one side to the other: request ids
// (each side only ever receives ids the proxy issued to it), progress tokens, cancellation, and the guard's
// hooks. The file is longer than most because every handler reads the same table of pending client requests;
// the requests the proxy sends to the client live in client-bound.ts, the upstream side in upstream-pool.ts.
import type { Transport, TransportSendOptions } from '@modelcontextprotocol/sdk/shared/transport.js';
import type { Logger } from 'pino';
import {
  ErrorCode,
  errorResponse,
  idKey,
  isNotification,
  isRequest,
  resultResponse,
  toolErrorResult,
  type JSONRPCMessage,
  type JSONRPCNotification,
  type JSONRPCRequest,
  type RequestId,
} from './jsonrpc.js';
import { GuardSetupError, type GuardSessionContext, type JsonObject, type ProxyGuard, type ProxyGuardFactory, type ToolCall } from './guard.js';
import { ClientBoundRequests } from './client-bound.js';
import { applyResultHooks, notifyAfterForward } from './result-hooks.js';
import { UpstreamPool, type PendingUpstream, type UpstreamFailure } from './upstream-pool.js';
import type { UpstreamConnector } from './upstream.js';

export interface ProxySessionOptions {
  /** `stdio`, or the `mcp-session-id` the proxy gave the client with `--listen`. */
  id: string;
  /** The client-facing transport, not yet started. */
  client: Transport;
  connector: UpstreamConnector;
  guardFactory: ProxyGuardFactory;
  /** How long a request may wait for the upstream server before the client gets a timeout error (`--call-timeout`). */
  callTimeoutMs: number;
  /** Whether a child process that exits is restarted (`--restart`). */
  restart: boolean;
  logger: Logger;
  /** Called once when the session has ended, with the reason. */
  onEnd?: (reason: SessionEndReason) => void;
}

export type SessionEndReason = 'client_closed' | 'upstream_lost' | 'shutdown' | 'guard_error';

/** A client request that has not been answered yet. */
interface ClientRequest {
  clientId: RequestId;
  method: string;
  params: JsonObject;
  abort: AbortController;
  call: ToolCall | undefined;
  upstream: PendingUpstream | undefined;
}

export class ProxySession {
  readonly id: string;
  readonly #options: ProxySessionOptions;
  readonly #logger: Logger;
  readonly #client: Transport;
  readonly #pool: UpstreamPool;
  readonly #guard: ProxyGuard;

  /** Unanswered client requests by client id. Insertion order is arrival order. */
  readonly #clientRequests = new Map<string, ClientRequest>();
  readonly #clientBound = new ClientBoundRequests();
  #nextCallId = 1;

  #clientCapabilities: JsonObject = {};
  #serverCapabilities: JsonObject = {};
  #serverInfoName: string | undefined;
  #accepting = true;
  #ended = false;
  #graceCut = false;

  constructor(options: ProxySessionOptions) {
    this.id = options.id;
    this.#options = options;
    this.#logger = options.logger.child({ session: options.id });
    this.#client = options.client;
    this.#pool = new UpstreamPool({
      connector: options.connector,
      callTimeoutMs: options.callTimeoutMs,
      restart: options.restart,
      logger: this.#logger,
      onMessage: (message) => this.#onUpstreamMessage(message),
      onFailure: (failure) => this.#onUpstreamFailure(failure),
      onRestarted: (attempt) => this.#onUpstreamRestarted(attempt),
      onLost: () => void this.close('upstream_lost'),
    });
    this.#guard = options.guardFactory(this.#guardContext());
  }

  /** Connects the upstream server, then starts reading the client. Rejects when the server cannot be started. */
  async start(): Promise<void> {
    await this.#pool.connect();
    this.#client.onmessage = (message) => this.#onClientMessage(message);
    this.#client.onerror = (error) => this.#logger.warn({ err: error }, 'client transport reported an error');
    this.#client.onclose = () => void this.close('client_closed');
    await this.#client.start();
    this.#logger.info({ server: this.#options.connector.label }, 'session started');
  }

  /** Ends the grace period of a close in progress, so pending requests are cancelled now (a second signal). */
  cutGrace(): void {
    this.#graceCut = true;
  }

  /** Number of client requests still waiting for an answer. */
  get pendingCount(): number {
    return this.#clientRequests.size;
  }

  /**
   * Ends the session: stops accepting requests, waits up to `graceMs` for pending ones, answers the rest with
   * an error and cancels them upstream, ends the guard's session, stops the upstream and closes the client.
   */
  async close(reason: SessionEndReason, graceMs = 0): Promise<void> {
    if (this.#ended) return;
    this.#ended = true;
    this.#accepting = false;
    this.#logger.info({ reason, pending: this.#clientRequests.size }, 'session ending');

    if (graceMs > 0 && this.#clientRequests.size > 0) await this.#waitForPending(graceMs);
    await this.#cancelPending(reason);
    await this.#runHook('onSessionEnd', () => this.#guard.onSessionEnd?.());
    await this.#pool.close();
    await this.#client.close().catch((error: unknown) => this.#logger.debug({ err: error }, 'client transport close failed'));

    this.#logger.info({ reason }, 'session ended');
    this.#options.onEnd?.(reason);
  }

  // ---- client to upstream -----------------------------------------------------------------------

  #onClientMessage(message: JSONRPCMessage): void {
    if (isRequest(message)) {
      void this.#onClientRequest(message);
    } else if (isNotification(message)) {
      this.#onClientNotification(message);
    } else {
      this.#onClientResponse(message);
    }
  }

  async #onClientRequest(request: JSONRPCRequest): Promise<void> {
    const key = idKey(request.id);
    if (!this.#accepting) {
      await this.#sendToClient(errorResponse(request.id, ErrorCode.ConnectionClosed, 'lookout-mcp is shutting down; reconnect to start a new session.'));
      return;
    }
    if (this.#clientRequests.has(key)) {
      await this.#sendToClient(errorResponse(request.id, ErrorCode.InvalidRequest, `Invalid Request: id ${JSON.stringify(request.id)} is already in use by a pending request.`));
      return;
    }

    const params = (request.params ?? {}) as JsonObject;
    const entry: ClientRequest = { clientId: request.id, method: request.method, params, abort: new AbortController(), call: undefined, upstream: undefined };
    this.#clientRequests.set(key, entry);

    if (request.method === 'initialize') this.#clientCapabilities = asObject(params['capabilities']);
    if (request.method === 'tools/call') {
      const verdict = await this.#decideToolCall(entry);
      if (verdict === 'answered') return;
    }
    this.#forwardToUpstream(entry);
  }

  /** Asks the guard about a tools/call; answers it in place unless the guard forwards it. */
  async #decideToolCall(entry: ClientRequest): Promise<'forward' | 'answered'> {
    const call: ToolCall = {
      id: `call-${this.#nextCallId++}`,
      session: this.id,
      name: String(entry.params['name'] ?? ''),
      arguments: asObject(entry.params['arguments']),
      meta: entry.params['_meta'] === undefined ? undefined : asObject(entry.params['_meta']),
      signal: entry.abort.signal,
    };
    entry.call = call;

    let result: JsonObject | undefined;
    try {
      const verdict = await this.#guard.beforeToolCall(call);
      if (verdict.action === 'forward') return 'forward';
      result = verdict.result;
    } catch (error) {
      this.#logger.error({ err: error, callId: call.id, tool: call.name }, 'guard failed on a tool call');
      result = toolErrorResult(`lookout-mcp could not check the call to "${call.name}" (${(error as Error).message}), so it was not run.`);
    }

    // A call cancelled while the guard decided gets no answer at all, as the spec asks of cancelled requests.
    if (entry.abort.signal.aborted) return 'answered';
    this.#clientRequests.delete(idKey(entry.clientId));
    await this.#sendToClient(resultResponse(entry.clientId, result));
    return 'answered';
  }

  #forwardToUpstream(entry: ClientRequest): void {
    if (entry.abort.signal.aborted) return;

    entry.upstream = this.#pool.request(entry.method, entry.params, {
      progressToken: progressTokenOf(entry.params),
      onResult: (result) => void this.#answerClient(entry, result),
      onError: (error) => void this.#answerClientWithError(entry, error),
      onTimeout: () => void this.#answerClientTimeout(entry),
    });
  }

  #onClientNotification(notification: JSONRPCNotification): void {
    if (notification.method === 'notifications/cancelled') {
      this.#onClientCancelled(asObject(notification.params));
      return;
    }
    this.#pool.notify(notification);
  }

  #onClientCancelled(params: JsonObject): void {
    const requestId = params['requestId'];
    if (typeof requestId !== 'string' && typeof requestId !== 'number') return;
    const entry = this.#clientRequests.get(idKey(requestId));
    if (entry === undefined) return;

    this.#clientRequests.delete(idKey(requestId));
    entry.abort.abort(new Error('cancelled by the client'));
    entry.upstream?.cancel(typeof params['reason'] === 'string' ? params['reason'] : undefined);
    this.#logger.debug({ clientId: requestId, method: entry.method }, 'client cancelled a request');
  }

  #onClientResponse(response: JSONRPCMessage): void {
    const route = this.#clientBound.route(response);
    if (route.kind === 'upstream') this.#pool.sendRaw(route.message);
    if (route.kind === 'unknown') this.#logger.warn({ id: (response as { id?: RequestId }).id }, 'the client sent a response to a request the proxy never sent; dropped');
  }

  // ---- upstream to client -----------------------------------------------------------------------

  async #answerClient(entry: ClientRequest, rawResult: JsonObject): Promise<void> {
    if (!this.#clientRequests.delete(idKey(entry.clientId))) {
      this.#logLateAnswer(entry);
      return;
    }

    let result: JsonObject;
    try {
      result = await applyResultHooks(this.#guard, entry.method, entry.params, rawResult, this.#logger);
    } catch (error) {
      if (!(error instanceof GuardSetupError)) throw error;
      this.#logger.fatal({ err: error, method: entry.method }, 'the guard cannot serve this server; ending the session');
      await this.#sendToClient(errorResponse(entry.clientId, ErrorCode.InternalError, error.message));
      void this.close('guard_error');
      return;
    }
    if (entry.method === 'initialize') this.#onInitialized(result);
    await this.#sendToClient(resultResponse(entry.clientId, result));
    notifyAfterForward(this.#guard, entry.method, entry.params, result, entry.call, this.#logger);
  }

  async #answerClientWithError(entry: ClientRequest, error: { code: number; message: string; data?: unknown }): Promise<void> {
    if (!this.#clientRequests.delete(idKey(entry.clientId))) {
      this.#logLateAnswer(entry);
      return;
    }
    await this.#sendToClient(errorResponse(entry.clientId, error.code, error.message, error.data));
  }

  /** Logs an upstream answer to a request the client no longer waits for; the client never gets it. */
  #logLateAnswer(entry: ClientRequest): void {
    this.#logger.debug({ clientId: entry.clientId, method: entry.method }, 'upstream answered a request that is no longer pending; dropped');
  }

  async #answerClientTimeout(entry: ClientRequest): Promise<void> {
    if (!this.#clientRequests.delete(idKey(entry.clientId))) return;

    const seconds = this.#options.callTimeoutMs / 1000;
    const server = this.#options.connector.label;
    const what = entry.call === undefined ? entry.method : `tools/call "${entry.call.name}"`;
    const text = `The MCP server "${this.#serverName()}" did not answer ${what} within ${seconds} s, so lookout-mcp cancelled it. Raise --call-timeout if the server needs longer.`;
    await this.#sendToClient(entry.call === undefined ? errorResponse(entry.clientId, ErrorCode.RequestTimeout, text) : resultResponse(entry.clientId, toolErrorResult(text)));
    await this.#runHook('onUpstreamEvent', () =>
      this.#guard.onUpstreamEvent?.({ kind: 'timed_out', server, method: entry.method, tool: entry.call?.name, timeoutMs: this.#options.callTimeoutMs }),
    );
  }

  #onInitialized(result: JsonObject): void {
    this.#serverCapabilities = asObject(result['capabilities']);
    const name = asObject(result['serverInfo'])['name'];
    if (typeof name === 'string' && name !== '') this.#serverInfoName = name;
  }

  /**
   * The server as messages to the client name it: its serverInfo name, else the connector's short name. Never
   * the command line or the full URL, which may carry credentials that must not reach a model.
   */
  #serverName(): string {
    return this.#serverInfoName ?? this.#options.connector.displayName;
  }

  #onUpstreamMessage(message: JSONRPCMessage): void {
    if (isRequest(message)) {
      void this.#forwardRequestToClient(message);
      return;
    }
    if (!isNotification(message)) return;

    if (message.method === 'notifications/progress') {
      this.#forwardProgress(message);
    } else if (message.method === 'notifications/cancelled') {
      this.#forwardUpstreamCancel(message);
    } else if (message.method === 'notifications/message') {
      void this.#sendToClient(message, this.#latestClientRequestId());
    } else {
      void this.#sendToClient(message);
    }
  }

  async #forwardRequestToClient(request: JSONRPCRequest): Promise<void> {
    const clientSideId = this.#clientBound.registerUpstream(request.id);
    await this.#sendToClient({ ...request, id: clientSideId }, this.#latestClientRequestId());
  }

  #forwardProgress(notification: JSONRPCNotification): void {
    const params = asObject(notification.params);
    const origin = this.#pool.progressOrigin(params['progressToken']);
    if (origin === undefined) {
      this.#logger.debug({ progressToken: params['progressToken'] }, 'progress for an unknown token; dropped');
      return;
    }
    const entry = this.#findClientRequest(origin);
    if (entry === undefined) return;

    const restored = { ...notification, params: { ...params, progressToken: progressTokenOf(entry.params) } };
    void this.#sendToClient(restored as JSONRPCNotification, entry.clientId);
  }

  #forwardUpstreamCancel(notification: JSONRPCNotification): void {
    const params = asObject(notification.params);
    const upstreamId = params['requestId'];
    if (typeof upstreamId !== 'string' && typeof upstreamId !== 'number') return;
    const clientSideId = this.#clientBound.takeCancelled(upstreamId);
    if (clientSideId === undefined) return;
    void this.#sendToClient({ ...notification, params: { ...params, requestId: clientSideId } } as JSONRPCNotification);
  }

  // ---- upstream faults ---------------------------------------------------------------------------

  /** Answers every request the failed upstream left open and tells the client. */
  async #onUpstreamFailure(failure: UpstreamFailure): Promise<void> {
    const server = this.#options.connector.label;
    const text = `The MCP server "${this.#serverName()}" ${failure.exit.reason} before it answered.`;
    const restartNote = failure.willRestart ? ' lookout-mcp is restarting it; retry the request.' : '';

    for (const entry of [...this.#clientRequests.values()]) {
      if (entry.upstream === undefined || !failure.lost.includes(entry.upstream)) continue;
      this.#clientRequests.delete(idKey(entry.clientId));
      const message = entry.call === undefined ? errorResponse(entry.clientId, ErrorCode.ConnectionClosed, text + restartNote) : resultResponse(entry.clientId, toolErrorResult(text + restartNote));
      await this.#sendToClient(message);
    }
    this.#clientBound.forgetUpstream();

    // Servers that declared logging may send log notifications; the proxy speaks for a server only then.
    if (this.#serverCapabilities['logging'] !== undefined) {
      await this.#sendToClient({
        jsonrpc: '2.0',
        method: 'notifications/message',
        params: { level: 'error', logger: 'lookout-mcp', data: `The MCP server "${this.#serverName()}" ${failure.exit.reason}.${restartNote}` },
      });
    }
    const { code, signal, reason } = failure.exit;
    await this.#runHook('onUpstreamEvent', () => this.#guard.onUpstreamEvent?.({ kind: 'exited', server, code, signal, detail: reason }));
  }

  async #onUpstreamRestarted(attempt: number): Promise<void> {
    // The new process may offer other tools; the client should list them again.
    await this.#sendToClient({ jsonrpc: '2.0', method: 'notifications/tools/list_changed' });
    await this.#runHook('onUpstreamEvent', () => this.#guard.onUpstreamEvent?.({ kind: 'restarted', server: this.#options.connector.label, attempt }));
  }

  // ---- guard context ----------------------------------------------------------------------------

  #guardContext(): GuardSessionContext {
    return {
      session: this.id,
      server: this.#options.connector.label,
      logger: this.#logger.child({ component: 'guard' }),
      callUpstreamTool: (name, args, signal) => this.#pool.requestOwn('tools/call', { name, arguments: args }, signal),
      requestUpstream: (method, params, signal) => this.#pool.requestOwn(method, params ?? {}, signal),
      canElicit: () => this.#clientCapabilities['elicitation'] !== undefined,
      elicit: (params, call) => this.#elicit(params, call),
    };
  }

  #elicit(params: JsonObject, call: ToolCall | undefined): Promise<JsonObject> {
    if (this.#clientCapabilities['elicitation'] === undefined) {
      return Promise.reject(new Error('the client did not declare the elicitation capability; check canElicit() before eliciting'));
    }
    const related = call === undefined ? undefined : [...this.#clientRequests.values()].find((entry) => entry.call === call)?.clientId;
    const { id, result } = this.#clientBound.registerGuard();
    void this.#sendToClient({ jsonrpc: '2.0', id, method: 'elicitation/create', params }, related);
    return result;
  }

  // ---- helpers ----------------------------------------------------------------------------------

  /**
   * Sends to the client. `relatedRequestId` puts the message on that request's response stream with `--listen`;
   * when that stream is gone the message goes to the standalone stream instead.
   */
  async #sendToClient(message: JSONRPCMessage, relatedRequestId?: RequestId): Promise<void> {
    const options: TransportSendOptions | undefined = relatedRequestId === undefined ? undefined : { relatedRequestId };
    try {
      await this.#client.send(message, options);
    } catch (error) {
      if (options !== undefined && !('result' in message) && !('error' in message)) {
        await this.#sendToClient(message);
        return;
      }
      this.#logger.warn({ err: error, method: (message as { method?: string }).method }, 'sending to the client failed');
    }
  }

  /**
   * The most recent unanswered client request: the likely cause of a server-to-client request or log message.
   * NOTE: stdio and the SDK's HTTP client transport do not say which request a server message belongs to, so
   * this is a guess. It only decides which HTTP stream carries the message, never its content.
   */
  #latestClientRequestId(): RequestId | undefined {
    let latest: RequestId | undefined;
    for (const entry of this.#clientRequests.values()) latest = entry.clientId;
    return latest;
  }

  #findClientRequest(pending: PendingUpstream): ClientRequest | undefined {
    for (const entry of this.#clientRequests.values()) if (entry.upstream === pending) return entry;
    return undefined;
  }

  async #waitForPending(graceMs: number): Promise<void> {
    const deadline = Date.now() + graceMs;
    while (this.#clientRequests.size > 0 && Date.now() < deadline && !this.#graceCut) await new Promise((resolve) => setTimeout(resolve, 50));
  }

  async #cancelPending(reason: SessionEndReason): Promise<void> {
    const text = reason === 'upstream_lost' ? 'the MCP server is gone' : 'lookout-mcp is shutting down';
    for (const entry of [...this.#clientRequests.values()]) {
      this.#clientRequests.delete(idKey(entry.clientId));
      entry.abort.abort(new Error(text));
      entry.upstream?.cancel(text);
      if (reason === 'client_closed') continue;
      const message = `The request was cancelled because ${text}.`;
      await this.#sendToClient(entry.call === undefined ? errorResponse(entry.clientId, ErrorCode.ConnectionClosed, message) : resultResponse(entry.clientId, toolErrorResult(message)));
    }
    this.#clientBound.clear('the session ended');
  }

  async #runHook(name: string, hook: () => unknown): Promise<void> {
    try {
      await hook();
    } catch (error) {
      this.#logger.error({ err: error, hook: name }, 'guard hook failed');
    }
  }
}

function asObject(value: unknown): JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as JsonObject) : {};
}

function progressTokenOf(params: JsonObject): string | number | undefined {
  const token = asObject(params['_meta'])['progressToken'];
  return typeof token === 'string' || typeof token === 'number' ? token : undefined;
}

// The upstream side of a session: the live link to the server, the requests in flight on it (under ids the
// proxy issued), their timeouts, progress-token rewriting, and restarts. After a restart it replays what the
// client had set up on the old process (initialize, the log level, resource subscriptions), so the client's
// session carries on without knowing the process changed.
import type { Logger } from 'pino';
import { ErrorCode, idKey, isErrorResponse, isResultResponse, type JSONRPCMessage, type JSONRPCNotification } from './jsonrpc.js';
import type { JsonObject } from './guard.js';
import type { UpstreamConnector, UpstreamExit, UpstreamLink } from './upstream.js';

/** A request in flight to the upstream server. */
export interface PendingUpstream {
  readonly upstreamId: number;
  readonly method: string;
  /** Sends notifications/cancelled upstream and forgets the request, so a late answer is dropped. */
  cancel(reason?: string): void;
}

export interface UpstreamFailure {
  exit: UpstreamExit;
  /** The requests that were in flight when the link ended; none of them will be answered. */
  lost: PendingUpstream[];
  willRestart: boolean;
}

export interface WireError {
  code: number;
  message: string;
  data?: unknown;
}

export interface RequestHandlers {
  /** The client's progress token; the server sees a token of the proxy's instead. */
  progressToken: string | number | undefined;
  onResult(result: JsonObject): void;
  onError(error: WireError): void;
  onTimeout(): void;
}

export interface UpstreamPoolOptions {
  connector: UpstreamConnector;
  callTimeoutMs: number;
  restart: boolean;
  logger: Logger;
  /** Server-to-client requests and notifications (responses are matched here). */
  onMessage(message: JSONRPCMessage): void;
  onFailure(failure: UpstreamFailure): Promise<void>;
  onRestarted(attempt: number): Promise<void>;
  /** The link ended and will not be restarted. */
  onLost(): void;
}

/** First restart delay; it doubles per failed attempt up to the maximum. */
const RESTART_BASE_DELAY_MS = 250;
const RESTART_MAX_DELAY_MS = 10_000;
/** A process that ran this long before it exited counts as healthy, and the next restart starts from the base delay. */
const RESTART_HEALTHY_AFTER_MS = 30_000;

interface InFlight extends PendingUpstream {
  handlers: RequestHandlers;
  timer: NodeJS.Timeout;
}

export class UpstreamPool {
  readonly #options: UpstreamPoolOptions;
  readonly #inFlight = new Map<string, InFlight>();
  #nextId = 1;
  #link: UpstreamLink | undefined;
  #ready: Promise<UpstreamLink> = new Promise(() => undefined);
  #linkStartedAt = 0;
  #restartsInRow = 0;
  #closing = false;

  // What the client set up, replayed on a restarted process.
  #initializeParams: JsonObject | undefined;
  #initializedNotification: JSONRPCNotification | undefined;
  #logLevel: string | undefined;
  readonly #subscriptions = new Set<string>();

  constructor(options: UpstreamPoolOptions) {
    this.#options = options;
  }

  async connect(): Promise<void> {
    const link = await this.#openLink();
    this.#ready = Promise.resolve(link);
  }

  /** Sends a client request upstream under a new id; exactly one handler runs, unless it is cancelled. */
  request(method: string, params: JsonObject, handlers: RequestHandlers, via?: UpstreamLink): PendingUpstream {
    const upstreamId = this.#nextId++;
    const upstreamParams = handlers.progressToken === undefined ? params : withProgressToken(params, upstreamId);
    const entry: InFlight = {
      upstreamId,
      method,
      handlers: this.#recordingHandlers(method, params, handlers),
      timer: setTimeout(() => this.#onTimeout(entry), this.#options.callTimeoutMs),
      cancel: (reason) => this.#cancel(entry, reason),
    };
    this.#inFlight.set(idKey(upstreamId), entry);

    const message: JSONRPCMessage = { jsonrpc: '2.0', id: upstreamId, method, params: upstreamParams };
    const link = via === undefined ? this.#ready : Promise.resolve(via);
    void link
      .then((link) => (this.#inFlight.has(idKey(upstreamId)) ? link.send(message) : undefined))
      .catch((error: unknown) => this.#onSendFailed(entry, error as Error));
    return entry;
  }

  /** Sends a request of the proxy's own (a guard's investigation) and returns its result. */
  requestOwn(method: string, params: JsonObject, signal?: AbortSignal, via?: UpstreamLink): Promise<JsonObject> {
    if (signal?.aborted === true) return Promise.reject(signal.reason instanceof Error ? signal.reason : new Error(`${method} was aborted before it was sent`));

    return new Promise((resolve, reject) => {
      const pending = this.request(method, params, {
        progressToken: undefined,
        onResult: resolve,
        onError: (error) => reject(new Error(`${method} failed upstream with error ${error.code}: ${error.message}`)),
        onTimeout: () => reject(new Error(`${method} timed out after ${this.#options.callTimeoutMs} ms`)),
      }, via);
      signal?.addEventListener('abort', () => {
        pending.cancel('aborted by the guard');
        reject(signal.reason instanceof Error ? signal.reason : new Error('aborted'));
      });
    });
  }

  /** Forwards a client notification. */
  notify(notification: JSONRPCNotification): void {
    if (notification.method === 'notifications/initialized') this.#initializedNotification = notification;
    this.sendRaw(notification);
  }

  /** Sends a message as is (a client notification, or the client's answer to a server request). */
  sendRaw(message: JSONRPCMessage): void {
    void this.#ready.then((link) => link.send(message)).catch((error: unknown) => this.#options.logger.warn({ err: error }, 'forwarding to the upstream server failed'));
  }

  /** The in-flight request a progress token the proxy issued belongs to. */
  progressOrigin(token: unknown): PendingUpstream | undefined {
    return typeof token === 'number' ? this.#inFlight.get(idKey(token)) : undefined;
  }

  async close(): Promise<void> {
    this.#closing = true;
    for (const entry of this.#inFlight.values()) clearTimeout(entry.timer);
    this.#inFlight.clear();
    await this.#link?.close().catch((error: unknown) => this.#options.logger.warn({ err: error }, 'stopping the upstream server failed'));
  }

  // ---- links ------------------------------------------------------------------------------------

  async #openLink(): Promise<UpstreamLink> {
    const link = await this.#options.connector.connect(this.#options.logger);
    link.onmessage = (message) => this.#onLinkMessage(message);
    link.onexit = (exit) => void this.#onLinkExit(link, exit);
    this.#link = link;
    this.#linkStartedAt = Date.now();
    return link;
  }

  #onLinkMessage(message: JSONRPCMessage): void {
    if (!isResultResponse(message) && !isErrorResponse(message)) {
      this.#options.onMessage(message);
      return;
    }

    const entry = message.id === undefined ? undefined : this.#inFlight.get(idKey(message.id));
    if (entry === undefined) {
      // Late answers to cancelled or timed-out requests end up here, which is normal.
      this.#options.logger.debug({ id: message.id }, 'upstream answered an unknown or cancelled request; dropped');
      return;
    }
    this.#forget(entry);
    if (isErrorResponse(message)) entry.handlers.onError(message.error);
    else entry.handlers.onResult(message.result as JsonObject);
  }

  async #onLinkExit(link: UpstreamLink, exit: UpstreamExit): Promise<void> {
    if (this.#closing || link !== this.#link) return;
    this.#link = undefined;
    this.#ready = new Promise(() => undefined);

    const lost = [...this.#inFlight.values()];
    for (const entry of lost) this.#forget(entry);
    const willRestart = this.#options.restart && this.#options.connector.restartable;
    this.#options.logger.error({ server: this.#options.connector.label, code: exit.code, signal: exit.signal, lost: lost.length, willRestart }, 'upstream server ended unexpectedly');

    await this.#options.onFailure({ exit, lost, willRestart });
    for (const entry of lost) entry.handlers.onError({ code: ErrorCode.ConnectionClosed, message: `the upstream server ${exit.reason}` });

    if (!willRestart) {
      this.#options.onLost();
      return;
    }
    if (Date.now() - this.#linkStartedAt >= RESTART_HEALTHY_AFTER_MS) this.#restartsInRow = 0;
    void this.#restart();
  }

  async #restart(): Promise<void> {
    let resolveReady: (link: UpstreamLink) => void = () => undefined;
    this.#ready = new Promise((resolve) => {
      resolveReady = resolve;
    });

    while (!this.#closing) {
      this.#restartsInRow += 1;
      const delayMs = Math.min(RESTART_BASE_DELAY_MS * 2 ** (this.#restartsInRow - 1), RESTART_MAX_DELAY_MS);
      this.#options.logger.info({ attempt: this.#restartsInRow, delayMs }, 'restarting the upstream server');
      await new Promise((resolve) => setTimeout(resolve, delayMs));
      if (this.#closing) return;

      try {
        const link = await this.#openLink();
        await this.#replaySetup(link);
        resolveReady(link);
        await this.#options.onRestarted(this.#restartsInRow);
        return;
      } catch (error) {
        this.#options.logger.warn({ err: error, attempt: this.#restartsInRow }, 'restarting the upstream server failed');
        // A process that started but failed the replay is stopped; forgetting it first keeps its exit from
        // counting as a new failure.
        const failed = this.#link;
        this.#link = undefined;
        await failed?.close().catch((closeError: unknown) => this.#options.logger.warn({ err: closeError }, 'stopping the upstream server failed'));
      }
    }
  }

  /** Replays the client's initialize, log level and subscriptions on a fresh process, before any client traffic. */
  async #replaySetup(link: UpstreamLink): Promise<void> {
    if (this.#initializeParams === undefined) return;

    const initialized = await this.requestOwn('initialize', this.#initializeParams, undefined, link);
    if (typeof initialized['protocolVersion'] === 'string') link.setProtocolVersion(initialized['protocolVersion']);
    if (this.#initializedNotification !== undefined) await link.send(this.#initializedNotification);
    if (this.#logLevel !== undefined) await this.requestOwn('logging/setLevel', { level: this.#logLevel }, undefined, link);
    for (const uri of this.#subscriptions) await this.requestOwn('resources/subscribe', { uri }, undefined, link);
  }

  // ---- request bookkeeping ----------------------------------------------------------------------

  /** Wraps handlers so that the session state a restart replays is recorded when the server accepts it. */
  #recordingHandlers(method: string, params: JsonObject, handlers: RequestHandlers): RequestHandlers {
    const record = (result: JsonObject): void => {
      if (method === 'initialize') {
        this.#initializeParams ??= params;
        if (typeof result['protocolVersion'] === 'string') this.#link?.setProtocolVersion(result['protocolVersion']);
      }
      if (method === 'logging/setLevel' && typeof params['level'] === 'string') this.#logLevel = params['level'];
      if (method === 'resources/subscribe' && typeof params['uri'] === 'string') this.#subscriptions.add(params['uri']);
      if (method === 'resources/unsubscribe' && typeof params['uri'] === 'string') this.#subscriptions.delete(params['uri']);
    };
    return {
      ...handlers,
      onResult: (result) => {
        record(result);
        handlers.onResult(result);
      },
    };
  }

  #onTimeout(entry: InFlight): void {
    if (!this.#inFlight.has(idKey(entry.upstreamId))) return;
    this.#options.logger.warn({ upstreamId: entry.upstreamId, method: entry.method, timeoutMs: this.#options.callTimeoutMs }, 'upstream request timed out');
    this.#cancel(entry, `timed out after ${this.#options.callTimeoutMs} ms`);
    entry.handlers.onTimeout();
  }

  #cancel(entry: InFlight, reason: string | undefined): void {
    if (!this.#inFlight.has(idKey(entry.upstreamId))) return;
    this.#forget(entry);
    const params = reason === undefined ? { requestId: entry.upstreamId } : { requestId: entry.upstreamId, reason };
    this.sendRaw({ jsonrpc: '2.0', method: 'notifications/cancelled', params });
  }

  #onSendFailed(entry: InFlight, error: Error): void {
    if (!this.#inFlight.has(idKey(entry.upstreamId))) return;
    this.#forget(entry);
    this.#options.logger.warn({ err: error, upstreamId: entry.upstreamId, method: entry.method }, 'sending a request to the upstream server failed');
    entry.handlers.onError({ code: ErrorCode.ConnectionClosed, message: `lookout-mcp could not reach the MCP server "${this.#options.connector.displayName}": ${error.message}` });
  }

  #forget(entry: InFlight): void {
    clearTimeout(entry.timer);
    this.#inFlight.delete(idKey(entry.upstreamId));
  }
}

function withProgressToken(params: JsonObject, token: number): JsonObject {
  const meta = typeof params['_meta'] === 'object' && params['_meta'] !== null ? (params['_meta'] as JsonObject) : {};
  return { ...params, _meta: { ...meta, progressToken: token } };
}

// Serves Streamable HTTP at /mcp (`--listen`): many client sessions at once, each with its own ProxySession and
// so its own upstream session (a child process per session for a command upstream). The SDK's server transport
// speaks the protocol; this file routes requests to sessions and guards against DNS rebinding.
import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';
import { ErrorCode, errorResponse, truncateForLog } from './jsonrpc.js';
import { ProxySession, type SessionEndReason } from './session.js';
import { SHUTDOWN_GRACE_MS, type HostOptions } from './stdio-host.js';

export interface HttpHostOptions extends HostOptions {
  host: string;
  port: number;
  /** Host header values accepted, with or without port; undefined means the defaults for the listen address. */
  allowedHosts: string[] | undefined;
  /** Origin header values accepted; undefined means the loopback origins on the listen port. */
  allowedOrigins: string[] | undefined;
}

/** Largest POST body read, in bytes. Client messages are small; tool results flow the other way. */
const MAX_BODY_BYTES = 16 * 1024 * 1024;
const MCP_PATH = '/mcp';
const LOOPBACK_HOSTS = ['localhost', '127.0.0.1', '[::1]'];

interface Entry {
  transport: StreamableHTTPServerTransport;
  session: ProxySession;
}

/** Runs the HTTP proxy until SIGINT or SIGTERM; resolves to the exit code. */
export async function runHttpHost(options: HttpHostOptions): Promise<number> {
  const { logger } = options;
  const sessions = new Map<string, Entry>();
  // A guard setup error (an agent tool clashing with a server tool) would hit every session alike, so the
  // proxy stops as it does for an invalid flag.
  let stopForGuardError: () => void = () => undefined;
  const guardFailed = new Promise<'guard_error'>((resolve) => {
    stopForGuardError = () => resolve('guard_error');
  });
  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      logger.error({ err: error, method: req.method, url: req.url }, 'HTTP request failed');
      if (!res.headersSent) sendJson(res, 500, errorResponse(null, ErrorCode.InternalError, 'Internal error in lookout-mcp; see its log.'));
    });
  });

  const port = await listen(server, options.host, options.port);
  const hostForUrl = options.host.includes(':') ? `[${options.host}]` : options.host;
  const allowedHosts = options.allowedHosts ?? defaultAllowedHosts(hostForUrl, port);
  const allowedOrigins = options.allowedOrigins ?? LOOPBACK_HOSTS.map((host) => `http://${host}:${port}`);
  logger.info({ url: `http://${hostForUrl}:${port}${MCP_PATH}`, server: options.connector.label }, 'listening');

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://placeholder');
    if (url.pathname !== MCP_PATH) return sendJson(res, 404, errorResponse(null, ErrorCode.InvalidRequest, `Not found: lookout-mcp serves MCP at ${MCP_PATH}.`));

    const rejection = checkHostAndOrigin(req, allowedHosts, allowedOrigins);
    if (rejection !== undefined) {
      logger.warn({ host: req.headers.host, origin: req.headers.origin }, 'request rejected by DNS-rebinding protection');
      return sendJson(res, 403, errorResponse(null, ErrorCode.InvalidRequest, rejection));
    }

    const sessionId = headerValue(req, 'mcp-session-id');
    if (req.method === 'POST') return handlePost(req, res, sessionId);
    if (req.method !== 'GET' && req.method !== 'DELETE') {
      res.setHeader('Allow', 'GET, POST, DELETE');
      return sendJson(res, 405, errorResponse(null, ErrorCode.InvalidRequest, `Method not allowed: ${req.method}.`));
    }

    const entry = sessionId === undefined ? undefined : sessions.get(sessionId);
    if (sessionId === undefined) return sendJson(res, 400, errorResponse(null, ErrorCode.ConnectionClosed, 'Bad Request: missing mcp-session-id header.'));
    if (entry === undefined) return sendJson(res, 404, errorResponse(null, ErrorCode.InvalidRequest, 'Session not found; send initialize to start a new session.'));
    await entry.transport.handleRequest(req, res);
  }

  async function handlePost(req: IncomingMessage, res: ServerResponse, sessionId: string | undefined): Promise<void> {
    const body = await readBody(req);
    if (body === undefined) return sendJson(res, 413, errorResponse(null, ErrorCode.InvalidRequest, `Request body larger than ${MAX_BODY_BYTES} bytes.`));

    let parsed: unknown;
    try {
      parsed = JSON.parse(body);
    } catch (error) {
      logger.warn({ peer: 'client', bytes: truncateForLog(body), reason: (error as Error).message }, 'invalid JSON-RPC message from the client');
      return sendJson(res, 400, errorResponse(null, ErrorCode.ParseError, `Parse error: ${(error as Error).message}`));
    }

    if (sessionId !== undefined) {
      const entry = sessions.get(sessionId);
      if (entry === undefined) return sendJson(res, 404, errorResponse(null, ErrorCode.InvalidRequest, 'Session not found; send initialize to start a new session.'));
      return entry.transport.handleRequest(req, res, parsed);
    }

    if (!containsInitialize(parsed)) {
      return sendJson(res, 400, errorResponse(null, ErrorCode.ConnectionClosed, 'Bad Request: no mcp-session-id header; a new session starts with an initialize request.'));
    }
    const entry = await openSession();
    if (entry === undefined) return sendJson(res, 502, errorResponse(null, ErrorCode.InternalError, `The upstream MCP server "${options.connector.displayName}" could not be started; see the lookout-mcp log.`));
    await entry.transport.handleRequest(req, res, parsed);

    // The transport rejected the initialize request (a wrong Accept header, say), so no session exists to reuse.
    if (entry.transport.sessionId === undefined) await entry.session.close('client_closed');
  }

  async function openSession(): Promise<Entry | undefined> {
    const id = randomUUID();
    const transport = new StreamableHTTPServerTransport({
      sessionIdGenerator: () => id,
      onsessionclosed: () => void sessions.get(id)?.session.close('client_closed'),
    });
    const onEnd = (reason: SessionEndReason): void => {
      sessions.delete(id);
      if (reason === 'guard_error') stopForGuardError();
    };
    const session = new ProxySession({ ...options, id, client: transport, onEnd });
    try {
      await session.start();
    } catch (error) {
      logger.error({ err: error, session: id }, 'the upstream server could not be started for a new session');
      return undefined;
    }
    const entry = { transport, session };
    sessions.set(id, entry);
    return entry;
  }

  const stop = await Promise.race([waitForSignal().then(() => 'signal' as const), guardFailed]);
  logger.info({ sessions: sessions.size }, 'shutting down');
  const onSecondSignal = (): void => {
    logger.warn({ sessions: sessions.size }, 'second signal; cancelling pending requests now');
    for (const entry of sessions.values()) entry.session.cutGrace();
  };
  process.on('SIGINT', onSecondSignal);
  process.on('SIGTERM', onSecondSignal);
  const closed = new Promise((resolve) => server.close(resolve));
  await Promise.all([...sessions.values()].map((entry) => entry.session.close('shutdown', SHUTDOWN_GRACE_MS)));
  server.closeAllConnections();
  await closed;
  process.off('SIGINT', onSecondSignal);
  process.off('SIGTERM', onSecondSignal);
  return stop === 'guard_error' ? 2 : 0;
}

function checkHostAndOrigin(req: IncomingMessage, allowedHosts: string[], allowedOrigins: string[]): string | undefined {
  const host = req.headers.host;
  if (host === undefined || !hostAllowed(host, allowedHosts)) {
    return `Forbidden: Host header "${host ?? ''}" is not allowed. Add it with --allowed-hosts.`;
  }
  const origin = req.headers.origin;
  if (origin !== undefined && !allowedOrigins.includes(origin)) {
    return `Forbidden: Origin "${origin}" is not allowed. Add it with --allowed-origins.`;
  }
  return undefined;
}

function hostAllowed(host: string, allowed: string[]): boolean {
  const hostname = host.replace(/:\d+$/, '');
  return allowed.includes(host) || allowed.includes(hostname);
}

function defaultAllowedHosts(hostForUrl: string, port: number): string[] {
  const loopback = LOOPBACK_HOSTS.includes(hostForUrl) || hostForUrl === '[::1]';
  const names = loopback ? LOOPBACK_HOSTS : [hostForUrl];
  return names.map((name) => `${name}:${port}`);
}

function containsInitialize(body: unknown): boolean {
  const messages = Array.isArray(body) ? body : [body];
  return messages.some((message) => typeof message === 'object' && message !== null && (message as { method?: unknown }).method === 'initialize');
}

function headerValue(req: IncomingMessage, name: string): string | undefined {
  const value = req.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

async function readBody(req: IncomingMessage): Promise<string | undefined> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY_BYTES) return undefined;
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
}

function listen(server: Server, host: string, port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve((server.address() as AddressInfo).port);
    });
  });
}

function waitForSignal(): Promise<void> {
  return new Promise((resolve) => {
    const onSignal = (): void => {
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
      resolve();
    };
    process.on('SIGINT', onSignal);
    process.on('SIGTERM', onSignal);
  });
}

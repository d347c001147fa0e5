/**
 * Streamable HTTP host of the conformance target: serves MCP at /mcp, one SDK transport and
 * one `Server` per session, with loopback-only Host/Origin checks against DNS rebinding.
 */
import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Server } from '@modelcontextprotocol/sdk/server/index.js';
import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';
import { isInitializeRequest } from '@modelcontextprotocol/sdk/types.js';
import { pino, type Logger } from 'pino';
import { MemoryEventStore } from './event-store.js';
import { createTargetMcpServer } from './server.js';
import { createTargetSession } from './session.js';

export interface TargetServerOptions {
  /** Interface to bind (default 127.0.0.1). */
  host?: string;
  /** TCP port (default 0, an ephemeral port). */
  port?: number;
  /** Logger for start, stop, sessions and caught errors (default: pino at `warn` to stderr). */
  logger?: Logger;
}

export interface RunningTargetServer {
  /** Endpoint URL, for example http://127.0.0.1:41234/mcp. */
  readonly url: string;
  /** Number of GET requests that carried Last-Event-ID, that is, attempts to resume an SSE stream. */
  resumeRequestCount(): number;
  close(): Promise<void>;
}

interface RequestCounters {
  resumeRequests: number;
}

interface SessionEntry {
  readonly transport: StreamableHTTPServerTransport;
  readonly server: Server;
}

const MCP_PATH = '/mcp';
const LOOPBACK_HOSTNAMES = new Set(['localhost', '127.0.0.1', '[::1]']);
/** Maximum POST body size; a larger body gets HTTP 413. */
const MAX_BODY_BYTES = 4 * 1024 * 1024;
/** SSE retry hint, in milliseconds, sent in priming events so resuming clients wait briefly. */
const SSE_RETRY_MS = 100;

export async function startTargetServer(options: TargetServerOptions = {}): Promise<RunningTargetServer> {
  const logger = options.logger ?? pino({ name: 'conformance-target', level: 'warn' }, pino.destination(2));
  const sessions = new Map<string, SessionEntry>();
  const counters: RequestCounters = { resumeRequests: 0 };

  const httpServer = createServer((request, response) => {
    handleRequest(request, response, sessions, counters, logger).catch((error: unknown) => {
      logger.error({ err: error, method: request.method, url: request.url }, 'request failed');
      if (!response.headersSent) sendJsonRpcError(response, 500, -32603, 'Internal error while handling the request.');
      else response.end();
    });
  });

  await new Promise<void>((resolve, reject) => {
    httpServer.once('error', reject);
    httpServer.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => resolve());
  });
  const address = httpServer.address() as AddressInfo;
  const url = `http://${address.family === 'IPv6' ? `[${address.address}]` : address.address}:${address.port}${MCP_PATH}`;
  logger.info({ url }, 'conformance target started');

  return {
    url,
    resumeRequestCount: () => counters.resumeRequests,
    close: async () => {
      for (const [sessionId, entry] of sessions) {
        await entry.transport.close().catch((error: unknown) => logger.error({ err: error, sessionId }, 'closing session failed'));
      }
      sessions.clear();
      httpServer.closeAllConnections();
      await new Promise<void>((resolve) => httpServer.close(() => resolve()));
      logger.info({ url }, 'conformance target stopped');
    },
  };
}

async function handleRequest(
  request: IncomingMessage,
  response: ServerResponse,
  sessions: Map<string, SessionEntry>,
  counters: RequestCounters,
  logger: Logger,
): Promise<void> {
  const path = new URL(request.url ?? '/', 'http://localhost').pathname;
  if (path !== MCP_PATH) {
    sendJsonRpcError(response, 404, -32000, `Not found: ${path}. The MCP endpoint is ${MCP_PATH}.`);
    return;
  }

  const rejection = findNonLoopbackHeader(request);
  if (rejection !== undefined) {
    logger.warn({ rejection }, 'rejected request from a non-loopback host or origin');
    sendJsonRpcError(response, 403, -32000, `Forbidden: ${rejection}. This server accepts only loopback hosts and origins.`);
    return;
  }

  const sessionId = request.headers['mcp-session-id'];
  if (Array.isArray(sessionId)) {
    sendJsonRpcError(response, 400, -32000, 'Bad request: send exactly one Mcp-Session-Id header.');
    return;
  }

  if (request.method === 'POST') {
    const body = await readJsonBody(request, response);
    if (body === undefined) return;

    if (sessionId === undefined) {
      if (!isInitializeRequest(body)) {
        sendJsonRpcError(response, 400, -32000, 'Bad request: no Mcp-Session-Id header. Start a session with an initialize request.');
        return;
      }
      const entry = await openSession(sessions, logger);
      await entry.transport.handleRequest(request, response, body);
      return;
    }

    const entry = sessions.get(sessionId);
    if (entry === undefined) {
      sendJsonRpcError(response, 404, -32001, `Session not found: ${sessionId}. Start a new session with initialize.`);
      return;
    }
    await entry.transport.handleRequest(request, response, body);
    return;
  }

  // GET opens the standalone SSE stream, or resumes a stream when it carries Last-Event-ID, and
  // DELETE ends the session. The transport returns 405 for other methods.
  if (request.method === 'GET' && request.headers['last-event-id'] !== undefined) counters.resumeRequests += 1;
  const entry = sessionId === undefined ? undefined : sessions.get(sessionId);
  if (entry === undefined) {
    sendJsonRpcError(response, sessionId === undefined ? 400 : 404, -32000, 'Bad request: missing or unknown Mcp-Session-Id header.');
    return;
  }
  await entry.transport.handleRequest(request, response);
}

async function openSession(sessions: Map<string, SessionEntry>, logger: Logger): Promise<SessionEntry> {
  const server = createTargetMcpServer(createTargetSession());
  const transport: StreamableHTTPServerTransport = new StreamableHTTPServerTransport({
    sessionIdGenerator: () => randomUUID(),
    eventStore: new MemoryEventStore(),
    retryInterval: SSE_RETRY_MS,
    onsessioninitialized: (sessionId) => {
      sessions.set(sessionId, entry);
      logger.debug({ sessionId }, 'session opened');
    },
    onsessionclosed: (sessionId) => {
      sessions.delete(sessionId);
      logger.debug({ sessionId }, 'session closed by the client');
    },
  });
  const entry: SessionEntry = { transport, server };

  transport.onclose = () => {
    if (transport.sessionId !== undefined) sessions.delete(transport.sessionId);
  };
  server.onerror = (error) => logger.error({ err: error, sessionId: transport.sessionId }, 'MCP session error');

  await server.connect(transport);
  return entry;
}

/** Returns why the Host or Origin header is not a loopback name, or undefined when both are. */
function findNonLoopbackHeader(request: IncomingMessage): string | undefined {
  const host = request.headers.host;
  if (host === undefined || !LOOPBACK_HOSTNAMES.has(hostnameOf(`http://${host}`) ?? '')) {
    return `Host header ${JSON.stringify(host ?? null)} is not a loopback host`;
  }

  const origin = request.headers.origin;
  if (origin !== undefined && !LOOPBACK_HOSTNAMES.has(hostnameOf(origin) ?? '')) {
    return `Origin header ${JSON.stringify(origin)} is not a loopback origin`;
  }
  return undefined;
}

function hostnameOf(url: string): string | undefined {
  try {
    return new URL(url).hostname.toLowerCase();
  } catch {
    return undefined;
  }
}

/** Reads and parses a JSON body. On failure it sends the error response itself and returns undefined. */
async function readJsonBody(request: IncomingMessage, response: ServerResponse): Promise<unknown> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request) {
    const buffer = chunk as Buffer;
    size += buffer.length;
    if (size > MAX_BODY_BYTES) {
      sendJsonRpcError(response, 413, -32000, `Request body exceeds ${MAX_BODY_BYTES} bytes.`);
      return undefined;
    }
    chunks.push(buffer);
  }

  try {
    return JSON.parse(Buffer.concat(chunks).toString('utf8')) as unknown;
  } catch (error) {
    sendJsonRpcError(response, 400, -32700, `Parse error: the body is not valid JSON (${(error as Error).message}).`);
    return undefined;
  }
}

function sendJsonRpcError(response: ServerResponse, status: number, code: number, message: string): void {
  response.writeHead(status, { 'content-type': 'application/json' });
  response.end(JSON.stringify({ jsonrpc: '2.0', error: { code, message }, id: null }));
}

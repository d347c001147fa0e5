// Connections to the upstream MCP server: a child process over stdio, a Streamable HTTP endpoint, or an endpoint
// that still speaks the HTTP+SSE transport of protocol revision 2024-11-05. A session opens one link through a
// connector and opens another after a restart.
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { once } from 'node:events';
import { basename } from 'node:path';
import { SSEClientTransport } from '@modelcontextprotocol/sdk/client/sse.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import type { Transport, TransportSendOptions } from '@modelcontextprotocol/sdk/shared/transport.js';
import type { Logger } from 'pino';
import type { JSONRPCMessage } from './jsonrpc.js';
import { LineTransport } from './line-transport.js';

/** The end of an upstream connection: exit code, signal and a phrase for messages. */
export interface UpstreamExit {
  /** Exit code of the child process; `null` for HTTP upstreams and for children killed by a signal. */
  code: number | null;
  signal: NodeJS.Signals | null;
  /** One phrase for messages, such as `exited with code 3` or `connection closed`. */
  reason: string;
}

export interface UpstreamLink {
  send(message: JSONRPCMessage, options?: TransportSendOptions): Promise<void>;
  /** Stops the link on purpose; `onexit` still fires once it has ended. */
  close(): Promise<void>;
  /** Tells an HTTP link the negotiated protocol version, which it sends as the `mcp-protocol-version` header. */
  setProtocolVersion(version: string): void;
  onmessage?: (message: JSONRPCMessage) => void;
  onexit?: (exit: UpstreamExit) => void;
}

export interface UpstreamConnector {
  /** The server as logs name it: its command line, or its URL without credentials and query. */
  readonly label: string;
  /** A short name for messages to the client before the server has sent its serverInfo: the command's file name or the URL's host. */
  readonly displayName: string;
  /** Whether a link can end on its own, so that restarting makes sense (true for child processes). */
  readonly restartable: boolean;
  connect(logger: Logger): Promise<UpstreamLink>;
}

/** Grace between closing a child's stdin and SIGTERM, and between SIGTERM and SIGKILL. */
const CHILD_STOP_GRACE_MS = 2_000;

// ---- child process ------------------------------------------------------------------------------

export interface ChildCommand {
  command: string;
  args: string[];
  cwd: string;
  env: NodeJS.ProcessEnv;
  /** Destination of the child's stderr: the proxy's own stderr. */
  stderr: NodeJS.WritableStream;
}

export function childConnector(spec: ChildCommand): UpstreamConnector {
  const label = [spec.command, ...spec.args].join(' ');
  return { label, displayName: basename(spec.command), restartable: true, connect: (logger) => connectChild(spec, label, logger) };
}

async function connectChild(spec: ChildCommand, label: string, logger: Logger): Promise<UpstreamLink> {
  const child = spawn(spec.command, spec.args, { cwd: spec.cwd, env: spec.env, stdio: ['pipe', 'pipe', 'pipe'] });
  child.stderr.pipe(spec.stderr, { end: false });

  // events.once rejects when the emitter fires 'error' first, which is how a missing command shows up.
  const started = await once(child, 'spawn').then(
    () => undefined,
    (error: unknown) => error as Error,
  );
  if (started instanceof Error) {
    throw new Error(`failed to start the server "${label}": ${started.message}. Check the command after "--" and PATH.`);
  }
  logger.info({ childPid: child.pid, command: label }, 'upstream server started');

  const lines = new LineTransport(child.stdout, child.stdin, { peer: 'upstream', replyToInvalid: false, logger });
  const link: UpstreamLink = {
    send: (message) => lines.send(message),
    close: () => stopChild(child),
    setProtocolVersion: () => undefined,
  };
  lines.onmessage = (message) => link.onmessage?.(message);
  lines.onerror = (error) => logger.warn({ err: error }, 'upstream stdio stream failed');
  // A child that closes stdin before reading everything raises EPIPE on our side; the exit event reports it.
  child.stdin.on('error', (error) => logger.debug({ err: error }, 'upstream stdin failed'));

  child.on('exit', (code, signal) => {
    const reason = signal === null ? `exited with code ${code ?? 'unknown'}` : `was killed by ${signal}`;
    logger.info({ childPid: child.pid, code, signal }, 'upstream server stopped');
    void lines.close();
    link.onexit?.({ code, signal, reason });
  });
  await lines.start();
  return link;
}

async function stopChild(child: ChildProcessWithoutNullStreams): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = once(child, 'exit');

  // MCP's stdio shutdown order: close the server's stdin, then SIGTERM, then SIGKILL.
  child.stdin.end();
  if (await settlesWithin(exited, CHILD_STOP_GRACE_MS)) return;
  child.kill('SIGTERM');
  if (await settlesWithin(exited, CHILD_STOP_GRACE_MS)) return;
  child.kill('SIGKILL');
  await exited;
}

async function settlesWithin(promise: Promise<unknown>, timeoutMs: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<boolean>((resolve) => {
    timer = setTimeout(() => resolve(false), timeoutMs);
  });
  const result = await Promise.race([promise.then(() => true), timeout]);
  clearTimeout(timer);
  return result;
}

// ---- HTTP ---------------------------------------------------------------------------------------

export interface HttpUpstreamSpec {
  url: URL;
  /** `streamable-http` (protocol 2025-03-26 and later) or `sse` (the HTTP+SSE transport of 2024-11-05). */
  transport: 'streamable-http' | 'sse';
  headers: Record<string, string>;
}

export function httpConnector(spec: HttpUpstreamSpec): UpstreamConnector {
  // Tokens sometimes travel in the query string or the userinfo, so neither is logged.
  const label = `${spec.url.origin}${spec.url.pathname}`;
  const connectable = withoutUserinfo(spec);
  return { label, displayName: spec.url.host, restartable: false, connect: (logger) => connectHttp(connectable, label, logger) };
}

/**
 * Moves `user:password@` from the URL into a Basic Authorization header (unless one was given), as curl does:
 * fetch rejects URLs with credentials, and its error would repeat them.
 */
function withoutUserinfo(spec: HttpUpstreamSpec): HttpUpstreamSpec {
  if (spec.url.username === '' && spec.url.password === '') return spec;

  const url = new URL(spec.url.href);
  const credentials = `${decodeURIComponent(url.username)}:${decodeURIComponent(url.password)}`;
  url.username = '';
  url.password = '';
  const hasAuthorization = Object.keys(spec.headers).some((name) => name.toLowerCase() === 'authorization');
  const headers = hasAuthorization ? spec.headers : { ...spec.headers, Authorization: `Basic ${Buffer.from(credentials).toString('base64')}` };
  return { ...spec, url, headers };
}

// NOTE: when a Streamable HTTP server forgets the session (HTTP 404), every later request fails with an error;
// the proxy does not open a new upstream session on its own. The client recovers by reconnecting.
async function connectHttp(spec: HttpUpstreamSpec, label: string, logger: Logger): Promise<UpstreamLink> {
  const requestInit = { headers: spec.headers };
  const streamable = spec.transport === 'streamable-http' ? new StreamableHTTPClientTransport(spec.url, { requestInit }) : undefined;
  const transport: Transport = streamable ?? new SSEClientTransport(spec.url, { requestInit });

  let closing = false;
  const link: UpstreamLink = {
    // Transport errors may quote the URL, query string included; messages and logs get the label instead.
    send: (message, options) =>
      transport.send(message, options).catch((error: unknown) => {
        throw new Error(String((error as Error).message ?? error).replaceAll(spec.url.href, label));
      }),
    close: async () => {
      closing = true;
      // Ending the upstream session is polite, not required: a server that rejects DELETE is logged and left.
      await streamable?.terminateSession().catch((error: unknown) => logger.debug({ err: error }, 'upstream session termination failed'));
      await transport.close();
    },
    setProtocolVersion: (version) => transport.setProtocolVersion?.(version),
  };

  transport.onmessage = (message) => link.onmessage?.(message);
  transport.onerror = (error) => logger.warn({ err: error, url: label }, 'upstream HTTP transport reported an error');
  transport.onclose = () => {
    logger.info({ url: label, onPurpose: closing }, 'upstream HTTP connection closed');
    link.onexit?.({ code: null, signal: null, reason: closing ? 'was closed by the proxy' : 'closed the connection' });
  };

  await transport.start();
  logger.info({ url: label, transport: spec.transport }, 'upstream connection opened');
  return link;
}

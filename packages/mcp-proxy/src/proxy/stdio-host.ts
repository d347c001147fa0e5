// Serves one client over stdio: the proxy's stdin and stdout carry the protocol, one session, one upstream.
import type { Logger } from 'pino';
import type { ProxyGuardFactory } from './guard.js';
import { LineTransport } from './line-transport.js';
import { ProxySession, type SessionEndReason } from './session.js';
import type { UpstreamConnector } from './upstream.js';

export interface HostOptions {
  connector: UpstreamConnector;
  guardFactory: ProxyGuardFactory;
  callTimeoutMs: number;
  restart: boolean;
  logger: Logger;
}

/** How long SIGINT or SIGTERM lets in-flight requests finish before they are cancelled. */
export const SHUTDOWN_GRACE_MS = 5_000;

/** Runs the stdio proxy until the client closes stdin, a signal arrives, or the server is lost; resolves to the exit code. */
export async function runStdioHost(options: HostOptions, stdin: NodeJS.ReadableStream, stdout: NodeJS.WritableStream): Promise<number> {
  const { logger } = options;
  const client = new LineTransport(stdin, stdout, { peer: 'client', replyToInvalid: true, logger });

  let endSession: (reason: SessionEndReason) => void = () => undefined;
  const ended = new Promise<SessionEndReason>((resolve) => {
    endSession = resolve;
  });
  const session = new ProxySession({ id: 'stdio', client, ...options, onEnd: (reason) => endSession(reason) });

  try {
    await session.start();
  } catch (error) {
    logger.error({ err: error }, 'the upstream server could not be started');
    return 1;
  }

  let signalled = false;
  const onSignal = (signal: NodeJS.Signals): void => {
    if (signalled) {
      logger.warn({ signal, pending: session.pendingCount }, 'second signal; cancelling pending requests now');
      session.cutGrace();
      return;
    }
    signalled = true;
    logger.info({ signal, pending: session.pendingCount }, 'signal received; shutting down');
    void session.close('shutdown', SHUTDOWN_GRACE_MS);
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);

  const reason = await ended;
  process.off('SIGINT', onSignal);
  process.off('SIGTERM', onSignal);
  if (reason === 'guard_error') return 2;
  return reason === 'upstream_lost' ? 1 : 0;
}

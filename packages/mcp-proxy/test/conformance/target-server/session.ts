/** Per-session state of the conformance target, and what a tool handler receives. */
import type { Server } from '@modelcontextprotocol/sdk/server/index.js';
import type { RequestHandlerExtra } from '@modelcontextprotocol/sdk/shared/protocol.js';
import type { LoggingLevel, ServerNotification, ServerRequest } from '@modelcontextprotocol/sdk/types.js';

/** Severity order of MCP log levels, lowest first (MCP spec, server/utilities/logging). */
export const LOGGING_LEVELS: readonly LoggingLevel[] = ['debug', 'info', 'notice', 'warning', 'error', 'critical', 'alert', 'emergency'];

export interface TargetSession {
  /** Minimum level set by logging/setLevel; undefined until the client sets one, and then every message is sent. */
  logLevel: LoggingLevel | undefined;
  /** Resource URIs the client subscribed to with resources/subscribe. */
  readonly subscriptions: Set<string>;
}

export interface ToolContext {
  readonly server: Server;
  readonly extra: RequestHandlerExtra<ServerRequest, ServerNotification>;
  readonly session: TargetSession;
}

export function createTargetSession(): TargetSession {
  return { logLevel: undefined, subscriptions: new Set() };
}

export function isLogLevelEnabled(session: TargetSession, level: LoggingLevel): boolean {
  if (session.logLevel === undefined) return true;
  return LOGGING_LEVELS.indexOf(level) >= LOGGING_LEVELS.indexOf(session.logLevel);
}

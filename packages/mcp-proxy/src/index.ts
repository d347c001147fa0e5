// Public API of @lookout/mcp-proxy: the proxy's building blocks and the guard seam.
export type {
  GuardSessionContext,
  InitializeInfo,
  JsonObject,
  ProxyGuard,
  ProxyGuardFactory,
  ToolCall,
  ToolCallVerdict,
  UpstreamEvent,
  WireTool,
  WireToolResult,
} from './proxy/guard.js';
export { passThroughGuard } from './proxy/guard.js';
export { ProxySession, type ProxySessionOptions, type SessionEndReason } from './proxy/session.js';
export { childConnector, httpConnector, type UpstreamConnector, type UpstreamExit, type UpstreamLink } from './proxy/upstream.js';
export { parseProxyArgs, PROXY_HELP, type ProxyOptions } from './proxy/options.js';

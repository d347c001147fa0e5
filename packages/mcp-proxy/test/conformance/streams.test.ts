/**
 * Stream behaviours of the conformance target that the conformance suite does not check with a
 * current protocol version, run directly and through `lookout-mcp --listen --no-guard` with the
 * SDK's real `Client` (protocol 2025-11-25):
 * - the server closes the SSE stream of a call before the result, so the client (or the proxy's
 *   upstream client) must resume it with Last-Event-ID;
 * - logging/setLevel filters the log notifications of later calls in the same session.
 */
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { LoggingMessageNotificationSchema, type LoggingMessageNotification } from '@modelcontextprotocol/sdk/types.js';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startProxy, type RunningProcess } from './processes.js';
import { startTargetServer, type RunningTargetServer } from './target-server/http.js';

interface ConnectedClient {
  readonly client: Client;
  readonly logs: LoggingMessageNotification['params'][];
}

async function connect(url: string): Promise<ConnectedClient> {
  const client = new Client({ name: 'lookout-streams-test', version: '0.1.0' }, { capabilities: {} });
  const logs: LoggingMessageNotification['params'][] = [];
  client.setNotificationHandler(LoggingMessageNotificationSchema, (notification) => {
    logs.push(notification.params);
  });
  await client.connect(new StreamableHTTPClientTransport(new URL(url)));
  return { client, logs };
}

describe('conformance target streams', () => {
  let target: RunningTargetServer;
  let proxy: RunningProcess;
  const endpoints: Record<string, () => string> = {
    directly: () => target.url,
    'through lookout-mcp': () => proxy.url,
  };

  beforeAll(async () => {
    target = await startTargetServer({ logger: pino({ level: 'error' }, pino.destination(2)) });
    proxy = await startProxy(target.url);
  });

  afterAll(async () => {
    await proxy?.stop();
    await target?.close();
  });

  it.each(Object.keys(endpoints))('resumes a closed call stream %s', async (endpoint) => {
    const { client } = await connect(endpoints[endpoint]!());
    const resumesBefore = target.resumeRequestCount();
    try {
      const result = await client.callTool({ name: 'test_reconnection', arguments: {} }, undefined, { timeout: 10_000 });

      expect(target.resumeRequestCount()).toBeGreaterThan(resumesBefore);
      expect(result.isError).toBeUndefined();
      expect(result.content).toEqual([{ type: 'text', text: 'Reconnection test completed.' }]);
    } finally {
      await client.close();
    }
  });

  it.each(Object.keys(endpoints))('filters logs by session level %s', async (endpoint) => {
    const { client, logs } = await connect(endpoints[endpoint]!());
    try {
      await client.setLoggingLevel('error');
      await client.callTool({ name: 'test_tool_with_logging', arguments: {} });
      const logsAtError = logs.length;

      await client.setLoggingLevel('info');
      await client.callTool({ name: 'test_tool_with_logging', arguments: {} });

      // The tool sends its notifications on the call's own stream, before the result, so they
      // have all arrived when callTool returns.
      expect(logsAtError).toBe(0);
      expect(logs.map((log) => log.data)).toEqual(['Tool execution started', 'Tool processing data', 'Tool execution completed']);
      expect(logs.every((log) => log.level === 'info')).toBe(true);
    } finally {
      await client.close();
    }
  });
});

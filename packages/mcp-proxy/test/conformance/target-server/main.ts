/**
 * Runs the conformance target on its own. Over Streamable HTTP, it prints the endpoint URL on
 * stdout and stops on SIGINT or SIGTERM:
 *   pnpm exec tsx packages/mcp-proxy/test/conformance/target-server/main.ts [--port PORT] [--log-level LEVEL]
 * With --stdio, it serves one session over stdio, logs to stderr and stops when stdin closes:
 *   pnpm exec tsx packages/mcp-proxy/test/conformance/target-server/main.ts --stdio
 */
import { parseArgs } from 'node:util';
import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js';
import { pino, type Logger } from 'pino';
import { z } from 'zod';
import { startTargetServer } from './http.js';
import { createTargetMcpServer } from './server.js';
import { createTargetSession } from './session.js';

const { values } = parseArgs({
  options: {
    port: { type: 'string', default: '0' },
    stdio: { type: 'boolean', default: false },
    'log-level': { type: 'string', default: 'info' },
  },
});
const logger = pino({ name: 'conformance-target', level: values['log-level'] }, pino.destination(2));

if (values.stdio) await serveStdio(logger);
else await serveHttp(z.coerce.number().int().min(0).max(65535).parse(values.port), logger);

async function serveHttp(port: number, logger: Logger): Promise<void> {
  const target = await startTargetServer({ port, logger });
  process.stdout.write(`${target.url}\n`);

  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => {
      void target.close().then(() => process.exit(0));
    });
  }
}

async function serveStdio(logger: Logger): Promise<void> {
  const server = createTargetMcpServer(createTargetSession());
  server.onerror = (error) => logger.error({ err: error }, 'MCP session error');
  server.onclose = () => logger.info('stdio session closed');

  await server.connect(new StdioServerTransport());
  logger.info('conformance target serving over stdio');
}

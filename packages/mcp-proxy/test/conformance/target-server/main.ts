/**
 * Runs the conformance target on its own, for trying the suite by hand:
 *   pnpm exec tsx packages/mcp-proxy/test/conformance/target-server/main.ts [--port PORT]
 * Prints the endpoint URL on stdout and stops on SIGINT or SIGTERM.
 */
import { parseArgs } from 'node:util';
import { pino } from 'pino';
import { z } from 'zod';
import { startTargetServer } from './http.js';

const { values } = parseArgs({ options: { port: { type: 'string', default: '0' }, 'log-level': { type: 'string', default: 'info' } } });
const port = z.coerce.number().int().min(0).max(65535).parse(values.port);
const logger = pino({ name: 'conformance-target', level: values['log-level'] }, pino.destination(2));

const target = await startTargetServer({ port, logger });
process.stdout.write(`${target.url}\n`);

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    void target.close().then(() => process.exit(0));
  });
}

// The proxy's pino root. It writes to stderr only: in stdio mode stdout carries the protocol.
import { pino, type Logger } from 'pino';

export function createProxyLogger(level: string, destination: NodeJS.WritableStream): Logger {
  return pino(
    {
      name: 'lookout-mcp',
      level,
      // Upstream headers often carry credentials (--header 'Authorization: ...').
      redact: { paths: ['headers', '*.headers', 'authorization', '*.authorization'], censor: '[redacted]' },
    },
    destination,
  );
}

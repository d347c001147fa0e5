// Newline-delimited JSON-RPC over a pair of streams: the MCP stdio framing. The proxy uses its own framing for
// both stdio sides, rather than the SDK's stdio transports, so that it has the raw bytes of every invalid line:
// it logs an excerpt of them and answers the client with the JSON-RPC error the spec asks for.
import type { Transport } from '@modelcontextprotocol/sdk/shared/transport.js';
import type { Logger } from 'pino';
import { errorResponse, parseJsonRpcLine, truncateForLog, type JSONRPCMessage } from './jsonrpc.js';

export interface LineTransportOptions {
  /** The peer that writes `input`, for log lines: `client` or `upstream`. */
  peer: 'client' | 'upstream';
  /**
   * Whether an invalid line gets a JSON-RPC error back (parse error or invalid request, id `null` when unknown).
   * The proxy answers the client, but not an upstream server, whose stray stdout lines are usually log output
   * that an error reply would only feed back into it.
   */
  replyToInvalid: boolean;
  logger: Logger;
}

const NEWLINE = 0x0a;

export class LineTransport implements Transport {
  onclose?: () => void;
  onerror?: (error: Error) => void;
  onmessage?: (message: JSONRPCMessage) => void;

  #chunks: Buffer[] = [];
  #closed = false;
  readonly #input: NodeJS.ReadableStream;
  readonly #output: NodeJS.WritableStream;
  readonly #options: LineTransportOptions;

  constructor(input: NodeJS.ReadableStream, output: NodeJS.WritableStream, options: LineTransportOptions) {
    this.#input = input;
    this.#output = output;
    this.#options = options;
  }

  async start(): Promise<void> {
    this.#input.on('data', this.#onData);
    this.#input.on('end', this.#onEnd);
    this.#input.on('error', this.#onStreamError);
    this.#output.on('error', this.#onStreamError);
  }

  send(message: JSONRPCMessage): Promise<void> {
    if (this.#closed) return Promise.reject(new Error(`cannot send to the ${this.#options.peer}: its stream is closed`));

    return new Promise((resolve, reject) => {
      this.#output.write(`${JSON.stringify(message)}\n`, (error?: Error | null) => (error ? reject(error) : resolve()));
    });
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    this.#input.off('data', this.#onData);
    this.#input.off('end', this.#onEnd);
    this.#input.pause();
    this.onclose?.();
  }

  readonly #onData = (chunk: Buffer | string): void => {
    const bytes = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;

    // Only the new chunk is searched, so a 50 MB line arriving in 64 KB chunks costs linear time.
    let start = 0;
    let newline = bytes.indexOf(NEWLINE, start);
    while (newline !== -1) {
      this.#chunks.push(bytes.subarray(start, newline));
      const line = Buffer.concat(this.#chunks).toString('utf8');
      this.#chunks = [];
      this.#handleLine(line);
      start = newline + 1;
      newline = bytes.indexOf(NEWLINE, start);
    }
    if (start < bytes.length) this.#chunks.push(bytes.subarray(start));
  };

  readonly #onEnd = (): void => {
    void this.close();
  };

  readonly #onStreamError = (error: Error): void => {
    this.onerror?.(error);
  };

  #handleLine(rawLine: string): void {
    const line = rawLine.endsWith('\r') ? rawLine.slice(0, -1) : rawLine;
    if (line.trim() === '') return;

    const parsed = parseJsonRpcLine(line);
    if (parsed.ok) {
      for (const message of parsed.messages) this.onmessage?.(message);
      return;
    }

    const { peer, logger, replyToInvalid } = this.#options;
    logger.warn({ peer, code: parsed.code, reason: parsed.reason, bytes: truncateForLog(line) }, `invalid JSON-RPC message from the ${peer}`);
    if (!replyToInvalid) return;

    const text = parsed.code === -32700 ? `Parse error: ${parsed.reason}` : `Invalid Request: ${parsed.reason}`;
    this.send(errorResponse(parsed.id, parsed.code, text)).catch((error: unknown) => this.onerror?.(error as Error));
  }
}

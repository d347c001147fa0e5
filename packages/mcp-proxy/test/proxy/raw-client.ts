// A hand-driven stdio client for fault tests: it writes raw lines to lookout-mcp's stdin (valid or not) and
// matches the JSON-RPC lines it prints, so tests see exactly what the proxy sends and how it exits.
import { PROXY_BIN, startProcess, type RunningProcess } from './helpers.js';

type Message = Record<string, unknown> & { id?: unknown; method?: string; result?: Record<string, unknown>; error?: { code: number; message: string } };

export class RawStdioClient {
  readonly process: RunningProcess;
  readonly received: Message[] = [];
  #chunks: Buffer[] = [];
  #nextId = 1;
  readonly #exit: Promise<number | null>;

  constructor(proxyArgs: string[], server: string[]) {
    this.process = startProcess(process.execPath, [PROXY_BIN, ...proxyArgs, ...(server.length > 0 ? ['--', ...server] : [])]);
    this.process.child.stdout?.removeAllListeners('data');
    this.process.child.stdout?.on('data', (chunk: Buffer) => this.#onData(chunk));
    this.#exit = new Promise((resolve) => this.process.child.once('exit', (code) => resolve(code)));
  }

  writeLine(line: string): void {
    this.process.child.stdin?.write(`${line}\n`);
  }

  send(message: Record<string, unknown>): void {
    this.writeLine(JSON.stringify({ jsonrpc: '2.0', ...message }));
  }

  /** Sends a request and returns its id without waiting. */
  start(method: string, params?: Record<string, unknown>): number {
    const id = this.#nextId++;
    this.send({ id, method, params });
    return id;
  }

  async request(method: string, params?: Record<string, unknown>, timeoutMs?: number): Promise<Message> {
    return this.responseTo(this.start(method, params), timeoutMs);
  }

  responseTo(id: unknown, timeoutMs?: number): Promise<Message> {
    return this.waitFor((message) => message.id === id && (message.result !== undefined || message.error !== undefined), timeoutMs);
  }

  async initialize(): Promise<Message> {
    const response = await this.request('initialize', { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 'raw', version: '1' } });
    this.send({ method: 'notifications/initialized' });
    return response;
  }

  async callTool(name: string, args: Record<string, unknown> = {}, timeoutMs?: number): Promise<Message> {
    return this.request('tools/call', { name, arguments: args }, timeoutMs);
  }

  async waitFor(predicate: (message: Message) => boolean, timeoutMs = 20_000): Promise<Message> {
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      const found = this.received.find(predicate);
      if (found !== undefined) return found;
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    throw new Error(`no matching message within ${timeoutMs} ms; received ${JSON.stringify(this.received).slice(0, 2000)}\nstderr:\n${this.process.stderr().slice(-3000)}`);
  }

  closeStdin(): void {
    this.process.child.stdin?.end();
  }

  exitCode(): Promise<number | null> {
    return this.#exit;
  }

  #onData(chunk: Buffer): void {
    // Only the new chunk is searched for a newline, so a 50 MB line costs linear time.
    let start = 0;
    let newline = chunk.indexOf(0x0a, start);
    while (newline !== -1) {
      this.#chunks.push(chunk.subarray(start, newline));
      const line = Buffer.concat(this.#chunks).toString('utf8');
      this.#chunks = [];
      if (line.trim() !== '') this.received.push(JSON.parse(line) as Message);
      start = newline + 1;
      newline = chunk.indexOf(0x0a, start);
    }
    if (start < chunk.length) this.#chunks.push(chunk.subarray(start));
  }
}

/** Text of the first content block of a tools/call result. */
export function resultText(message: Message): string {
  const content = message.result?.['content'] as Array<{ text?: string }> | undefined;
  return content?.[0]?.text ?? '';
}

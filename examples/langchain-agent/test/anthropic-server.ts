// A local stand-in for the Anthropic Messages API (POST /v1/messages) on 127.0.0.1, for offline tests of the
// `@langchain/anthropic` path. It answers each request with the next scripted turn, as plain JSON or as the
// API's server-sent events when the request asks to stream, and records every request body it received.
import { createServer } from 'node:http';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface AnthropicToolUse {
  id: string;
  name: string;
  input: Record<string, unknown>;
}

export interface AnthropicTurn {
  text?: string;
  toolUses?: AnthropicToolUse[];
}

/** The parts of a Messages API request body the tests read. */
export interface MessagesRequest {
  model: string;
  system?: string | Array<{ type: string; text?: string }>;
  messages: Array<{ role: string; content: unknown }>;
  tools?: Array<{ name: string }>;
  stream?: boolean;
}

export type TurnScript = (request: MessagesRequest, index: number) => AnthropicTurn;

export interface AnthropicServer {
  url: string;
  requests: MessagesRequest[];
  close(): Promise<void>;
}

/** Starts the server on a free port of 127.0.0.1. */
export async function startAnthropicServer(script: TurnScript): Promise<AnthropicServer> {
  const requests: MessagesRequest[] = [];

  const server = createServer((request, response) => {
    void handle(request, response).catch((error: unknown) => {
      sendJson(response, 500, { type: 'error', error: { type: 'api_error', message: String(error) } });
    });
  });

  async function handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    if (request.method !== 'POST' || !(request.url ?? '').startsWith('/v1/messages')) {
      sendJson(response, 404, { type: 'error', error: { type: 'not_found_error', message: `No route for ${request.method} ${request.url}` } });
      return;
    }
    const body = JSON.parse(await readBody(request)) as MessagesRequest;
    requests.push(body);
    const turn = script(body, requests.length - 1);
    const message = toMessage(body.model, turn, requests.length);
    if (body.stream === true) streamMessage(response, message);
    else sendJson(response, 200, message);
  }

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    close: () => new Promise<void>((resolve, reject) => server.close((error) => (error ? reject(error) : resolve()))),
  };
}

interface ApiMessage {
  id: string;
  type: 'message';
  role: 'assistant';
  model: string;
  content: Array<{ type: 'text'; text: string } | ({ type: 'tool_use' } & AnthropicToolUse)>;
  stop_reason: 'end_turn' | 'tool_use';
  stop_sequence: null;
  usage: { input_tokens: number; output_tokens: number };
}

function toMessage(model: string, turn: AnthropicTurn, count: number): ApiMessage {
  const content: ApiMessage['content'] = [];
  if (turn.text !== undefined && turn.text !== '') content.push({ type: 'text', text: turn.text });
  for (const use of turn.toolUses ?? []) content.push({ type: 'tool_use', ...use });
  return {
    id: `msg_local_${count}`,
    type: 'message',
    role: 'assistant',
    model,
    content,
    stop_reason: (turn.toolUses ?? []).length > 0 ? 'tool_use' : 'end_turn',
    stop_sequence: null,
    usage: { input_tokens: 10, output_tokens: 10 },
  };
}

/** Sends a message as the API's event stream: message_start, one start/delta/stop per block, message_delta, message_stop. */
function streamMessage(response: ServerResponse, message: ApiMessage): void {
  response.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
  const send = (event: string, data: unknown): void => {
    response.write(`event: ${event}\ndata: ${JSON.stringify({ type: event, ...(data as object) })}\n\n`);
  };

  send('message_start', { message: { ...message, content: [], stop_reason: null, usage: { input_tokens: 10, output_tokens: 0 } } });
  message.content.forEach((block, index) => {
    if (block.type === 'text') {
      send('content_block_start', { index, content_block: { type: 'text', text: '' } });
      send('content_block_delta', { index, delta: { type: 'text_delta', text: block.text } });
    } else {
      send('content_block_start', { index, content_block: { type: 'tool_use', id: block.id, name: block.name, input: {} } });
      send('content_block_delta', { index, delta: { type: 'input_json_delta', partial_json: JSON.stringify(block.input) } });
    }
    send('content_block_stop', { index });
  });
  send('message_delta', { delta: { stop_reason: message.stop_reason, stop_sequence: null }, usage: { output_tokens: 10 } });
  send('message_stop', {});
  response.end();
}

function sendJson(response: ServerResponse, status: number, body: unknown): void {
  response.writeHead(status, { 'content-type': 'application/json' });
  response.end(JSON.stringify(body));
}

async function readBody(request: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

/** The text of the request's system prompt, joined from its blocks. */
export function systemText(request: MessagesRequest): string {
  if (typeof request.system === 'string') return request.system;
  return (request.system ?? []).map((block) => block.text ?? '').join('\n');
}

/** The tool_result blocks of the request's last user message. */
export function lastToolResults(request: MessagesRequest): Array<{ tool_use_id: string; content: unknown; is_error?: boolean }> {
  const last = request.messages.at(-1);
  if (last === undefined || !Array.isArray(last.content)) return [];
  return (last.content as Array<{ type?: string }>).filter((block) => block.type === 'tool_result') as Array<{ tool_use_id: string; content: unknown; is_error?: boolean }>;
}

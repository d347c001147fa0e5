// JSON-RPC 2.0 message helpers for the proxy: parsing raw lines, telling message kinds apart, and building the
// error responses and results the proxy itself sends. The SDK's schemas keep unknown keys inside `params` and
// `result` (they are loose objects), so forwarding a parsed message loses nothing a peer sent there.
import {
  ErrorCode,
  JSONRPCMessageSchema,
  type JSONRPCErrorResponse,
  type JSONRPCMessage,
  type JSONRPCNotification,
  type JSONRPCRequest,
  type JSONRPCResultResponse,
  type RequestId,
} from '@modelcontextprotocol/sdk/types.js';

export type { JSONRPCMessage, JSONRPCNotification, JSONRPCRequest, JSONRPCResultResponse, JSONRPCErrorResponse, RequestId };
export { ErrorCode };

/** Longest excerpt of offending bytes a log line carries. */
export const MAX_LOGGED_BYTES = 200;

export type ParsedLine =
  | { ok: true; messages: JSONRPCMessage[] }
  | { ok: false; code: ErrorCode.ParseError | ErrorCode.InvalidRequest; reason: string; id: RequestId | null };

/**
 * Parses one line of newline-delimited JSON-RPC. A JSON array is split into its messages.
 * NOTE: batches were allowed only by protocol revision 2025-03-26; the proxy answers each element on its own
 * rather than as one batch response.
 */
export function parseJsonRpcLine(line: string): ParsedLine {
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch (error) {
    return { ok: false, code: ErrorCode.ParseError, reason: (error as Error).message, id: null };
  }

  const items = Array.isArray(value) ? value : [value];
  if (items.length === 0) {
    return { ok: false, code: ErrorCode.InvalidRequest, reason: 'empty batch', id: null };
  }

  const messages: JSONRPCMessage[] = [];
  for (const item of items) {
    const parsed = JSONRPCMessageSchema.safeParse(item);
    if (!parsed.success) {
      return { ok: false, code: ErrorCode.InvalidRequest, reason: parsed.error.issues[0]?.message ?? 'invalid', id: extractId(item) };
    }
    messages.push(parsed.data);
  }
  return { ok: true, messages };
}

export function isRequest(message: JSONRPCMessage): message is JSONRPCRequest {
  return 'method' in message && 'id' in message;
}

export function isNotification(message: JSONRPCMessage): message is JSONRPCNotification {
  return 'method' in message && !('id' in message);
}

export function isResultResponse(message: JSONRPCMessage): message is JSONRPCResultResponse {
  return 'result' in message && 'id' in message;
}

export function isErrorResponse(message: JSONRPCMessage): message is JSONRPCErrorResponse {
  return 'error' in message;
}

export function errorResponse(id: RequestId | null, code: number, message: string, data?: unknown): JSONRPCErrorResponse {
  const error = data === undefined ? { code, message } : { code, message, data };
  // The SDK types `id` as optional rather than nullable; JSON-RPC requires `null` when the id is unknown.
  return { jsonrpc: '2.0', id: id as RequestId, error };
}

export function resultResponse(id: RequestId, result: Record<string, unknown>): JSONRPCResultResponse {
  return { jsonrpc: '2.0', id, result };
}

/** A `CallToolResult` with `isError: true` and one text block: how the proxy reports a failed call to a model. */
export function toolErrorResult(text: string): Record<string, unknown> {
  return { content: [{ type: 'text', text }], isError: true };
}

/** A map key for a request id that keeps `1` and `"1"` apart, as JSON-RPC does. */
export function idKey(id: RequestId): string {
  return typeof id === 'number' ? `n:${id}` : `s:${id}`;
}

/** Cuts raw bytes to a loggable excerpt. */
export function truncateForLog(text: string): string {
  return text.length <= MAX_LOGGED_BYTES ? text : `${text.slice(0, MAX_LOGGED_BYTES)}… (${text.length} chars)`;
}

function extractId(value: unknown): RequestId | null {
  if (typeof value !== 'object' || value === null || !('id' in value)) return null;
  const id = (value as { id: unknown }).id;
  return typeof id === 'string' || typeof id === 'number' ? id : null;
}

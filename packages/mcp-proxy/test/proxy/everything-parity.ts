// Parity scenarios against @modelcontextprotocol/server-everything: the same requests sent directly and through
// lookout-mcp must give the same results, after normalising what legitimately differs between two server
// sessions. The test files call these with different transports (stdio, --listen, --upstream-url, --transport sse).
import { gunzipSync } from 'node:zlib';
import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import type { Transport } from '@modelcontextprotocol/sdk/shared/transport.js';
import { CreateMessageRequestSchema, ElicitRequestSchema, ListRootsRequestSchema, type JSONRPCMessage } from '@modelcontextprotocol/sdk/types.js';
import { expect } from 'vitest';
import { listAll, makeClient, rawRequest, type RawResult } from './helpers.js';

/** What the test client declares: every capability server-everything offers tools for, except tasks. */
export const CLIENT_CAPABILITIES = { sampling: {}, elicitation: { form: {}, url: {} }, roots: { listChanged: true } };

/** A small text file as a data: URI, because the tests have no network. */
const GZIP_INPUT = `data:text/plain;base64,${Buffer.from('lookout proxy test\n'.repeat(20)).toString('base64')}`;

export interface ToolCase {
  tool: string;
  args: Record<string, unknown>;
  /** What is compared, in words, with the normalisation applied before comparing. */
  compared: string;
  normalise: (result: RawResult) => unknown;
  /** Sends the call as a task (tools with `execution.taskSupport: required`). */
  asTask?: boolean;
}

const exact = (result: RawResult): unknown => result;

/**
 * Every tool server-everything lists for CLIENT_CAPABILITIES. The async sampling and elicitation tools are not
 * listed because the client declares no `tasks` capability.
 */
export const TOOL_CASES: ToolCase[] = [
  { tool: 'echo', args: { message: 'hello through the proxy' }, compared: 'the whole result', normalise: exact },
  { tool: 'get-annotated-message', args: { messageType: 'success', includeImage: true }, compared: 'the whole result, annotations and image included', normalise: exact },
  {
    tool: 'get-env',
    args: {},
    compared: 'the names of the environment variables, because the value of a few (such as _) name the process that started the server',
    normalise: (result) => Object.keys(JSON.parse(firstText(result)) as Record<string, string>).filter((name) => name !== '_' && !name.startsWith('npm_')).sort(),
  },
  { tool: 'get-resource-links', args: { count: 4 }, compared: 'the whole result with clock times masked', normalise: maskVarying },
  { tool: 'get-resource-reference', args: { resourceType: 'Blob', resourceId: 2 }, compared: 'the whole result with the blob decoded and clock times masked', normalise: maskVarying },
  { tool: 'get-structured-content', args: { location: 'Chicago' }, compared: 'the whole result, structuredContent included', normalise: exact },
  { tool: 'get-sum', args: { a: 19, b: 23 }, compared: 'the whole result', normalise: exact },
  { tool: 'get-tiny-image', args: {}, compared: 'the whole result', normalise: exact },
  {
    tool: 'gzip-file-as-resource',
    args: { name: 'notes.txt.gz', data: GZIP_INPUT, outputType: 'resource' },
    compared: 'the whole result with the gzip blob replaced by its decompressed text',
    normalise: gunzipBlobs,
  },
  { tool: 'toggle-simulated-logging', args: {}, compared: 'the text with the server session id masked', normalise: maskVarying },
  { tool: 'toggle-subscriber-updates', args: {}, compared: 'the text with the server session id masked', normalise: maskVarying },
  { tool: 'trigger-long-running-operation', args: { duration: 0.2, steps: 2 }, compared: 'the whole result', normalise: exact },
  { tool: 'get-roots-list', args: {}, compared: 'the whole result (the roots the test client returned)', normalise: exact },
  { tool: 'trigger-elicitation-request', args: {}, compared: 'the whole result (the test client accepts with fixed content)', normalise: exact },
  {
    tool: 'trigger-url-elicitation',
    args: { url: 'https://example.test/confirm', elicitationId: 'fixed-id' },
    compared: 'the whole result (the test client accepts)',
    normalise: exact,
  },
  { tool: 'trigger-sampling-request', args: { prompt: 'Say hi', maxTokens: 20 }, compared: 'the whole result (the test client returns a fixed message)', normalise: exact },
  {
    tool: 'simulate-research-query',
    args: { topic: 'proxies', ambiguous: false },
    compared: 'the task result from tasks/result with task ids and clock times masked',
    normalise: maskVarying,
    asTask: true,
  },
];

/** Answers sampling, elicitation and roots with fixed values, so both sessions see the same answers. */
export function makeAnsweringClient(): Client {
  const client = makeClient({ capabilities: CLIENT_CAPABILITIES });
  client.setRequestHandler(CreateMessageRequestSchema, async (request) => ({
    model: 'test-model',
    role: 'assistant',
    content: { type: 'text', text: `sampled: ${JSON.stringify(request.params.messages[0]?.content)}` },
  }));
  client.setRequestHandler(ElicitRequestSchema, async (request) =>
    request.params.mode === 'url' ? { action: 'accept' } : { action: 'accept', content: { name: 'Ada', check: true, email: 'ada@example.test' } },
  );
  client.setRequestHandler(ListRootsRequestSchema, async () => ({ roots: [{ uri: 'file:///tmp/lookout-roots', name: 'test root' }] }));
  return client;
}

export async function callTool(client: Client, testCase: ToolCase): Promise<RawResult> {
  if (testCase.asTask !== true) return rawRequest(client, 'tools/call', { name: testCase.tool, arguments: testCase.args });

  const created = await rawRequest(client, 'tools/call', { name: testCase.tool, arguments: testCase.args, task: { ttl: 60_000 } });
  const taskId = (created['task'] as { taskId: string }).taskId;
  for (let attempt = 0; attempt < 200; attempt += 1) {
    const status = await rawRequest(client, 'tasks/get', { taskId });
    if (status['status'] === 'completed' || status['status'] === 'failed') break;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return rawRequest(client, 'tasks/result', { taskId });
}

/** Every list a client can read, each page followed. */
export async function readLists(client: Client): Promise<Record<string, unknown>> {
  return {
    tools: await listAll(client, 'tools/list', 'tools'),
    resources: await listAll(client, 'resources/list', 'resources'),
    templates: await listAll(client, 'resources/templates/list', 'resourceTemplates'),
    prompts: await listAll(client, 'prompts/list', 'prompts'),
  };
}

/** Reads, prompts, completions, subscriptions, logging and ping, each normalised the same way. */
export async function readOtherFeatures(client: Client): Promise<Record<string, unknown>> {
  return maskVarying({
    staticResource: await rawRequest(client, 'resources/read', { uri: 'demo://resource/static/document/features.md' }),
    templatedResource: await rawRequest(client, 'resources/read', { uri: 'demo://resource/dynamic/text/3' }),
    simplePrompt: await rawRequest(client, 'prompts/get', { name: 'simple-prompt' }),
    argsPrompt: await rawRequest(client, 'prompts/get', { name: 'args-prompt', arguments: { city: 'Lyon', state: 'Rhône' } }),
    resourcePrompt: await rawRequest(client, 'prompts/get', { name: 'resource-prompt', arguments: { resourceType: 'Text', resourceId: '2' } }),
    completion: await rawRequest(client, 'completion/complete', { ref: { type: 'ref/prompt', name: 'completable-prompt' }, argument: { name: 'department', value: 'E' } }),
    subscribe: await rawRequest(client, 'resources/subscribe', { uri: 'demo://resource/dynamic/text/1' }),
    unsubscribe: await rawRequest(client, 'resources/unsubscribe', { uri: 'demo://resource/dynamic/text/1' }),
    setLevel: await rawRequest(client, 'logging/setLevel', { level: 'warning' }),
    ping: await rawRequest(client, 'ping'),
  }) as Record<string, unknown>;
}

/** Records every message the client transport receives, before the SDK handles it. */
export function tapIncoming(transport: Transport): JSONRPCMessage[] {
  const seen: JSONRPCMessage[] = [];
  const handler = transport.onmessage;
  transport.onmessage = (message, extra) => {
    seen.push(message);
    handler?.(message, extra);
  };
  return seen;
}

/** Records the progress tokens of the requests the client transport sends. */
function tapOutgoingProgressTokens(transport: Transport): unknown[] {
  const tokens: unknown[] = [];
  const send = transport.send.bind(transport);
  transport.send = (message, options) => {
    const meta = (message as { params?: { _meta?: { progressToken?: unknown } } }).params?._meta;
    if (meta?.progressToken !== undefined) tokens.push(meta.progressToken);
    return send(message, options);
  };
  return tokens;
}

/** Checks that progress arrives with the client's own token and that a cancel stops the operation upstream. */
export async function checkProgressAndCancel(client: Client, transport: Transport, proxyLog: () => string): Promise<void> {
  const seen = tapIncoming(transport);
  const sentTokens = tapOutgoingProgressTokens(transport);
  const progressOf = (): Array<{ progressToken: unknown; progress: unknown }> =>
    seen.filter((message) => 'method' in message && message.method === 'notifications/progress').map((message) => (message as unknown as { params: { progressToken: unknown; progress: unknown } }).params);

  await client.callTool({ name: 'trigger-long-running-operation', arguments: { duration: 0.6, steps: 3 } }, undefined, { onprogress: () => undefined });
  expect(sentTokens).toHaveLength(1);
  expect(progressOf()).toEqual([1, 2, 3].map((progress) => expect.objectContaining({ progressToken: sentTokens[0], progress })));

  const abort = new AbortController();
  let progressBeforeCancel = 0;
  const call = client.callTool({ name: 'trigger-long-running-operation', arguments: { duration: 2, steps: 4 } }, undefined, {
    signal: abort.signal,
    onprogress: () => {
      progressBeforeCancel += 1;
      if (progressBeforeCancel === 2) abort.abort('test cancels');
    },
  });
  await expect(call).rejects.toThrow(/cancel|abort/i);

  // server-everything's loop ignores cancellation and keeps sending progress, but the SDK under it sends no
  // result for a request it saw cancelled. Had the cancel reached the wrong upstream id, the result would come
  // back once the operation ends, and the proxy (at --log-level debug) would log that it dropped it.
  const countAtCancel = progressOf().length;
  await new Promise((resolve) => setTimeout(resolve, 1_600));
  expect(progressOf().length).toBe(countAtCancel);
  expect(proxyLog()).toContain('client cancelled a request');
  expect(proxyLog()).not.toContain('upstream answered an unknown or cancelled request');
  expect(proxyLog()).not.toContain('upstream answered a request that is no longer pending');
}

function firstText(result: RawResult): string {
  const content = result['content'] as Array<{ type: string; text?: string }>;
  return content.find((block) => block.type === 'text')?.text ?? '';
}

const TIME = /\b\d{1,2}:\d{2}:\d{2}(\s?[AP]M)?\b|\d{4}-\d{2}-\d{2}T[\d:.]+Z?/g;
const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g;
const TASK_ID = /\b[0-9a-f]{32}\b/g;

/**
 * Masks clock times, UUIDs (server session ids) and task ids anywhere in a value, inside base64 `blob` fields
 * too, which are decoded first because server-everything's dynamic blobs embed the time they were made.
 */
export function maskVarying(value: unknown): unknown {
  const decoded = JSON.stringify(value, (key, item: unknown) => (key === 'blob' && typeof item === 'string' ? Buffer.from(item, 'base64').toString('utf8') : item));
  return JSON.parse(decoded.replace(TIME, '<time>').replace(UUID, '<uuid>').replace(TASK_ID, '<task>'));
}

function gunzipBlobs(result: RawResult): unknown {
  return JSON.parse(JSON.stringify(result), (key, value: unknown) => (key === 'blob' && typeof value === 'string' ? gunzipSync(Buffer.from(value, 'base64')).toString('utf8') : value));
}

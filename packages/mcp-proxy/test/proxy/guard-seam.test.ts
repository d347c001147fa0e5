// The guard seam of ProxySession, driven by a test guard in front of a real server process (the fault
// server): each hook runs at its moment, and a guard can answer calls, call upstream tools and elicit.
import { PassThrough } from 'node:stream';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { InMemoryTransport } from '@modelcontextprotocol/sdk/inMemory.js';
import { ElicitRequestSchema } from '@modelcontextprotocol/sdk/types.js';
import { childConnector, ProxySession, type GuardSessionContext, type ProxyGuard, type ProxyGuardFactory, type SessionEndReason } from '@lookout/mcp-proxy';
import { pino } from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { FIXTURES, listAll, rawRequest } from './helpers.js';

type HookEvent = [string, ...unknown[]];

/** A guard that records every hook and answers three tools of its own. */
function recordingGuard(events: HookEvent[]): ProxyGuardFactory {
  return (context: GuardSessionContext): ProxyGuard => ({
    onInitialize: (info) => {
      events.push(['initialize', info.serverInfo['name'], info.clientInfo['name']]);
      return `${info.instructions ?? ''}\nCalls pass a test guard.`;
    },
    onToolsList: (tools, lastPage) => (lastPage ? [...tools, { name: 'guard_probe', inputSchema: { type: 'object' } }] : tools),
    beforeToolCall: async (call) => {
      events.push(['before', call.name, call.arguments]);
      if (call.name === 'guard_probe') {
        const looked = await context.callUpstreamTool('echo', { text: 'looked upstream' });
        return { action: 'respond', result: { content: [{ type: 'text', text: `guard saw: ${JSON.stringify(looked['content'])}` }], isError: true } };
      }
      if (call.name === 'guard_ask') {
        if (!context.canElicit()) return { action: 'respond', result: { content: [{ type: 'text', text: 'cannot ask' }], isError: true } };
        const answer = await context.elicit({ message: `Allow ${call.name}?`, requestedSchema: { type: 'object', properties: { ok: { type: 'boolean' } } } }, call);
        return { action: 'respond', result: { content: [{ type: 'text', text: `answer: ${JSON.stringify(answer)}` }] } };
      }
      if (call.name === 'guard_fail') throw new Error('engine exploded');
      return { action: 'forward' };
    },
    afterToolResult: (call, result) => {
      events.push(['after', call.name, result]);
    },
    onUpstreamEvent: (event) => {
      events.push(['upstream', event.kind]);
    },
    onSessionEnd: () => {
      events.push(['end']);
    },
  });
}

const sessions: ProxySession[] = [];

async function openSession(events: HookEvent[], capabilities: Record<string, unknown>): Promise<{ client: Client; session: ProxySession; ended: Promise<SessionEndReason> }> {
  const [clientSide, proxySide] = InMemoryTransport.createLinkedPair();
  let onEnd: (reason: SessionEndReason) => void = () => undefined;
  const ended = new Promise<SessionEndReason>((resolve) => {
    onEnd = resolve;
  });
  const session = new ProxySession({
    id: 'seam-test',
    client: proxySide,
    connector: childConnector({ command: process.execPath, args: [`${FIXTURES}fault-server.mjs`], cwd: process.cwd(), env: process.env, stderr: new PassThrough().resume() }),
    guardFactory: recordingGuard(events),
    callTimeoutMs: 10_000,
    restart: false,
    logger: pino({ level: 'silent' }),
    onEnd,
  });
  sessions.push(session);
  await session.start();

  const client = new Client({ name: 'seam-client', version: '1' }, { capabilities });
  if (capabilities['elicitation'] !== undefined) {
    client.setRequestHandler(ElicitRequestSchema, async (request) => ({ action: 'accept', content: { ok: request.params.message.startsWith('Allow') } }));
  }
  await client.connect(clientSide);
  return { client, session, ended };
}

afterEach(async () => {
  for (const session of sessions.splice(0)) await session.close('shutdown');
});

describe('ProxySession guard seam', () => {
  it('passes initialize through onInitialize and appends tools on the last page', async () => {
    const events: HookEvent[] = [];
    const { client } = await openSession(events, {});

    expect(client.getInstructions()).toBe('A server that misbehaves on purpose.\nCalls pass a test guard.');
    expect(events).toContainEqual(['initialize', 'fault-server', 'seam-client']);
    const names = (await listAll(client, 'tools/list', 'tools')).map((tool) => (tool as { name: string }).name);
    expect(names).toEqual(['crash', 'garbage', 'hang', 'big', 'gather', 'cancellable', 'cancellations', 'echo', 'ask-client', 'ask-then-cancel', 'state', 'guard_probe']);
  });

  it('lets the guard answer a call with an upstream tool it called itself', async () => {
    const { client } = await openSession([], {});

    const result = await rawRequest(client, 'tools/call', { name: 'guard_probe', arguments: {} });

    expect(result).toEqual({ content: [{ type: 'text', text: 'guard saw: [{"type":"text","text":"looked upstream"}]' }], isError: true });
  });

  it('lets the guard elicit an answer from a client that declared elicitation', async () => {
    const { client } = await openSession([], { elicitation: {} });

    const result = await rawRequest(client, 'tools/call', { name: 'guard_ask', arguments: {} });

    expect(result['content']).toEqual([{ type: 'text', text: 'answer: {"action":"accept","content":{"ok":true}}' }]);
  });

  it('tells the guard a client without elicitation cannot be asked', async () => {
    const { client } = await openSession([], {});

    const result = await rawRequest(client, 'tools/call', { name: 'guard_ask', arguments: {} });

    expect(result['content']).toEqual([{ type: 'text', text: 'cannot ask' }]);
  });

  it('turns a failing beforeToolCall into a tool error result', async () => {
    const { client } = await openSession([], {});

    const result = await rawRequest(client, 'tools/call', { name: 'guard_fail', arguments: {} });

    expect(result['isError']).toBe(true);
    expect(JSON.stringify(result)).toContain('could not check the call to \\"guard_fail\\" (engine exploded)');
  });

  it('runs afterToolResult with the forwarded result', async () => {
    const events: HookEvent[] = [];
    const { client } = await openSession(events, {});

    await rawRequest(client, 'tools/call', { name: 'echo', arguments: { text: 'forwarded' } });
    await new Promise((resolve) => setTimeout(resolve, 50));

    expect(events).toContainEqual(['before', 'echo', { text: 'forwarded' }]);
    expect(events).toContainEqual(['after', 'echo', { content: [{ type: 'text', text: 'forwarded' }] }]);
  });

  it('reports an upstream exit, then the session end', async () => {
    const events: HookEvent[] = [];
    const { client, ended } = await openSession(events, {});

    await rawRequest(client, 'tools/call', { name: 'crash', arguments: { code: 5 } });

    expect(await ended).toBe('upstream_lost');
    expect(events.slice(-2)).toEqual([['upstream', 'exited'], ['end']]);
  });
});

// A server tool named like an agent tool stops lookout-mcp with the clash and the flag that avoids it.
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { join } from 'node:path';

import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { describe, expect, it } from 'vitest';

import { PROXY_BIN, makeClient, waitForMatch } from '../proxy/helpers.js';
import { GUARD_FIXTURES, call, projectFolder, startGuardedServer } from './helpers.js';

const CLASHING_SERVER = join(GUARD_FIXTURES, 'clashing-server.mjs');

describe('agent tool clash', () => {
  it('rejects tools/list with the clash and the flag', async () => {
    const guarded = await startGuardedServer({ transport: 'stdio', server: ['node', CLASHING_SERVER], cwd: projectFolder() });

    await expect(guarded.client.listTools()).rejects.toThrow(/"lookout_note".*--no-agent-tools/);
    await guarded.close();
  });

  it('exits with code 2 over --listen', async () => {
    const child = spawn(process.execPath, [PROXY_BIN, '--listen', '127.0.0.1:0', '--journal', join(projectFolder(), 'journal.jsonl'), '--', 'node', CLASHING_SERVER], { stdio: ['ignore', 'ignore', 'pipe'] });
    let log = '';
    child.stderr.on('data', (chunk: Buffer) => (log += chunk.toString('utf8')));
    const exited = once(child, 'exit');
    const url = await waitForMatch(() => log, /"url":"([^"]+)"/);

    const client = makeClient();
    await client.connect(new StreamableHTTPClientTransport(new URL(url)));
    await expect(client.listTools()).rejects.toThrow(/--no-agent-tools/);

    const [code] = (await exited) as [number | null];
    expect(code).toBe(2);
    expect(log).toContain('clashes with Lookout');
  });

  it('serves the server tool with --no-agent-tools', async () => {
    const guarded = await startGuardedServer({ transport: 'stdio', server: ['node', CLASHING_SERVER], cwd: projectFolder(), proxyArgs: ['--no-agent-tools'] });

    const result = await call(guarded.client, 'lookout_note', {});
    expect(result.text).toBe('noted by the server');
    await guarded.close();
  });
});

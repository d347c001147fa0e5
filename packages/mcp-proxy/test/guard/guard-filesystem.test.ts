// The guard end to end on the reference filesystem server: a move into a folder whose creation failed, the
// tool list with the agent tools, and the instructions note.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

import { afterEach, describe, expect, it } from 'vitest';

import { FILESYSTEM_BIN, call, decisionOf, projectFolder, readJournal, settle, startGuardedServer, type ClientTransportKind, type GuardedServer } from './helpers.js';

describe.each<[ClientTransportKind]>([['stdio'], ['http']])('guard on the filesystem server over %s', (transport) => {
  let guarded: GuardedServer | undefined;

  afterEach(async () => {
    await guarded?.close();
    guarded = undefined;
  });

  it('holds a move into a folder whose creation failed', async () => {
    const root = projectFolder();
    writeFileSync(join(root, 'archive'), 'an old shortcut, not a folder\n');
    writeFileSync(join(root, 'INV-2023-0001.pdf'), 'invoice one\n');
    guarded = await startGuardedServer({ transport, server: ['node', FILESYSTEM_BIN, root], cwd: root });
    const { client, journalPath } = guarded;

    const created = await call(client, 'create_directory', { path: join(root, 'archive') });
    expect(created.isError).toBe(true);

    const held = await call(client, 'move_file', { source: join(root, 'INV-2023-0001.pdf'), destination: join(root, 'archive', 'INV-2023-0001.pdf') });
    expect(decisionOf(held)?.kind).toBe('hold');
    expect(decisionOf(held)?.reasons).toContain('investigation');
    expect(held.text).toMatch(/list_directory|get_file_info/);
    expect(held.text).toContain(join(root, 'archive'));
    expect(existsSync(join(root, 'INV-2023-0001.pdf'))).toBe(true);
    expect(readFileSync(join(root, 'archive'), 'utf8')).toContain('old shortcut');

    await settle();
    const records = await readJournal(journalPath, 1);
    const intercepts = records.filter((record) => record.event === 'intercept');
    expect(intercepts).toHaveLength(1);
    expect(intercepts[0]?.['modes']).toEqual([2]);
  });

  it('adds exactly the two agent tools and a note to the instructions', async () => {
    const root = projectFolder();
    guarded = await startGuardedServer({ transport, server: ['node', FILESYSTEM_BIN, root], cwd: root });
    const { client } = guarded;

    const names = (await client.listTools()).tools.map((tool) => tool.name);
    expect(names.filter((name) => name.startsWith('lookout_')).sort()).toEqual(['lookout_note', 'lookout_recall']);
    expect(names).toContain('move_file');
    expect(client.getInstructions()).toContain('Lookout guards these tools');
  });

  it('lists the server tools unchanged with --no-agent-tools', async () => {
    const root = projectFolder();
    guarded = await startGuardedServer({ transport, server: ['node', FILESYSTEM_BIN, root], cwd: root, proxyArgs: ['--no-agent-tools'] });

    const names = (await guarded.client.listTools()).tools.map((tool) => tool.name);
    expect(names.some((name) => name.startsWith('lookout_'))).toBe(false);
  });
});

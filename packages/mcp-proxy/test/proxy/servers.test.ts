// lookout-mcp in front of server-filesystem and server-memory: the lists and results a client gets through the
// proxy match what it gets directly, and the servers' requests to the client (roots) find their way back.
import { mkdtemp, readFile, realpath, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { ListRootsRequestSchema } from '@modelcontextprotocol/sdk/types.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { directStdio, FILESYSTEM_BIN, listAll, makeClient, MEMORY_BIN, proxiedStdio, rawRequest, type RawResult } from './helpers.js';

const ISO_TIME = /\w{3} \w{3} \d{2} \d{4} [\d:]+ GMT[+-]\d{4} \([^)]*\)|\d{4}-\d{2}-\d{2}T[\d:.]+Z/g;

function maskTimes(result: RawResult): unknown {
  return JSON.parse(JSON.stringify(result).replace(ISO_TIME, '<time>'));
}

describe('lookout-mcp with server-filesystem', () => {
  let folder: string;
  let direct: Client;
  let proxied: Client;

  beforeAll(async () => {
    folder = await realpath(await mkdtemp(join(tmpdir(), 'lookout-fs-')));
    await writeFile(join(folder, 'notes.md'), '# Notes\nkeep this file\n');
    await writeFile(join(folder, 'data.csv'), 'a,b\n1,2\n');
    direct = makeClient();
    await direct.connect(directStdio(process.execPath, [FILESYSTEM_BIN, folder]));
    proxied = makeClient();
    await proxied.connect(proxiedStdio(['--no-guard'], [process.execPath, FILESYSTEM_BIN, folder]).transport);
  });

  afterAll(async () => {
    await direct?.close();
    await proxied?.close();
    await rm(folder, { recursive: true, force: true });
  });

  it('lists the same tools field for field', async () => {
    expect(await listAll(proxied, 'tools/list', 'tools')).toEqual(await listAll(direct, 'tools/list', 'tools'));
  });

  it.each([
    { tool: 'read_text_file', args: () => ({ path: join(folder, 'notes.md') }) },
    { tool: 'list_directory', args: () => ({ path: folder }) },
    { tool: 'directory_tree', args: () => ({ path: folder }) },
    { tool: 'search_files', args: () => ({ path: folder, pattern: '*.csv' }) },
    { tool: 'get_file_info', args: () => ({ path: join(folder, 'data.csv') }) },
    { tool: 'list_allowed_directories', args: () => ({}) },
    { tool: 'read_text_file', args: () => ({ path: '/etc/hostname' }) },
  ])('calls $tool with the same result', async ({ tool, args }) => {
    const [directResult, proxiedResult] = await Promise.all([
      rawRequest(direct, 'tools/call', { name: tool, arguments: args() }),
      rawRequest(proxied, 'tools/call', { name: tool, arguments: args() }),
    ]);
    expect(maskTimes(proxiedResult)).toEqual(maskTimes(directResult));
  });

  it('writes through the proxy', async () => {
    const result = await rawRequest(proxied, 'tools/call', { name: 'write_file', arguments: { path: join(folder, 'new.txt'), content: 'written via lookout-mcp' } });

    expect(result['isError']).toBeFalsy();
    expect(await readFile(join(folder, 'new.txt'), 'utf8')).toBe('written via lookout-mcp');
  });

  it('routes the server roots/list request to the client', async () => {
    const rootFolder = await realpath(await mkdtemp(join(tmpdir(), 'lookout-root-')));
    const client = makeClient({ capabilities: { roots: { listChanged: true } } });
    let rootRequests = 0;
    client.setRequestHandler(ListRootsRequestSchema, async () => {
      rootRequests += 1;
      return { roots: [{ uri: `file://${rootFolder}`, name: 'test root' }] };
    });
    await client.connect(proxiedStdio(['--no-guard'], [process.execPath, FILESYSTEM_BIN, folder]).transport);

    try {
      let allowed = '';
      for (let attempt = 0; attempt < 50 && !allowed.includes(rootFolder); attempt += 1) {
        const result = await rawRequest(client, 'tools/call', { name: 'list_allowed_directories', arguments: {} });
        allowed = JSON.stringify(result);
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      expect(rootRequests).toBeGreaterThan(0);
      expect(allowed).toContain(rootFolder);
    } finally {
      await client.close();
      await rm(rootFolder, { recursive: true, force: true });
    }
  });
});

describe('lookout-mcp with server-memory', () => {
  let folder: string;
  let direct: Client;
  let proxied: Client;

  beforeAll(async () => {
    folder = await mkdtemp(join(tmpdir(), 'lookout-memory-'));
    direct = makeClient();
    await direct.connect(directStdio(process.execPath, [MEMORY_BIN], { MEMORY_FILE_PATH: join(folder, 'direct.jsonl') }));
    proxied = makeClient();
    await proxied.connect(proxiedStdio(['--no-guard'], [process.execPath, MEMORY_BIN], { MEMORY_FILE_PATH: join(folder, 'proxied.jsonl') }).transport);
  });

  afterAll(async () => {
    await direct?.close();
    await proxied?.close();
    await rm(folder, { recursive: true, force: true });
  });

  it('lists the same tools field for field', async () => {
    expect(await listAll(proxied, 'tools/list', 'tools')).toEqual(await listAll(direct, 'tools/list', 'tools'));
  });

  it.each([
    { tool: 'create_entities', args: { entities: [{ name: 'Lookout', entityType: 'project', observations: ['guards agents'] }, { name: 'Ada', entityType: 'person', observations: ['reviews'] }] } },
    { tool: 'create_relations', args: { relations: [{ from: 'Ada', to: 'Lookout', relationType: 'reviews' }] } },
    { tool: 'add_observations', args: { observations: [{ entityName: 'Lookout', contents: ['written in TypeScript'] }] } },
    { tool: 'read_graph', args: {} },
    { tool: 'search_nodes', args: { query: 'TypeScript' } },
    { tool: 'open_nodes', args: { names: ['Ada'] } },
  ])('calls $tool with the same result', async ({ tool, args }) => {
    const directResult = await rawRequest(direct, 'tools/call', { name: tool, arguments: args });
    const proxiedResult = await rawRequest(proxied, 'tools/call', { name: tool, arguments: args });
    expect(proxiedResult).toEqual(directResult);
  });
});

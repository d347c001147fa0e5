import { copyFile, mkdir, mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

import { parse as parseJsonc } from 'jsonc-parser';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import { ConfigShapeError, findProxyEntry, JsoncSyntaxError, wrapConfigText } from '../../src/wrap/index.js';
import { runCli } from '../report/helpers.js';

const FIXTURES = fileURLToPath(new URL('./fixtures/', import.meta.url));
const PROXY_ENTRY = findProxyEntry();

interface ServerEntry {
  type?: string;
  command?: string;
  args?: string[];
  env?: Record<string, string>;
  cwd?: string;
  url?: string;
  headers?: Record<string, string>;
}

/** Each client's sample: where the client keeps it, its servers key and what each server must become. */
const CLIENTS = [
  {
    client: 'Claude Desktop',
    fixture: 'claude-desktop.json',
    file: 'claude_desktop_config.json',
    serversKey: 'mcpServers',
    rootKeys: ['globalShortcut', 'mcpServers'],
    indentLine: '    "filesystem": {',
  },
  { client: 'Claude Code', fixture: 'claude-code.json', file: '.mcp.json', serversKey: 'mcpServers', rootKeys: ['mcpServers'], indentLine: '    "git": {' },
  { client: 'Cursor', fixture: 'cursor.json', file: '.cursor/mcp.json', serversKey: 'mcpServers', rootKeys: ['mcpServers'], indentLine: '        "postgres": {' },
  { client: 'VS Code', fixture: 'vscode.jsonc', file: '.vscode/mcp.json', serversKey: 'servers', rootKeys: ['inputs', 'servers'], indentLine: '\t\t"fs": {' },
] as const;

let workDir: string;

beforeEach(async () => {
  workDir = await mkdtemp(join(tmpdir(), 'lookout-wrap-'));
});

afterEach(async () => {
  await rm(workDir, { recursive: true, force: true });
});

async function placeFixture(fixture: string, file: string): Promise<string> {
  const path = join(workDir, file);
  await mkdir(dirname(path), { recursive: true });
  await copyFile(join(FIXTURES, fixture), path);
  return path;
}

function readServers(text: string, serversKey: string): Record<string, ServerEntry> {
  const parsed = parseJsonc(text, [], { allowTrailingComma: true }) as Record<string, Record<string, ServerEntry>>;
  return parsed[serversKey] ?? {};
}

/** Recovers the original command and args from a wrapped stdio entry's args after `--`. */
function upstreamOf(entry: ServerEntry): string[] {
  const args = entry.args ?? [];
  return args.slice(args.indexOf('--') + 1);
}

async function exists(path: string): Promise<boolean> {
  return stat(path).then(
    () => true,
    () => false,
  );
}

describe.each(CLIENTS)('lookout wrap on $client', ({ client, fixture, file, serversKey, rootKeys, indentLine }) => {
  it('puts every server behind the proxy', async () => {
    const path = await placeFixture(fixture, file);
    const original = await readFile(path, 'utf8');

    const run = await runCli(['wrap', file], workDir);
    const wrapped = await readFile(path, 'utf8');

    expect(run.stderr).toBe('');
    expect(run.exitCode).toBe(0);
    expect(run.stdout).toContain(`Wrapped ${path} (${client}).`);

    const before = readServers(original, serversKey);
    const after = readServers(wrapped, serversKey);
    expect(Object.keys(after)).toEqual(Object.keys(before));
    for (const [name, entry] of Object.entries(after)) {
      const source = before[name] ?? {};
      expect(entry.command, name).toBe(process.execPath);
      expect(entry.args?.[0], name).toBe(PROXY_ENTRY);
      expect(entry.url, name).toBeUndefined();
      expect(entry.env, name).toEqual(source.env);
      expect(entry.cwd, name).toEqual(source.cwd);
      if (source.command !== undefined) expect(upstreamOf(entry), name).toEqual([source.command, ...(source.args ?? [])]);
      else expect(entry.args, name).toContain(source.url);
    }
  });

  it('keeps key order and indentation', async () => {
    const path = await placeFixture(fixture, file);

    await runCli(['wrap', file], workDir);
    const wrapped = await readFile(path, 'utf8');

    expect(Object.keys(parseJsonc(wrapped, [], { allowTrailingComma: true }) as object)).toEqual(rootKeys);
    expect(wrapped.split('\n')).toContain(indentLine);
  });

  it('restores the original byte for byte with --undo', async () => {
    const path = await placeFixture(fixture, file);
    const original = await readFile(path);

    await runCli(['wrap', file], workDir);
    expect(await readFile(`${path}.lookout-backup`)).toEqual(original);

    const run = await runCli(['wrap', file, '--undo'], workDir);

    expect(run.exitCode).toBe(0);
    expect(run.stdout).toContain(`Restored ${path} from ${path}.lookout-backup`);
    expect(await readFile(path)).toEqual(original);
    expect(await exists(`${path}.lookout-backup`)).toBe(false);
  });

  it('writes nothing with --dry-run', async () => {
    const path = await placeFixture(fixture, file);
    const original = await readFile(path);

    const run = await runCli(['wrap', file, '--dry-run'], workDir);

    expect(run.exitCode).toBe(0);
    expect(run.stdout).toContain(`--- ${path}\toriginal`);
    expect(run.stdout).toContain(`+++ ${path}\twrapped`);
    expect(run.stdout).toMatch(new RegExp(`^\\+.*${escapeRegExp(JSON.stringify(process.execPath))}`, 'm'));
    expect(run.stderr).toContain('(dry run:');
    expect(await readFile(path)).toEqual(original);
    expect(await exists(`${path}.lookout-backup`)).toBe(false);
  });

  it('leaves a wrapped file alone the second time', async () => {
    const path = await placeFixture(fixture, file);
    const original = await readFile(path);
    await runCli(['wrap', file], workDir);
    const wrappedOnce = await readFile(path);

    const run = await runCli(['wrap', file], workDir);

    expect(run.exitCode).toBe(0);
    expect(run.stdout).toContain('every server already runs behind Lookout');
    expect(await readFile(path)).toEqual(wrappedOnce);
    expect(await readFile(`${path}.lookout-backup`)).toEqual(original);
  });
});

describe('lookout wrap HTTP servers', () => {
  it('passes headers and the SSE transport', async () => {
    const path = await placeFixture('claude-code.json', '.mcp.json');

    await runCli(['wrap', '.mcp.json'], workDir);
    const servers = readServers(await readFile(path, 'utf8'), 'mcpServers');

    expect(servers.tracker).toEqual({
      type: 'stdio',
      command: process.execPath,
      args: [PROXY_ENTRY, '--upstream-url', 'https://mcp.tracker.example/mcp', '--header', 'Authorization: Bearer ${TRACKER_TOKEN}'],
    });
    expect(servers.legacy?.args).toEqual([PROXY_ENTRY, '--upstream-url', 'http://127.0.0.1:8931/sse', '--transport', 'sse']);
  });

  it('adds no type to a Cursor url entry', async () => {
    const path = await placeFixture('cursor.json', '.cursor/mcp.json');

    await runCli(['wrap', '.cursor/mcp.json'], workDir);
    const servers = readServers(await readFile(path, 'utf8'), 'mcpServers');

    expect(servers.docs).toEqual({ command: process.execPath, args: [PROXY_ENTRY, '--upstream-url', 'http://localhost:3000/mcp'] });
  });
});

describe('lookout wrap JSONC', () => {
  it('keeps comments and trailing commas', async () => {
    const path = await placeFixture('vscode.jsonc', '.vscode/mcp.json');

    await runCli(['wrap', '.vscode/mcp.json'], workDir);
    const wrapped = await readFile(path, 'utf8');

    expect(wrapped).toContain('\t// Servers for this workspace; VS Code reads this file as JSON with comments.');
    expect(wrapped).toMatch(/"args": \[.*"\$\{workspaceFolder\}"\], \/\/ the workspace only/);
    expect(wrapped).toContain('\t\t\t"cwd": "${workspaceFolder}",\n\t\t},');
  });
});

describe('lookout wrap line endings', () => {
  it('keeps CRLF line endings and a byte order mark', async () => {
    const path = join(workDir, 'claude_desktop_config.json');
    const original = '\uFEFF{\r\n  "mcpServers": {\r\n    "a": {\r\n      "command": "x"\r\n    }\r\n  }\r\n}\r\n';
    await writeFile(path, original);

    const wrapRun = await runCli(['wrap', 'claude_desktop_config.json'], workDir);
    const wrapped = await readFile(path, 'utf8');

    expect(wrapRun.exitCode).toBe(0);
    expect(wrapped.startsWith('\uFEFF{\r\n')).toBe(true);
    expect(wrapped.replaceAll('\r\n', '')).not.toContain('\n');
    expect(readServers(wrapped.slice(1), 'mcpServers').a?.args).toEqual([PROXY_ENTRY, '--', 'x']);

    await runCli(['wrap', 'claude_desktop_config.json', '--undo'], workDir);
    expect(await readFile(path, 'utf8')).toBe(original);
  });
});

describe('lookout wrap --policy', () => {
  it('writes the absolute policy path', async () => {
    const path = await placeFixture('claude-desktop.json', 'claude_desktop_config.json');
    await writeFile(join(workDir, 'policy.yaml'), 'extends: []\nfacts: []\n');

    const run = await runCli(['wrap', 'claude_desktop_config.json', '--policy', 'policy.yaml'], workDir);
    const servers = readServers(await readFile(path, 'utf8'), 'mcpServers');

    expect(run.exitCode).toBe(0);
    expect(servers.filesystem?.args?.slice(0, 4)).toEqual([PROXY_ENTRY, '--policy', join(workDir, 'policy.yaml'), '--']);
  });

  it('rejects an invalid policy', async () => {
    const path = await placeFixture('claude-desktop.json', 'claude_desktop_config.json');
    const original = await readFile(path);
    await writeFile(join(workDir, 'broken.yaml'), 'extends: []\nmode: watch\n');

    const run = await runCli(['wrap', 'claude_desktop_config.json', '--policy', 'broken.yaml'], workDir);

    expect(run.exitCode).toBe(2);
    expect(run.stderr).toContain(`the policy ${join(workDir, 'broken.yaml')} is invalid, so ${path} was left untouched`);
    expect(run.stderr).toContain(`${join(workDir, 'broken.yaml')}:2:7: mode:`);
    expect(await readFile(path)).toEqual(original);
    expect(await exists(`${path}.lookout-backup`)).toBe(false);
  });

  it('rejects a missing policy file', async () => {
    const path = await placeFixture('claude-desktop.json', 'claude_desktop_config.json');
    const original = await readFile(path);

    const run = await runCli(['wrap', 'claude_desktop_config.json', '--policy', 'nope.yaml'], workDir);

    expect(run.exitCode).toBe(2);
    expect(run.stderr).toContain(`policy file not found: ${join(workDir, 'nope.yaml')}`);
    expect(await readFile(path)).toEqual(original);
  });
});

describe('lookout wrap errors', () => {
  it.each([
    ['a missing comma', '{\n  "mcpServers": {\n    "a": { "command": "x" }\n    "b": { "command": "y" }\n  }\n}\n', 'line 4, column 5: expected a comma'],
    ['an unterminated string', '{\n  "mcpServers": {\n    "a": { "command": "x }\n  }\n}\n', 'line 3, column 23: unterminated string'],
    ['an empty file', '', 'line 1, column 1'],
  ])('leaves a config with %s untouched', async (_case, text, position) => {
    const path = join(workDir, '.mcp.json');
    await writeFile(path, text);

    const run = await runCli(['wrap', '.mcp.json'], workDir);

    expect(run.exitCode).toBe(1);
    expect(run.stderr).toContain(`cannot parse ${path}: ${position}`);
    expect(run.stderr).toContain('The file was left untouched');
    expect(await readFile(path, 'utf8')).toBe(text);
    expect(await exists(`${path}.lookout-backup`)).toBe(false);
  });

  it('throws typed errors with codes', () => {
    const launch = { nodePath: '/usr/bin/node', proxyEntry: PROXY_ENTRY };

    expect(() => wrapConfigText('{ "mcpServers": { ', '.mcp.json', launch)).toThrow(JsoncSyntaxError);
    expect(() => wrapConfigText('{ "mcpServers": { ', '.mcp.json', launch)).toThrow(expect.objectContaining({ code: 'LOOKOUT_WRAP_SYNTAX', position: { line: 1, column: 19 } }));
    expect(() => wrapConfigText('[]', '.mcp.json', launch)).toThrow(ConfigShapeError);
    expect(() => wrapConfigText('{ "mcpServers": [] }', '.mcp.json', launch)).toThrow(
      expect.objectContaining({ code: 'LOOKOUT_WRAP_NOT_A_CONFIG', message: '"mcpServers" must be an object that maps server names to their settings' }),
    );
  });

  it('rejects a file without a servers key', async () => {
    await writeFile(join(workDir, 'settings.json'), '{ "theme": "dark" }\n');

    const run = await runCli(['wrap', 'settings.json'], workDir);

    expect(run.exitCode).toBe(1);
    expect(run.stderr).toContain('found neither "mcpServers" nor "servers"');
  });

  it('reports a missing file', async () => {
    const run = await runCli(['wrap', 'missing.json'], workDir);

    expect(run.exitCode).toBe(1);
    expect(run.stderr).toContain(`configuration file not found: ${join(workDir, 'missing.json')}`);
  });

  it('skips an entry it cannot read', async () => {
    const path = join(workDir, '.mcp.json');
    await writeFile(path, '{ "mcpServers": { "odd": { "type": "websocket", "url": "ws://127.0.0.1:1" }, "ok": { "command": "x" } } }\n');

    const run = await runCli(['wrap', '.mcp.json'], workDir);

    expect(run.exitCode).toBe(0);
    expect(run.stdout).toContain('odd: skipped, unknown server type "websocket"');
    expect(run.stdout).toContain('ok: wrapped (stdio)');
  });
});

describe('lookout wrap --undo', () => {
  it('fails without a backup', async () => {
    const path = await placeFixture('cursor.json', 'mcp.json');

    const run = await runCli(['wrap', 'mcp.json', '--undo'], workDir);

    expect(run.exitCode).toBe(1);
    expect(run.stderr).toContain(`no backup found at ${path}.lookout-backup`);
  });

  it('keeps servers added after the wrap unless forced', async () => {
    const path = await placeFixture('cursor.json', 'mcp.json');
    const original = await readFile(path);
    await runCli(['wrap', 'mcp.json'], workDir);
    const withNewServer = (await readFile(path, 'utf8')).replace('"mcpServers": {', '"mcpServers": {\n        "added": { "command": "new-server" },');
    await writeFile(path, withNewServer);

    const rejected = await runCli(['wrap', 'mcp.json', '--undo'], workDir);
    expect(rejected.exitCode).toBe(1);
    expect(rejected.stderr).toContain('would drop servers added after the wrap: added');
    expect(await readFile(path, 'utf8')).toBe(withNewServer);

    const forced = await runCli(['wrap', 'mcp.json', '--undo', '--force'], workDir);
    expect(forced.exitCode).toBe(0);
    expect(await readFile(path)).toEqual(original);
  });

  it('prints the restoring diff with --dry-run', async () => {
    const path = await placeFixture('claude-desktop.json', 'claude_desktop_config.json');
    await runCli(['wrap', 'claude_desktop_config.json'], workDir);
    const wrapped = await readFile(path);

    const run = await runCli(['wrap', 'claude_desktop_config.json', '--undo', '--dry-run'], workDir);

    expect(run.exitCode).toBe(0);
    expect(run.stdout).toContain('+      "command": "npx",');
    expect(await readFile(path)).toEqual(wrapped);
    expect(await exists(`${path}.lookout-backup`)).toBe(true);
  });

  it('wraps servers added later and keeps the first backup', async () => {
    const path = await placeFixture('cursor.json', 'mcp.json');
    const original = await readFile(path);
    await runCli(['wrap', 'mcp.json'], workDir);
    await writeFile(path, (await readFile(path, 'utf8')).replace('"mcpServers": {', '"mcpServers": {\n        "added": { "command": "new-server" },'));

    const run = await runCli(['wrap', 'mcp.json'], workDir);
    const servers = readServers(await readFile(path, 'utf8'), 'mcpServers');

    expect(run.stdout).toContain('added: wrapped (stdio)');
    expect(run.stdout).toContain('Kept the backup of the first wrap');
    expect(upstreamOf(servers.added ?? {})).toEqual(['new-server']);
    expect(await readFile(`${path}.lookout-backup`)).toEqual(original);
  });
});

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

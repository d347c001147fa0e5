// Rewrites the text of an MCP client configuration so every server runs behind lookout-mcp. Pure: text in,
// text out; files, backups and diffs live in wrap-file.ts.
import { basename, dirname } from 'node:path';

import { getNodeValue } from 'jsonc-parser';

import { applyJsoncChanges, detectFormatting, parseJsoncTree } from './jsonc.js';
import { isRecord, isWrappedEntry, planServerEntry, type EntryPlan, type ProxyLaunch } from './servers.js';

const BYTE_ORDER_MARK = '\uFEFF';

export type ClientName = 'Claude Desktop' | 'Claude Code' | 'Cursor' | 'VS Code' | 'MCP client';

export interface ConfigShape {
  client: ClientName;
  /** `servers` for VS Code, `mcpServers` for the others. */
  serversKey: 'mcpServers' | 'servers';
}

export interface WrapResult {
  shape: ConfigShape;
  text: string;
  plans: EntryPlan[];
  /** True when the text changed. */
  changed: boolean;
}

export class ConfigShapeError extends Error {
  readonly code = 'LOOKOUT_WRAP_NOT_A_CONFIG';

  constructor(message: string) {
    super(message);
    this.name = 'ConfigShapeError';
  }
}

/** Wraps every server entry that is not wrapped yet; throws `JsoncSyntaxError` or `ConfigShapeError`. */
export function wrapConfigText(fileText: string, configPath: string, launch: ProxyLaunch): WrapResult {
  // Editors on Windows may save a byte order mark, which the JSON parser rejects; it is put back on output.
  const bom = fileText.startsWith(BYTE_ORDER_MARK) ? BYTE_ORDER_MARK : '';
  const text = fileText.slice(bom.length);
  const root = parseJsoncTree(text);
  const value: unknown = getNodeValue(root);
  if (!isRecord(value)) throw new ConfigShapeError('invalid configuration: the top level must be a JSON object');

  const shape = detectConfigShape(value, configPath);
  const servers = value[shape.serversKey];
  if (!isRecord(servers)) {
    throw new ConfigShapeError(`"${shape.serversKey}" must be an object that maps server names to their settings`);
  }

  // NOTE: only the top-level servers key is read. Claude Code's ~/.claude.json also keeps servers under
  // `projects.<folder>.mcpServers`, which stay unwrapped; a project's .mcp.json is the file to wrap there.
  const plans = Object.entries(servers).map(([server, entry]) => planServerEntry(shape.serversKey, server, entry, launch));
  const changes = plans.flatMap((plan) => (plan.kind === 'stdio' || plan.kind === 'http' ? plan.changes : []));
  const wrapped = changes.length === 0 ? text : applyJsoncChanges(text, changes, detectFormatting(text));
  return { shape, text: bom + wrapped, plans, changed: wrapped !== text };
}

/** Names of the servers in the text that already run behind lookout-mcp; an unparsable file has none. */
export function listWrappedServers(text: string, configPath: string): string[] {
  const servers = readServers(text, configPath);
  return Object.entries(servers).flatMap(([server, entry]) => (isRecord(entry) && isWrappedEntry(entry) ? [server] : []));
}

/** Lists the server names of a configuration text, or none when it cannot be read. */
export function listServerNames(text: string, configPath: string): string[] {
  return Object.keys(readServers(text, configPath));
}

function readServers(text: string, configPath: string): Record<string, unknown> {
  try {
    const value: unknown = getNodeValue(parseJsoncTree(text.startsWith(BYTE_ORDER_MARK) ? text.slice(1) : text));
    if (!isRecord(value)) return {};
    const servers = value[detectConfigShape(value, configPath).serversKey];
    return isRecord(servers) ? servers : {};
  } catch {
    return {};
  }
}

/**
 * Tells the clients apart by file name, and the servers key by content: VS Code's `.vscode/mcp.json` uses
 * `servers`, the others `mcpServers`. A file with neither key is rejected rather than guessed at.
 */
export function detectConfigShape(value: Record<string, unknown>, configPath: string): ConfigShape {
  const client = detectClient(configPath);
  if ('mcpServers' in value) return { client, serversKey: 'mcpServers' };
  // VS Code's user-level mcp.json lives outside `.vscode`, so its `servers` key identifies it.
  if ('servers' in value) return { client: client === 'Cursor' ? 'VS Code' : client, serversKey: 'servers' };
  if (client === 'VS Code') return { client, serversKey: 'servers' };
  throw new ConfigShapeError('found neither "mcpServers" nor "servers"; is this an MCP client configuration?');
}

function detectClient(configPath: string): ClientName {
  const name = basename(configPath);
  const folder = basename(dirname(configPath));
  if (name === 'claude_desktop_config.json') return 'Claude Desktop';
  if (name === '.mcp.json') return 'Claude Code';
  if (name === 'mcp.json' && folder === '.vscode') return 'VS Code';
  if (name === 'mcp.json') return 'Cursor';
  return 'MCP client';
}

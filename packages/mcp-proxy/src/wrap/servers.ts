// Edits that put one server entry of an MCP client configuration behind lookout-mcp. stdio servers keep
// their command after `--`, and HTTP servers become a stdio proxy that connects with `--upstream-url`.
import { basename } from 'node:path';

import type { JsoncChange } from './jsonc.js';

/** The command line of a wrapped entry, in absolute paths because desktop apps do not inherit the shell's PATH. */
export interface ProxyLaunch {
  /** Absolute path of the node binary. */
  nodePath: string;
  /** Absolute path of the `lookout-mcp` entry script (`dist/cli/lookout-mcp.js`). */
  proxyEntry: string;
  /** Absolute path of the policy file, when one was given. */
  policyPath?: string;
}

/** `type` values that mean a remote server; absent `type` with a `url` means the same. */
const HTTP_TYPES = new Set(['http', 'sse', 'streamable-http', 'streamableHttp']);

export type EntryPlan =
  | { kind: 'stdio' | 'http'; server: string; changes: JsoncChange[] }
  | { kind: 'wrapped'; server: string }
  | { kind: 'skipped'; server: string; reason: string };

/** Plans the edits that put one entry behind the proxy; `serversKey` is `mcpServers` or `servers`. */
export function planServerEntry(serversKey: string, server: string, entry: unknown, launch: ProxyLaunch): EntryPlan {
  if (!isRecord(entry)) return { kind: 'skipped', server, reason: 'the entry is not an object' };
  if (isWrappedEntry(entry)) return { kind: 'wrapped', server };

  const path = [serversKey, server];
  const type = typeof entry.type === 'string' ? entry.type : undefined;
  const policyArgs = launch.policyPath === undefined ? [] : ['--policy', launch.policyPath];

  if (typeof entry.command === 'string' && (type === undefined || type === 'stdio')) {
    const originalArgs = Array.isArray(entry.args) ? entry.args : [];
    return {
      kind: 'stdio',
      server,
      changes: [
        { path: [...path, 'command'], value: launch.nodePath },
        { path: [...path, 'args'], value: [launch.proxyEntry, ...policyArgs, '--', entry.command, ...originalArgs], insertAfter: 'command' },
      ],
    };
  }

  if (typeof entry.url === 'string' && (type === undefined || HTTP_TYPES.has(type))) {
    // NOTE: header values (often tokens) move from the config into the proxy's arguments, which other local
    // users can read in the process list. Passing them through an environment variable would avoid that.
    const headerArgs = isRecord(entry.headers)
      ? Object.entries(entry.headers).flatMap(([name, value]) => ['--header', `${name}: ${String(value)}`])
      : [];
    const transportArgs = type === 'sse' ? ['--transport', 'sse'] : [];
    const args = [launch.proxyEntry, ...policyArgs, '--upstream-url', entry.url, ...headerArgs, ...transportArgs];

    // The entry keeps its other keys (env, notes, client-specific flags); `type` stays first when present.
    const changes: JsoncChange[] = [];
    if (type !== undefined) changes.push({ path: [...path, 'type'], value: 'stdio' });
    changes.push(
      { path: [...path, 'url'], value: undefined },
      { path: [...path, 'headers'], value: undefined },
      { path: [...path, 'command'], value: launch.nodePath, insertAfter: 'type' },
      { path: [...path, 'args'], value: args, insertAfter: 'command' },
    );
    return { kind: 'http', server, changes };
  }

  if (type !== undefined && type !== 'stdio' && !HTTP_TYPES.has(type)) {
    return { kind: 'skipped', server, reason: `unknown server type "${type}"` };
  }
  return { kind: 'skipped', server, reason: 'the entry has neither a "command" nor a "url"' };
}

/**
 * True when the entry already runs lookout-mcp, however it was started: through node and the entry
 * script (what wrap writes), the `lookout-mcp` bin, or `lookout proxy`.
 */
export function isWrappedEntry(entry: Record<string, unknown>): boolean {
  if (typeof entry.command !== 'string') return false;

  const command = basename(entry.command);
  const args = Array.isArray(entry.args) ? entry.args.filter((arg): arg is string => typeof arg === 'string') : [];
  if (/^lookout-mcp(\.js|\.cmd)?$/.test(command)) return true;
  if (/^lookout(\.js|\.cmd)?$/.test(command) && args[0] === 'proxy') return true;

  const firstScript = args.find((arg) => !arg.startsWith('-'));
  return firstScript !== undefined && /(^|[\\/])lookout-mcp(\.js)?$/.test(firstScript);
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

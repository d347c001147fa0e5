// Command lines for the servers and bridges the proxy benchmarks start. Every path comes from the bench
// package's own dependencies, so the benchmarks run the versions its lockfile pins.

import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { BENCH_DIR } from './child.js';

/** Resolves the file a package's `bin` entry names inside bench/node_modules. */
export function packageBin(packageName: string, binName: string): string {
  const folder = join(BENCH_DIR, 'node_modules', packageName);
  const manifest = JSON.parse(readFileSync(join(folder, 'package.json'), 'utf8')) as { bin?: string | Record<string, string> };
  const bin = typeof manifest.bin === 'string' ? manifest.bin : manifest.bin?.[binName];
  if (bin === undefined) throw new Error(`package ${packageName} has no bin named ${binName}; reinstall with pnpm install`);
  return join(folder, bin);
}

/** A command line: what `StdioClientTransport` and the bridges take. */
export interface CommandLine {
  command: string;
  args: string[];
}

export function everythingServer(): CommandLine {
  return { command: process.execPath, args: [packageBin('@modelcontextprotocol/server-everything', 'mcp-server-everything'), 'stdio'] };
}

export function filesystemServer(root: string): CommandLine {
  return { command: process.execPath, args: [packageBin('@modelcontextprotocol/server-filesystem', 'mcp-server-filesystem'), root] };
}

export function lookoutMcpPath(): string {
  return packageBin('@lookout/mcp-proxy', 'lookout-mcp');
}

/**
 * Node flags for every lookout-mcp the benchmarks start, from BENCH_PROXY_NODE_FLAGS (space-separated),
 * such as `--cpu-prof --cpu-prof-dir=/tmp/prof`. Node 20 rejects `--cpu-prof` in NODE_OPTIONS, hence this.
 */
function proxyNodeFlags(): string[] {
  return (process.env.BENCH_PROXY_NODE_FLAGS ?? '').split(' ').filter((flag) => flag !== '');
}

/** `lookout-mcp [flags] -- <server>` as one command line. */
export function throughLookout(server: CommandLine, flags: string[]): CommandLine {
  return { command: process.execPath, args: [...proxyNodeFlags(), lookoutMcpPath(), ...flags, '--', server.command, ...server.args] };
}

/** Shell-quotes a command line for bridges that take the server as one string (supergateway, mcp-proxy). */
export function shellLine(line: CommandLine): string {
  return [line.command, ...line.args].map((part) => `'${part.replaceAll("'", "'\\''")}'`).join(' ');
}

/** Returns why lookout-mcp cannot run, or undefined when its built entry point exists. */
export function lookoutMcpMissing(): string | undefined {
  return existsSync(lookoutMcpPath()) ? undefined : `lookout-mcp is not built (${lookoutMcpPath()} is missing); run pnpm build first`;
}

/** True when @lookout/core ships the coding-agent preset that lookout-mcp loads by default. */
export function hasDefaultPreset(): boolean {
  return existsSync(join(BENCH_DIR, 'node_modules', '@lookout', 'core', 'presets', 'coding-agent.yaml'));
}

/** `lookout-mcp --listen 127.0.0.1:PORT [flags] -- <server>`. */
export function lookoutListen(server: CommandLine, port: number, flags: string[]): CommandLine {
  return throughLookout(server, ['--listen', `127.0.0.1:${port}`, ...flags]);
}

/** `lookout-mcp --listen 127.0.0.1:PORT [flags] --upstream-url URL`. */
export function lookoutListenUpstream(upstreamUrl: string, port: number, flags: string[]): CommandLine {
  return { command: process.execPath, args: [...proxyNodeFlags(), lookoutMcpPath(), '--listen', `127.0.0.1:${port}`, ...flags, '--upstream-url', upstreamUrl] };
}

/** server-everything serving Streamable HTTP itself; it reads its port from the PORT variable. */
export function everythingHttpServer(): CommandLine {
  return { command: process.execPath, args: [packageBin('@modelcontextprotocol/server-everything', 'mcp-server-everything'), 'streamableHttp'] };
}

/** supergateway in stateful Streamable HTTP mode: one server child per session, like the other bridges.
 *  NOTE: supergateway 4.0 has no host option and listens on every interface; clients here use 127.0.0.1. */
export function supergateway(server: CommandLine, port: number): CommandLine {
  return {
    command: process.execPath,
    args: [packageBin('supergateway', 'supergateway'), '--stdio', shellLine(server), '--outputTransport', 'streamableHttp', '--stateful', '--port', String(port), '--logLevel', 'none'],
  };
}

/** Builds the mcp-proxy package's bridge command: Streamable HTTP only, on loopback. */
export function mcpProxyBridge(server: CommandLine, port: number): CommandLine {
  return {
    command: process.execPath,
    args: [packageBin('mcp-proxy', 'mcp-proxy'), '--host', '127.0.0.1', '--port', String(port), '--server', 'stream', '--', server.command, ...server.args],
  };
}

/**
 * Child processes the conformance test starts: server-everything in streamableHttp mode and the
 * built `lookout-mcp` CLI in `--listen` mode. The test connects to both on 127.0.0.1.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { createConnection, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { fileURLToPath, pathToFileURL } from 'node:url';

const requireFromPackage = createRequire(new URL('../../package.json', import.meta.url));
const requireFromWorkspace = createRequire(new URL('../../../../package.json', import.meta.url));

export const LOOKOUT_MCP_CLI_PATH = fileURLToPath(new URL('../../dist/cli/lookout-mcp.js', import.meta.url));
const SERVER_EVERYTHING_ENTRY = join(
  dirname(requireFromPackage.resolve('@modelcontextprotocol/server-everything/package.json')),
  'dist',
  'index.js',
);

/** Command that serves the conformance target over stdio, run from TypeScript sources with tsx. */
export const TARGET_STDIO_COMMAND: readonly string[] = [
  process.execPath,
  '--import',
  pathToFileURL(requireFromWorkspace.resolve('tsx')).href,
  fileURLToPath(new URL('./target-server/main.ts', import.meta.url)),
  '--stdio',
  '--log-level',
  'warn',
];

/** Time a child gets to start listening, and to exit after SIGTERM before it is killed. */
const STARTUP_TIMEOUT_MS = 15_000;
const SHUTDOWN_TIMEOUT_MS = 5_000;

export interface RunningProcess {
  readonly url: string;
  /** stderr collected so far, for failure messages. */
  stderr(): string;
  stop(): Promise<void>;
}

/** Finds a free TCP port on 127.0.0.1 by binding port 0 and releasing it. */
export async function findFreePort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve, reject) => {
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => resolve());
  });
  const address = probe.address();
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  if (address === null || typeof address === 'string') throw new Error('Port probe on 127.0.0.1 returned no TCP address.');
  return address.port;
}

/**
 * Starts server-everything over Streamable HTTP.
 * NOTE: server-everything reads only PORT and binds every interface. The test talks to it on 127.0.0.1.
 */
export async function startServerEverything(): Promise<RunningProcess> {
  const port = await findFreePort();
  const child = spawn(process.execPath, [SERVER_EVERYTHING_ENTRY, 'streamableHttp'], {
    env: { ...process.env, PORT: String(port) },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  return watchUntilListening(child, 'server-everything', port);
}

export interface ProxyOptions {
  /** Run the guard with the default policy instead of `--no-guard` (default false). */
  guard?: boolean;
}

/** Starts `lookout-mcp --listen` in front of an upstream Streamable HTTP URL, forward-only unless `guard` is set. */
export function startProxy(upstreamUrl: string, options: ProxyOptions = {}): Promise<RunningProcess> {
  return spawnProxy(['--upstream-url', upstreamUrl], options);
}

/** Starts `lookout-mcp --listen` in front of a server that the proxy starts as a child and talks to over stdio. */
export function startProxyOverStdio(command: readonly string[], options: ProxyOptions = {}): Promise<RunningProcess> {
  return spawnProxy(['--', ...command], options);
}

async function spawnProxy(upstreamArgs: readonly string[], options: ProxyOptions): Promise<RunningProcess> {
  if (!existsSync(LOOKOUT_MCP_CLI_PATH)) {
    throw new Error(`lookout-mcp is not built: ${LOOKOUT_MCP_CLI_PATH} is missing. Run pnpm build first.`);
  }
  const port = await findFreePort();
  const journalDir = mkdtempSync(join(tmpdir(), 'lookout-conformance-journal-'));
  const guardArgs = options.guard === true ? [] : ['--no-guard'];
  const args = [LOOKOUT_MCP_CLI_PATH, '--listen', `127.0.0.1:${port}`, ...guardArgs, ...upstreamArgs];
  const child = spawn(process.execPath, args, {
    // The journal goes to a temporary folder, never to the user's default journal.
    env: { ...process.env, LOOKOUT_JOURNAL: join(journalDir, 'journal.jsonl') },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  const proxy = await watchUntilListening(child, 'lookout-mcp', port);
  return {
    ...proxy,
    stop: async () => {
      await proxy.stop();
      rmSync(journalDir, { recursive: true, force: true });
    },
  };
}

async function watchUntilListening(child: ChildProcess, name: string, port: number): Promise<RunningProcess> {
  let stderr = '';
  child.stderr?.setEncoding('utf8');
  child.stderr?.on('data', (chunk: string) => {
    stderr += chunk;
  });

  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const deadline = Date.now() + STARTUP_TIMEOUT_MS;
  while (!(await acceptsConnections(port))) {
    if (child.exitCode !== null || child.signalCode !== null) {
      throw new Error(`${name} exited with ${child.exitCode ?? child.signalCode} before listening on port ${port}.\n${stderr}`);
    }
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`${name} did not listen on 127.0.0.1:${port} within ${STARTUP_TIMEOUT_MS} ms.\n${stderr}`);
    }
    await delay(50);
  }

  return {
    url: `http://127.0.0.1:${port}/mcp`,
    stderr: () => stderr,
    stop: async () => {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGTERM');
      const timedOut = await Promise.race([exited.then(() => false), delay(SHUTDOWN_TIMEOUT_MS).then(() => true)]);
      if (timedOut) {
        child.kill('SIGKILL');
        await exited;
      }
    },
  };
}

function acceptsConnections(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = createConnection({ host: '127.0.0.1', port });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

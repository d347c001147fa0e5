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
/** Startup attempts for server-everything, each on a newly probed port. */
const PORT_ATTEMPTS = 3;
/** How long a child must survive after its port opens to count as the port's owner. */
const PORT_OWNERSHIP_CHECK_MS = 200;

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
 * NOTE: server-everything reads only PORT and binds every interface. The test talks to it on
 * 127.0.0.1, and retries with a new port when another process took the probed one first.
 */
export async function startServerEverything(): Promise<RunningProcess> {
  let lastError: unknown;
  for (let attempt = 1; attempt <= PORT_ATTEMPTS; attempt++) {
    const port = await findFreePort();
    const child = spawn(process.execPath, [SERVER_EVERYTHING_ENTRY, 'streamableHttp'], {
      env: { ...process.env, PORT: String(port) },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    const stderr = collectStderr(child);
    try {
      await waitForPort(child, 'server-everything', port, stderr);
      return toRunningProcess(child, `http://127.0.0.1:${port}/mcp`, stderr);
    } catch (error) {
      lastError = error;
    }
  }
  throw lastError;
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
  const journalDir = mkdtempSync(join(tmpdir(), 'lookout-conformance-journal-'));
  const guardArgs = options.guard === true ? [] : ['--no-guard'];
  // Port 0 lets the proxy bind a free port itself, so no other process can take it in between.
  const args = [LOOKOUT_MCP_CLI_PATH, '--listen', '127.0.0.1:0', ...guardArgs, ...upstreamArgs];
  const child = spawn(process.execPath, args, {
    // The journal goes to a temporary folder, never to the user's default journal.
    env: { ...process.env, LOOKOUT_JOURNAL: join(journalDir, 'journal.jsonl') },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  const stderr = collectStderr(child);

  try {
    const url = await waitForListeningLog(child, 'lookout-mcp', stderr);
    const proxy = toRunningProcess(child, url, stderr);
    return {
      ...proxy,
      stop: async () => {
        await proxy.stop();
        rmSync(journalDir, { recursive: true, force: true });
      },
    };
  } catch (error) {
    rmSync(journalDir, { recursive: true, force: true });
    throw error;
  }
}

function collectStderr(child: ChildProcess): () => string {
  let stderr = '';
  child.stderr?.setEncoding('utf8');
  child.stderr?.on('data', (chunk: string) => {
    stderr += chunk;
  });
  return () => stderr;
}

function hasExited(child: ChildProcess): boolean {
  return child.exitCode !== null || child.signalCode !== null;
}

/** Waits until 127.0.0.1:port accepts connections and the child is still running a moment later. */
async function waitForPort(child: ChildProcess, name: string, port: number, stderr: () => string): Promise<void> {
  const deadline = Date.now() + STARTUP_TIMEOUT_MS;
  while (!(await acceptsConnections(port))) {
    if (hasExited(child)) {
      throw new Error(`${name} exited with ${child.exitCode ?? child.signalCode} before listening on port ${port}.\n${stderr()}`);
    }
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`${name} did not listen on 127.0.0.1:${port} within ${STARTUP_TIMEOUT_MS} ms.\n${stderr()}`);
    }
    await delay(50);
  }

  // A connection can succeed because another process took the port, while the child then fails
  // with EADDRINUSE; a child that is still running shortly after owns the port.
  await delay(PORT_OWNERSHIP_CHECK_MS);
  if (hasExited(child)) {
    throw new Error(`${name} exited with ${child.exitCode ?? child.signalCode} right after port ${port} opened.\n${stderr()}`);
  }
}

/**
 * Waits for the proxy's "listening" log line and returns its endpoint URL.
 * NOTE: this reads lookout-mcp's pino output (`msg: "listening"` with `url`), the only place
 * where it reports the port it picked for `--listen HOST:0`.
 */
async function waitForListeningLog(child: ChildProcess, name: string, stderr: () => string): Promise<string> {
  const deadline = Date.now() + STARTUP_TIMEOUT_MS;
  for (;;) {
    const url = findListeningUrl(stderr());
    if (url !== undefined) return url;
    if (hasExited(child)) {
      throw new Error(`${name} exited with ${child.exitCode ?? child.signalCode} before it logged its listening URL.\n${stderr()}`);
    }
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`${name} logged no listening URL within ${STARTUP_TIMEOUT_MS} ms.\n${stderr()}`);
    }
    await delay(50);
  }
}

function findListeningUrl(logText: string): string | undefined {
  for (const line of logText.split('\n')) {
    if (!line.startsWith('{')) continue;
    try {
      const record = JSON.parse(line) as { msg?: unknown; url?: unknown };
      if (record.msg === 'listening' && typeof record.url === 'string') return record.url;
    } catch {
      // A partial line: the rest arrives with the next chunk.
    }
  }
  return undefined;
}

function toRunningProcess(child: ChildProcess, url: string, stderr: () => string): RunningProcess {
  const exited = new Promise<void>((resolve) => {
    if (hasExited(child)) resolve();
    else child.once('exit', () => resolve());
  });

  return {
    url,
    stderr,
    stop: async () => {
      if (hasExited(child)) return;
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

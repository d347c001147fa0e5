// HTTP bridges for the Streamable HTTP benchmarks: a process that serves an MCP endpoint on loopback,
// started in its own process group so that stopping it also stops the stdio server it spawned.

import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { setTimeout as delay } from 'node:timers/promises';
import { connectHttp, type ConnectedClient } from './mcp.js';
import type { CommandLine } from './servers.js';

const STDERR_TAIL_CHARS = 4000;
const READY_TIMEOUT_MS = 30_000;
const STOP_TIMEOUT_MS = 5_000;

export interface RunningBridge {
  name: string;
  url: string;
  pid: number;
  stderrTail: () => string;
  stop: () => Promise<void>;
}

/** Finds a free TCP port on 127.0.0.1 by binding port 0 and releasing it. */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address !== null ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

export function startBridge(name: string, line: CommandLine, url: string, env: Record<string, string> = {}): RunningBridge {
  const child: ChildProcess = spawn(line.command, line.args, { stdio: ['ignore', 'ignore', 'pipe'], detached: true, env: { ...process.env, ...env } });
  let tail = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    tail = (tail + chunk.toString('utf8')).slice(-STDERR_TAIL_CHARS);
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const pid = child.pid;
  if (pid === undefined) throw new Error(`starting ${name} failed: ${line.command} ${line.args.join(' ')} did not spawn`);

  return {
    name,
    url,
    pid,
    stderrTail: () => tail,
    stop: async () => {
      if (child.exitCode !== null || child.signalCode !== null) return;
      // The negative pid signals the whole process group: the bridge and the server it started.
      process.kill(-pid, 'SIGTERM');
      const stopped = await Promise.race([exited.then(() => true), delay(STOP_TIMEOUT_MS).then(() => false)]);
      if (!stopped) process.kill(-pid, 'SIGKILL');
    },
  };
}

/** Connects a client once the bridge accepts a session, retrying until then or until the timeout. */
export async function connectWhenReady(bridge: RunningBridge): Promise<ConnectedClient> {
  const deadline = Date.now() + READY_TIMEOUT_MS;
  let lastError: unknown;
  while (Date.now() < deadline) {
    try {
      return await connectHttp(bridge.url);
    } catch (error) {
      lastError = error;
      await delay(200);
    }
  }
  throw new Error(`${bridge.name} at ${bridge.url} did not accept an MCP session within ${READY_TIMEOUT_MS / 1000} s: ${String(lastError)}\nstderr: ${bridge.stderrTail().slice(-800)}`);
}

// Resident memory of other processes, read with `ps` (Linux and macOS), for the per-session costs.

import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

const execFileAsync = promisify(execFile);

interface ProcessRow {
  pid: number;
  parent: number;
  rssBytes: number;
}

async function listProcesses(): Promise<ProcessRow[]> {
  const { stdout } = await execFileAsync('ps', ['-e', '-o', 'pid=,ppid=,rss=']);
  return stdout
    .trim()
    .split('\n')
    .map((line) => line.trim().split(/\s+/).map(Number))
    .filter((fields) => fields.length === 3 && fields.every((value) => Number.isFinite(value)))
    .map(([pid, parent, rssKiB]) => ({ pid: pid as number, parent: parent as number, rssBytes: (rssKiB as number) * 1024 }));
}

/** RSS of a process and all its descendants, and how many processes that is. */
export async function treeRss(rootPid: number): Promise<{ rssBytes: number; processes: number }> {
  const rows = await listProcesses();
  const children = new Map<number, ProcessRow[]>();
  for (const row of rows) children.set(row.parent, [...(children.get(row.parent) ?? []), row]);

  const root = rows.find((row) => row.pid === rootPid);
  if (root === undefined) throw new Error(`process ${rootPid} is not running; its stderr may say why it exited`);

  let rssBytes = 0;
  let processes = 0;
  const pending = [root];
  while (pending.length > 0) {
    const row = pending.pop() as ProcessRow;
    rssBytes += row.rssBytes;
    processes += 1;
    pending.push(...(children.get(row.pid) ?? []));
  }
  return { rssBytes, processes };
}

// CPU profile of a benchmark run in this process, through the inspector: the functions with the most
// self time, which is what bounds an unmet goal. Benchmarks that time other processes (the proxies) need
// those processes profiled instead, with NODE_OPTIONS="--cpu-prof --cpu-prof-dir=DIR".

import { Session } from 'node:inspector/promises';
import { writeFile } from 'node:fs/promises';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}

interface Profile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

export interface Hotspot {
  name: string;
  /** Time spent in the function itself. */
  selfMs: number;
  /** Time spent in the function and everything it called. */
  totalMs: number;
  /** selfMs as a share of all sampled time. */
  share: number;
}

/** Runs `work` under the CPU profiler, writes the profile to `outputPath`, and returns the functions with the
 *  most self time and those with the most total time (callees included), `top` of each. */
export async function profile(work: () => Promise<unknown>, outputPath: string, top = 20): Promise<{ bySelf: Hotspot[]; byTotal: Hotspot[] }> {
  const session = new Session();
  session.connect();
  await session.post('Profiler.enable');
  await session.post('Profiler.start');

  let result: Profile;
  try {
    await work();
  } finally {
    result = ((await session.post('Profiler.stop')) as unknown as { profile: Profile }).profile;
    session.disconnect();
  }

  await writeFile(outputPath, JSON.stringify(result));
  const spots = hotspots(result);
  return {
    bySelf: [...spots].sort((a, b) => b.selfMs - a.selfMs).slice(0, top),
    byTotal: [...spots].sort((a, b) => b.totalMs - a.totalMs).slice(0, top),
  };
}

function frameName(node: ProfileNode): string {
  const file = node.callFrame.url.split('/').slice(-2).join('/');
  return `${node.callFrame.functionName || '(anonymous)'} ${file}:${node.callFrame.lineNumber + 1}`;
}

function hotspots(result: Profile): Hotspot[] {
  const byNode = new Map(result.nodes.map((node) => [node.id, node]));
  const parentOf = new Map<number, number>();
  for (const node of result.nodes) for (const child of node.children ?? []) parentOf.set(child, node.id);

  const self = new Map<string, number>();
  const total = new Map<string, number>();
  let sampledMicros = 0;

  result.samples.forEach((nodeId, index) => {
    const micros = result.timeDeltas[index] ?? 0;
    const node = byNode.get(nodeId);
    if (node === undefined) return;
    sampledMicros += micros;
    self.set(frameName(node), (self.get(frameName(node)) ?? 0) + micros);

    // A recursive function appears several times on one stack; its total counts each sample once.
    const onStack = new Set<string>();
    for (let current: number | undefined = nodeId; current !== undefined; current = parentOf.get(current)) {
      const frame = byNode.get(current);
      if (frame === undefined) break;
      onStack.add(frameName(frame));
    }
    for (const name of onStack) total.set(name, (total.get(name) ?? 0) + micros);
  });

  return [...total]
    .filter(([name]) => !/^\((idle|program|root)\)/.test(name))
    .map(([name, micros]) => ({
      name,
      selfMs: (self.get(name) ?? 0) / 1000,
      totalMs: micros / 1000,
      share: sampledMicros === 0 ? 0 : (self.get(name) ?? 0) / sampledMicros,
    }));
}

import { resolvePolicy } from '@lookout/core';
import { loadPreset } from '@lookout/core/node';
import { benchmarkPolicy } from './lib/policy-load.js';
import { EXTRA_TOOLS, feedHistory, newSession } from './lib/history.js';
import { filesystemTools } from './benchmarks/decision.js';
const off = process.argv[2] === 'off';
let { policy } = benchmarkPolicy();
if (off) policy = { ...policy, actions: { reminder: 'off', investigation: 'off' } };
const tools = [...(await filesystemTools()), ...EXTRA_TOOLS];
const s = newSession(policy, tools, 'x');
let fed = 0; const out: string[] = [];
for (const cp of [5000, 10000, 20000, 30000]) { feedHistory(s, fed, cp - fed, 100); fed = cp; (globalThis as any).gc(); (globalThis as any).gc(); out.push(`${cp}:${(process.memoryUsage().heapUsed/1048576).toFixed(1)}`); }
console.log(off ? 'off' : 'on', out.join(' '));

// Realistic tool output for the token-counting benchmark: source code, pretty-printed JSON as APIs
// and MCP servers return it, and application logs. Generated text is seeded, so every run tokenises
// the same bytes.

import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

export const CORPUS_KINDS = ['code', 'json', 'logs'] as const;
export type CorpusKind = (typeof CORPUS_KINDS)[number];

/** A deterministic 32-bit PRNG (mulberry32); returns floats in [0, 1). */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Builds `count` distinct samples of about `bytes` bytes each (never less). */
export function buildSamples(kind: CorpusKind, bytes: number, count: number): string[] {
  const samples: string[] = [];
  for (let index = 0; index < count; index++) samples.push(buildSample(kind, bytes, index));
  return samples;
}

function buildSample(kind: CorpusKind, bytes: number, index: number): string {
  switch (kind) {
    case 'code':
      return sliceCode(bytes, index);
    case 'json':
      return generateJson(bytes, 1000 + index);
    case 'logs':
      return generateLogs(bytes, 2000 + index);
  }
}

// ---- code: real JavaScript from the TypeScript compiler's own bundles (about 15 MB together) ----

let codeText: string | undefined;

function loadCode(): string {
  if (codeText !== undefined) return codeText;
  const require = createRequire(import.meta.url);
  const files = ['typescript/lib/typescript.js', 'typescript/lib/_tsc.js'];
  codeText = files.map((file) => readFileSync(require.resolve(file), 'utf8')).join('\n');
  return codeText;
}

function sliceCode(bytes: number, index: number): string {
  const code = loadCode();
  if (bytes > code.length) throw new Error(`code corpus too small: ${bytes} characters requested, ${code.length} available; request at most ${code.length}`);

  // Samples start at different lines so they do not share a prefix; the code is almost all ASCII,
  // so characters stand in for bytes.
  const room = code.length - bytes;
  const start = room === 0 ? 0 : Math.floor(((index * 7919) % 1000) / 1000 * room);
  const lineStart = code.lastIndexOf('\n', start) + 1;
  return code.slice(lineStart, lineStart + bytes);
}

// ---- json: an issue tracker's list response, pretty-printed ---------------------------------------

const WORDS = (
  'the build fails when the cache directory is missing and retry logic does not restore it after ' +
  'deploy rollback migration timeout connection refused user session token expired invalid config ' +
  'value expected string received number database replica lag exceeded threshold during nightly ' +
  'backup job queue worker crashed memory limit reached please investigate before release'
).split(' ');

function sentence(random: () => number, words: number): string {
  const picked: string[] = [];
  for (let index = 0; index < words; index++) picked.push(WORDS[Math.floor(random() * WORDS.length)] as string);
  const text = picked.join(' ');
  return `${text.charAt(0).toUpperCase()}${text.slice(1)}.`;
}

function hex(random: () => number, length: number): string {
  let text = '';
  for (let index = 0; index < length; index++) text += Math.floor(random() * 16).toString(16);
  return text;
}

function isoTime(random: () => number): string {
  return new Date(Date.UTC(2026, 0, 1) + Math.floor(random() * 300 * 86_400_000)).toISOString();
}

function generateJson(bytes: number, seed: number): string {
  const random = seededRandom(seed);
  const records: string[] = [];
  let length = 2;

  for (let number = 1; length < bytes; number++) {
    const record = {
      id: Math.floor(random() * 1e9),
      number,
      title: sentence(random, 6 + Math.floor(random() * 6)),
      state: random() < 0.7 ? 'open' : 'closed',
      labels: [{ name: 'bug', color: 'd73a4a' }, { name: `area/${WORDS[number % WORDS.length]}`, color: hex(random, 6) }],
      user: { login: `dev${Math.floor(random() * 500)}`, id: Math.floor(random() * 1e7), site_admin: false },
      created_at: isoTime(random),
      updated_at: isoTime(random),
      comments: Math.floor(random() * 40),
      html_url: `https://git.example.test/acme/shop/issues/${number}`,
      commit: hex(random, 40),
      body: `${sentence(random, 20)} ${sentence(random, 14)}\n\nSteps:\n1. ${sentence(random, 8)}\n2. ${sentence(random, 9)}`,
    };
    const text = JSON.stringify(record, null, 2).replace(/^/gm, '  ');
    records.push(text);
    length += text.length + 2;
  }

  return `[\n${records.join(',\n')}\n]`;
}

// ---- logs: a web service's log lines with the odd stack trace -----------------------------------

function generateLogs(bytes: number, seed: number): string {
  const random = seededRandom(seed);
  const levels = ['INFO', 'INFO', 'INFO', 'DEBUG', 'WARN', 'ERROR'];
  const paths = ['/api/orders', '/api/users/me', '/healthz', '/api/cart/items', '/static/app.js', '/api/search'];
  const lines: string[] = [];
  let length = 0;

  while (length < bytes) {
    const level = levels[Math.floor(random() * levels.length)] as string;
    const path = paths[Math.floor(random() * paths.length)] as string;
    let line =
      `${isoTime(random)} ${level.padEnd(5)} [http-${Math.floor(random() * 16)}] req=${hex(random, 16)} ` +
      `${random() < 0.7 ? 'GET' : 'POST'} ${path} status=${random() < 0.9 ? 200 : 500} ` +
      `duration_ms=${(random() * 900).toFixed(1)} bytes=${Math.floor(random() * 90_000)}`;
    if (level === 'ERROR') {
      line +=
        `\nError: ${sentence(random, 7)}\n    at handle (/srv/app/dist/routes/orders.js:${Math.floor(random() * 400)}:17)` +
        `\n    at process.processTicksAndRejections (node:internal/process/task_queues:95:5)`;
    }
    lines.push(line);
    length += line.length + 1;
  }

  return lines.join('\n');
}

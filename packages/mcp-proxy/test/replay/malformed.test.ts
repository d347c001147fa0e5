import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import type { ReplayRunReport } from '../../src/replay/index.js';
import { runLookoutInProcess, type CapturedRun } from './helpers.js';

const goodCase = {
  format: 'lookout-case/1',
  id: 'good-listing',
  modes: [],
  tools: [{ name: 'list_directory', inputSchema: { type: 'object', properties: { path: { type: 'string' } } }, annotations: { readOnlyHint: true } }],
  policy: null,
  transcript: [
    { role: 'user', content: 'What is in /srv/app?' },
    { role: 'assistant', content: [{ type: 'tool_use', id: 'toolu_01', name: 'list_directory', input: { path: '/srv/app' } }] },
    { role: 'user', content: [{ type: 'tool_result', tool_use_id: 'toolu_01', content: '[FILE] main.py' }] },
  ],
  expect: { hold: [], allow: ['toolu_01'] },
};

const orphan = [
  { role: 'user', content: 'Tidy up.' },
  { role: 'assistant', content: 'Done already.' },
  { role: 'user', content: [{ type: 'tool_result', tool_use_id: 'toolu_ghost', content: 'removed' }] },
];

const brokenLines = [
  JSON.stringify({ type: 'user', uuid: 'a', parentUuid: null, sessionId: 's', message: { role: 'user', content: 'hi' } }),
  JSON.stringify({ type: 'assistant', uuid: 'b', parentUuid: 'a', sessionId: 's', message: { role: 'assistant', content: 'hello' } }),
  '{"type": "user", "uuid": "c", "parentUuid": "b", "message": {"role": "user", "content": "cut off',
].join('\n');

let folder: string;
let text: CapturedRun;
let json: CapturedRun;

beforeAll(async () => {
  folder = await mkdtemp(join(tmpdir(), 'lookout-replay-malformed-'));
  await writeFile(join(folder, 'a-not-json.json'), 'this is not JSON\n');
  await writeFile(join(folder, 'b-unknown.json'), JSON.stringify({ title: 'meeting notes', items: [] }));
  await writeFile(join(folder, 'c-orphan.json'), JSON.stringify(orphan, null, 2));
  await writeFile(join(folder, 'd-broken.jsonl'), brokenLines);
  await writeFile(join(folder, 'e-good.json'), JSON.stringify(goodCase));
  await writeFile(join(folder, 'notes.txt'), 'not a transcript, and not a .json file');

  // The policy file keeps this test independent of the shipped presets: no rules, only the engine's defaults.
  await writeFile(join(folder, 'policy.yaml'), 'extends: []\n');

  text = await runLookoutInProcess(['replay', '--expect', '--policy', 'policy.yaml', folder], folder);
  json = await runLookoutInProcess(['replay', '--json', '--policy', 'policy.yaml', folder], folder);
});

afterAll(async () => {
  await rm(folder, { recursive: true, force: true });
});

describe('lookout replay on malformed files', () => {
  it('exits with 2', () => {
    expect(text.exitCode).toBe(2);
    expect(json.exitCode).toBe(2);
  });

  it('names the file and line of text that is not JSON', () => {
    expect(text.stderr).toContain(`${join(folder, 'a-not-json.json')}:1: not valid JSON or JSON lines`);
    expect(text.stderr).toContain('[LOOKOUT_TRANSCRIPT_NOT_JSON]');
  });

  it('names the file of an unknown format', () => {
    expect(text.stderr).toMatch(new RegExp(`${join(folder, 'b-unknown.json')}: JSON that is not a lookout-case/1 case.*\\[LOOKOUT_TRANSCRIPT_UNKNOWN_FORMAT\\]`));
  });

  it('names the message of a result without its call', () => {
    expect(text.stderr).toContain(`${join(folder, 'c-orphan.json')} (message 2): tool_result for "toolu_ghost" has no tool_use`);
  });

  it('names the broken line of a JSON-lines file', () => {
    expect(text.stderr).toContain(`${join(folder, 'd-broken.jsonl')}:3: not valid JSON or JSON lines`);
  });

  it('still judges the other files', () => {
    expect(text.stdout).toContain('good-listing');
    expect(text.stdout).toContain('1 call: 1 allowed, 0 held, 0 denied. Expect: matched.');
    expect(text.stdout).toContain('Replayed 5 files: 1 session, 1 call, 0 not allowed, 4 files not read.');
  });

  it('lists the failures in the JSON report', () => {
    const report = JSON.parse(json.stdout) as ReplayRunReport;

    expect(report.sessions.map((session) => session.id)).toEqual(['good-listing']);
    expect(report.failures.map((failure) => failure.code)).toEqual([
      'LOOKOUT_TRANSCRIPT_NOT_JSON',
      'LOOKOUT_TRANSCRIPT_UNKNOWN_FORMAT',
      'LOOKOUT_TRANSCRIPT_ORPHAN_RESULT',
      'LOOKOUT_TRANSCRIPT_NOT_JSON',
    ]);
    expect(report.totals).toMatchObject({ files: 5, sessions: 1, failures: 4 });
  });
});

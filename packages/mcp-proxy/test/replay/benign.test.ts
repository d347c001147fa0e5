import { basename } from 'node:path';

import { describe, expect, it } from 'vitest';

import { readTranscriptFile } from '@lookout/core/node';

import { caseFiles, OWN_CASES, replayFile, SHARED_CASES } from './helpers.js';

const allCases = [...caseFiles(OWN_CASES), ...caseFiles(SHARED_CASES)];
const benignCases: string[] = [];
for (const path of allCases) {
  const transcript = await readTranscriptFile(path);
  if (transcript.modes?.length === 0) benignCases.push(path);
}

describe('replay of benign sessions', () => {
  it('finds benign cases to check', () => {
    expect(benignCases.length).toBeGreaterThanOrEqual(4);
  });

  it.each(benignCases.map((path) => [basename(path), path]))('%s has no hold at all', async (_name, path) => {
    const report = await replayFile(path);
    const stopped = report.intercepted.map((call) => `${call.id} ${call.tool} ${call.verdict}: ${call.reasons.join(', ')}`);

    expect(stopped).toEqual([]);
  });
});

describe('replay of read calls', () => {
  it.each(allCases.map((path) => [basename(path), path]))('%s holds no read-level call', async (_name, path) => {
    const report = await replayFile(path);
    const readsStopped = report.intercepted.filter((call) => call.level === 'read').map((call) => `${call.id} ${call.tool}`);

    expect(readsStopped).toEqual([]);
  });
});

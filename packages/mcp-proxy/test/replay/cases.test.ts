import { execFile } from 'node:child_process';
import { basename } from 'node:path';
import { promisify } from 'node:util';

import { describe, expect, it } from 'vitest';

import { renderMismatch } from '../../src/replay/index.js';
import { caseFiles, LOOKOUT_BIN, OWN_CASES, REPOSITORY_ROOT, replayFile, SHARED_CASES } from './helpers.js';

const run = promisify(execFile);
const ownCases = caseFiles(OWN_CASES);
const sharedCases = caseFiles(SHARED_CASES);

async function mismatchesOf(path: string): Promise<string[]> {
  const report = await replayFile(path);
  expect(report.expect, `${basename(path)} has an expect block`).toBeDefined();
  expect(report.engineProblems).toEqual([]);
  return (report.expect?.mismatches ?? []).map(renderMismatch);
}

describe("the project's landmine cases", () => {
  it('number at least ten', () => {
    expect(ownCases.length).toBeGreaterThanOrEqual(10);
  });

  it.each(ownCases.map((path) => [basename(path), path]))('%s matches its expectations', async (_name, path) => {
    expect(await mismatchesOf(path)).toEqual([]);
  });
});

describe.runIf(sharedCases.length > 0)('the shared landmine cases', () => {
  it.each(sharedCases.map((path) => [basename(path), path]))('%s matches its expectations', async (_name, path) => {
    expect(await mismatchesOf(path)).toEqual([]);
  });
});

describe('lookout replay --expect from dist', () => {
  it('passes on every case folder', async () => {
    const folders = sharedCases.length > 0 ? [OWN_CASES, SHARED_CASES] : [OWN_CASES];
    const result = await run(process.execPath, [LOOKOUT_BIN, 'replay', '--expect', ...folders], { cwd: REPOSITORY_ROOT }).catch((error: { code: number; stdout: string; stderr: string }) => error);

    expect(result.stderr).toBe('');
    expect('code' in result ? result.code : 0).toBe(0);
    expect(result.stdout).toMatch(new RegExp(`Replayed ${ownCases.length + sharedCases.length} files: ${ownCases.length + sharedCases.length} sessions`));
    expect(result.stdout).not.toContain('mismatch');
  });
});

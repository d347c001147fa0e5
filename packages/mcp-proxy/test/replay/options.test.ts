import { describe, expect, it } from 'vitest';

import { OWN_CASES, REPOSITORY_ROOT, runLookoutInProcess } from './helpers.js';

describe('lookout replay options', () => {
  it.each([
    ['no path', [], 'invalid PATH: Give at least one transcript file or folder.'],
    ['an unknown format', ['--format', 'openai', OWN_CASES], 'invalid --format'],
    ['an unknown flag', ['--strict', OWN_CASES], "Unknown option '--strict'"],
    ['a flag without its value', [OWN_CASES, '--policy'], "Option '--policy <value>' argument missing"],
  ])('rejects %s with exit 2', async (_name, args, message) => {
    const run = await runLookoutInProcess(['replay', ...args], REPOSITORY_ROOT);

    expect(run.exitCode).toBe(2);
    expect(run.stderr).toContain(message);
    expect(run.stdout).toBe('');
  });

  it('prints help with exit 0', async () => {
    const run = await runLookoutInProcess(['replay', '--help'], REPOSITORY_ROOT);

    expect(run.exitCode).toBe(0);
    expect(run.stdout).toContain('Usage: lookout replay PATH... [options]');
    expect(run.stdout).toContain('--expect');
  });

  it('reports a policy file that does not exist', async () => {
    const run = await runLookoutInProcess(['replay', '--policy', 'no-such-policy.yaml', OWN_CASES], REPOSITORY_ROOT);

    expect(run.exitCode).toBe(2);
    expect(run.stderr).toContain('no-such-policy.yaml');
  });
});

// The example as a user starts it from the repository root (`pnpm example:langchain` runs this file after
// building the adapter), offline: the child process gets no Anthropic key. It runs the built `dist`.
import { execFile } from 'node:child_process';
import { rmSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

import { describe, expect, it } from 'vitest';

const run = promisify(execFile);
const repositoryRoot = fileURLToPath(new URL('../../../', import.meta.url));

describe('langchain example command', () => {
  it('runs offline and prints holds', async () => {
    const env = { ...process.env };
    delete env.ANTHROPIC_API_KEY;

    const { stdout } = await run(process.execPath, ['--import', 'tsx', 'examples/langchain-agent/src/main.ts'], { cwd: repositoryRoot, env });

    expect(stdout).toContain('with the scripted model');
    expect(stdout).toContain('[lookout] reminder put in front of the model for this call:');
    expect(stdout).toContain('[lookout] hold delete_path (investigation; suspected mode 2)');
    expect(stdout).toContain('I left');

    const workspace = /^Workspace: (.+)$/m.exec(stdout)?.[1];
    if (workspace !== undefined) rmSync(workspace, { recursive: true, force: true });
  });
});

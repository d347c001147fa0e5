// Runs `lookout` subcommands in-process with captured output.
import { Writable } from 'node:stream';

import type { CliIo } from '../../src/cli/command.js';
import { runLookout } from '../../src/cli/main.js';

export interface CapturedRun {
  exitCode: number;
  stdout: string;
  stderr: string;
}

class TextSink extends Writable {
  text = '';
  override _write(chunk: Buffer | string, _encoding: BufferEncoding, callback: (error?: Error | null) => void): void {
    this.text += chunk.toString();
    callback();
  }
}

export async function runCli(argv: string[], cwd: string, env: NodeJS.ProcessEnv = {}): Promise<CapturedRun> {
  const stdout = new TextSink();
  const stderr = new TextSink();
  const io: CliIo = { stdout, stderr, env, cwd };
  const exitCode = await runLookout(argv, io);
  return { exitCode, stdout: stdout.text, stderr: stderr.text };
}

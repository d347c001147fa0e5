// `lookout replay PATH...`: judges recorded agent sessions offline and reports every call the guard would
// have held or denied. Exit codes: 0 judged (and matched with --expect), 1 an --expect mismatch, 2 an
// input that could not be read or judged, or invalid options.
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';

import type { ResolvedPolicy } from '@lookout/core';
import { defaultPolicy, formatPolicyError, loadPolicyFile, loadPreset } from '@lookout/core/node';
import { z } from 'zod';

import { createSessionOpener } from '../../replay/engine.js';
import { renderFailure, renderRun } from '../../replay/render.js';
import { runReplay } from '../../replay/run.js';
import { EXIT_FAILURE, EXIT_OK, EXIT_USAGE, type CliCommand, type CliIo } from '../command.js';

const USAGE = `Usage: lookout replay PATH... [options]

Feeds recorded agent sessions through the guard and reports every call it would have held or denied.
A PATH may be a file or a folder (its *.json and *.jsonl files).

Options:
  --policy FILE    Policy file (YAML or JSON) for sessions that carry no policy of their own;
                   default: the coding-agent preset. A case file's inline policy is used for that case.
  --format FORMAT  auto (default), lookout-case, anthropic or claude-code.
  --json           Print the report as JSON instead of tables.
  --expect         Compare each case file with its "expect" block; exit 1 on any mismatch.
  -h, --help       Show this help.

Exit codes: 0 every session judged (and matched), 1 an --expect mismatch, 2 an input could not be read or judged.
`;

export const ReplayOptionsSchema = z
  .object({
    paths: z.array(z.string().min(1)).min(1, 'Give at least one transcript file or folder.'),
    policy: z.string().min(1).optional(),
    format: z.enum(['auto', 'lookout-case', 'anthropic', 'claude-code']).default('auto'),
    json: z.boolean().default(false),
    expect: z.boolean().default(false),
  })
  .strict();

export type ReplayOptions = z.output<typeof ReplayOptionsSchema>;

export const replayCommand: CliCommand = {
  name: 'replay',
  summary: 'Judge recorded agent sessions (case files, Anthropic conversations, Claude Code transcripts).',
  run: runReplayCommand,
};

async function runReplayCommand(args: string[], io: CliIo): Promise<number> {
  const parsed = parseOptions(args);
  if (parsed.kind === 'help') {
    io.stdout.write(USAGE);
    return EXIT_OK;
  }
  if (parsed.kind === 'error') {
    io.stderr.write(`lookout replay: ${parsed.message}\nRun "lookout replay --help" for the options.\n`);
    return EXIT_USAGE;
  }

  const options = parsed.options;
  const policy = loadBasePolicy(options.policy, io);
  if (policy === undefined) return EXIT_USAGE;
  const openSession = createSessionOpener({ policy, loadPreset });

  const run = await runReplay({ paths: options.paths, cwd: io.cwd, format: options.format, expect: options.expect, openSession, progress: io.stderr });

  for (const failure of run.failures) io.stderr.write(`${renderFailure(failure)}\n`);
  io.stdout.write(options.json ? `${JSON.stringify(run, null, 2)}\n` : renderRun(run));

  const unjudged = run.failures.length > 0 || run.sessions.some((session) => session.engineProblems.length > 0);
  if (unjudged) return EXIT_USAGE;
  return run.totals.mismatches > 0 ? EXIT_FAILURE : EXIT_OK;
}

/** Loads the `--policy` file, or the default policy; prints the errors and returns undefined when it fails. */
function loadBasePolicy(file: string | undefined, io: CliIo): ResolvedPolicy | undefined {
  if (file === undefined) {
    try {
      return defaultPolicy();
    } catch (error) {
      io.stderr.write(`lookout replay: ${error instanceof Error ? error.message : String(error)}\n`);
      return undefined;
    }
  }

  const loaded = loadPolicyFile(resolve(io.cwd, file));
  if (loaded.ok) return loaded.policy;
  for (const error of loaded.errors) io.stderr.write(`lookout replay: ${formatPolicyError(error)}\n`);
  return undefined;
}

type ParsedOptions = { kind: 'options'; options: ReplayOptions } | { kind: 'help' } | { kind: 'error'; message: string };

/** Parses the arguments after `replay` and validates them with the options schema. */
export function parseOptions(args: string[]): ParsedOptions {
  let values;
  let positionals;
  try {
    ({ values, positionals } = parseArgs({
      args,
      allowPositionals: true,
      strict: true,
      options: {
        policy: { type: 'string' },
        format: { type: 'string' },
        json: { type: 'boolean' },
        expect: { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
    }));
  } catch (error) {
    return { kind: 'error', message: error instanceof Error ? error.message : String(error) };
  }
  if (values.help === true) return { kind: 'help' };

  const result = ReplayOptionsSchema.safeParse({ ...values, paths: positionals });
  if (!result.success) {
    const issue = result.error.issues[0];
    const name = issue?.path[0] === 'paths' ? 'PATH' : `--${String(issue?.path[0] ?? '')}`;
    return { kind: 'error', message: `invalid ${name}: ${issue?.message ?? 'invalid options'}` };
  }
  return { kind: 'options', options: result.data };
}

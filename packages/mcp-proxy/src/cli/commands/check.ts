// `lookout check POLICY`
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';

import { describePolicy, describeProblems } from '../../check/describe.js';
import { checkPolicyFile } from '../../check/validate.js';
import { EXIT_FAILURE, EXIT_OK, EXIT_USAGE, type CliCommand, type CliIo } from '../command.js';

const USAGE = `Usage: lookout check POLICY

Validates a policy file (YAML or JSON) and prints what it declares: the presets it extends, the action
for each mode, decay and investigation settings, facts and rules. An invalid file gets one line per
problem with file, line, column, the key and the fix.

Exit codes: 0 valid, 2 invalid or bad arguments, 1 when the file cannot be read.
`;

export const checkCommand: CliCommand = {
  name: 'check',
  summary: 'Validate a policy file and show what it declares.',
  run: runCheck,
};

async function runCheck(args: string[], io: CliIo): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({ args, allowPositionals: true, options: { help: { type: 'boolean', short: 'h', default: false } } });
  } catch (error) {
    io.stderr.write(`lookout check: ${(error as Error).message}\n\n${USAGE}`);
    return EXIT_USAGE;
  }

  if (parsed.values.help) {
    io.stdout.write(USAGE);
    return EXIT_OK;
  }
  if (parsed.positionals.length !== 1) {
    io.stderr.write(`lookout check: expected one policy file, got ${parsed.positionals.length}.\n\n${USAGE}`);
    return EXIT_USAGE;
  }

  const file = resolve(io.cwd, parsed.positionals[0] ?? '');
  let result;
  try {
    result = await checkPolicyFile(file);
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'the file does not exist' : (error as Error).message;
    io.stderr.write(`lookout check: cannot read policy ${file}: ${reason}\n`);
    return EXIT_FAILURE;
  }

  if (!result.ok) {
    io.stderr.write(describeProblems(result.problems));
    return EXIT_USAGE;
  }
  io.stdout.write(describePolicy(file, result.declared, result.resolved));
  return EXIT_OK;
}

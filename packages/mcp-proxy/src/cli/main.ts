// The `lookout` command: dispatches to a subcommand (`lookout proxy`, `lookout replay`, ...).
import { EXIT_USAGE, type CliIo } from './command.js';
import { commands } from './commands/index.js';

/** Runs `lookout ARGS` and resolves to the exit code; the bins call it with process.argv. */
export async function runLookout(argv: string[], io: CliIo): Promise<number> {
  const [name, ...rest] = argv;

  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    io.stdout.write(renderUsage());
    return name === undefined ? EXIT_USAGE : 0;
  }

  const command = commands.find((candidate) => candidate.name === name);
  if (command === undefined) {
    io.stderr.write(`lookout: unknown command "${name}". Run "lookout --help" for the list of commands.\n`);
    return EXIT_USAGE;
  }

  return command.run(rest, io);
}

function renderUsage(): string {
  const width = Math.max(0, ...commands.map((command) => command.name.length));
  const lines = commands.map((command) => `  ${command.name.padEnd(width)}  ${command.summary}`);
  return ['Usage: lookout <command> [options]', '', 'Commands:', ...lines, '', 'Run "lookout <command> --help" for its options.', ''].join('\n');
}

export function processIo(): CliIo {
  return { stdout: process.stdout, stderr: process.stderr, env: process.env, cwd: process.cwd() };
}

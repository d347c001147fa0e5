// `lookout demo [--live]`: a realistic agent session on real MCP servers behind lookout-mcp.
import { parseArgs } from 'node:util';

import { z } from 'zod';

import { DEFAULT_LIVE_MODEL, type LiveAgentOptions } from '../../demo/live-agent.js';
import { runDemo } from '../../demo/run-demo.js';
import { EXIT_FAILURE, EXIT_OK, EXIT_USAGE, type CliCommand, type CliIo } from '../command.js';

const HELP = `Usage: lookout demo [--live] [--model MODEL]

Lays out a small project in a temporary folder, starts @modelcontextprotocol/server-filesystem and a shell
server behind lookout-mcp, and runs an agent that makes the mistakes real agents make. Each call, the guard's
decision, the hold text the agent received and what it did next are printed; then the near-miss summary and
the paths of the journal and the HTML report. Nothing is written outside the temporary folder.

Options:
  --live           run a real Claude agent (needs ANTHROPIC_API_KEY; ANTHROPIC_BASE_URL is honoured);
                   without a key, the scripted agent runs (default: scripted)
  --model MODEL    the Claude model for --live (env LOOKOUT_DEMO_MODEL; default: ${DEFAULT_LIVE_MODEL})
  -h, --help       print this help
`;

const DemoFlagsSchema = z.object({ live: z.boolean().default(false), model: z.string().min(1).optional(), help: z.boolean().default(false) });

export const demoCommand: CliCommand = {
  name: 'demo',
  summary: 'Run a guarded agent session on real MCP servers and show each hold.',
  run: runDemoCommand,
};

async function runDemoCommand(args: string[], io: CliIo): Promise<number> {
  let flags: z.output<typeof DemoFlagsSchema>;
  try {
    const { values } = parseArgs({ args, options: { live: { type: 'boolean' }, model: { type: 'string' }, help: { type: 'boolean', short: 'h' } }, strict: true });
    flags = DemoFlagsSchema.parse(values);
  } catch (error) {
    io.stderr.write(`lookout demo: ${error instanceof Error ? error.message : String(error)}\nRun "lookout demo --help" for the options.\n`);
    return EXIT_USAGE;
  }
  if (flags.help) {
    io.stdout.write(HELP);
    return EXIT_OK;
  }

  const live = liveOptions(flags, io);
  try {
    await runDemo({ out: io.stdout, color: (io.stdout as NodeJS.WriteStream).isTTY === true, ...(live === undefined ? {} : { live }) });
    return EXIT_OK;
  } catch (error) {
    io.stderr.write(`lookout demo failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    return EXIT_FAILURE;
  }
}

function liveOptions(flags: z.output<typeof DemoFlagsSchema>, io: CliIo): LiveAgentOptions | undefined {
  if (!flags.live) return undefined;

  const apiKey = io.env['ANTHROPIC_API_KEY'];
  if (apiKey === undefined || apiKey === '') {
    io.stderr.write(
      'lookout demo --live needs ANTHROPIC_API_KEY. Create a key in the Anthropic Console (console.anthropic.com, Settings > API keys), ' +
        'then run: ANTHROPIC_API_KEY=sk-ant-... pnpm demo --live\nRunning the scripted agent instead.\n\n',
    );
    return undefined;
  }
  return { apiKey, model: flags.model ?? io.env['LOOKOUT_DEMO_MODEL'] ?? DEFAULT_LIVE_MODEL };
}

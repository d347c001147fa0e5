// `lookout wrap CONFIG [--policy FILE] [--undo] [--dry-run] [--force]`
import { stat } from 'node:fs/promises';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';

import {
  ConfigShapeError,
  JsoncSyntaxError,
  resolveProxyLaunch,
  undoWrapFile,
  wrapConfigFile,
  WrapError,
  type EntryPlan,
  type WrapFileReport,
} from '../../wrap/index.js';
import { describeProblems } from '../../check/describe.js';
import { checkPolicyFile } from '../../check/validate.js';
import { EXIT_FAILURE, EXIT_OK, EXIT_USAGE, type CliCommand, type CliIo } from '../command.js';

const USAGE = `Usage: lookout wrap CONFIG [--policy FILE] [--undo] [--dry-run] [--force]

Rewrites an MCP client configuration so every server runs behind lookout-mcp: Claude Desktop
(claude_desktop_config.json), Claude Code (.mcp.json), Cursor (mcp.json) and VS Code (.vscode/mcp.json).
stdio servers keep their command after "--"; HTTP servers become a stdio proxy with --upstream-url.
The entries use absolute paths of node and lookout-mcp, because desktop apps do not inherit PATH.
The original is kept next to the file as CONFIG.lookout-backup.

  --policy FILE  the policy every wrapped server runs with (default: the coding-agent preset)
  --undo         restore the backup byte for byte and remove it
  --dry-run      print the unified diff and write nothing
  --force        with --undo: restore even when servers were added after the wrap (they are dropped)
  -h, --help     show this help
`;

export const wrapCommand: CliCommand = {
  name: 'wrap',
  summary: 'Put every server of a Claude, Cursor or VS Code MCP configuration behind Lookout.',
  run: runWrap,
};

async function runWrap(args: string[], io: CliIo): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args,
      allowPositionals: true,
      options: {
        policy: { type: 'string' },
        undo: { type: 'boolean', default: false },
        'dry-run': { type: 'boolean', default: false },
        force: { type: 'boolean', default: false },
        help: { type: 'boolean', short: 'h', default: false },
      },
    });
  } catch (error) {
    io.stderr.write(`lookout wrap: ${(error as Error).message}\n\n${USAGE}`);
    return EXIT_USAGE;
  }

  const { values, positionals } = parsed;
  if (values.help) {
    io.stdout.write(USAGE);
    return EXIT_OK;
  }
  if (positionals.length !== 1) {
    io.stderr.write(`lookout wrap: expected one configuration file, got ${positionals.length}.\n\n${USAGE}`);
    return EXIT_USAGE;
  }
  if (values.undo && values.policy !== undefined) {
    io.stderr.write('lookout wrap: --policy has no effect with --undo; drop one of them.\n');
    return EXIT_USAGE;
  }

  const configPath = resolve(io.cwd, positionals[0] ?? '');
  try {
    if (values.undo) return await runUndo(configPath, values['dry-run'], values.force, io);
    return await runWrapFile(configPath, values.policy, values['dry-run'], io);
  } catch (error) {
    if (error instanceof JsoncSyntaxError) {
      io.stderr.write(`lookout wrap: cannot parse ${configPath}: ${error.message}. The file was left untouched; fix it and run again.\n`);
      return EXIT_FAILURE;
    }
    if (error instanceof ConfigShapeError || error instanceof WrapError) {
      io.stderr.write(`lookout wrap: ${configPath}: ${error.message}\n`);
      return EXIT_FAILURE;
    }
    throw error;
  }
}

async function runWrapFile(configPath: string, policy: string | undefined, dryRun: boolean, io: CliIo): Promise<number> {
  if (policy !== undefined) {
    const policyPath = resolve(io.cwd, policy);
    if (!(await isFile(policyPath))) {
      io.stderr.write(`lookout wrap: policy file not found: ${policyPath}. Check the path, or validate it with "lookout check".\n`);
      return EXIT_USAGE;
    }

    // A wrapped server whose policy does not load would fail to start inside the client, far from here.
    const policyCheck = await checkPolicyFile(policyPath);
    if (!policyCheck.ok) {
      io.stderr.write(`lookout wrap: the policy ${policyPath} is invalid, so ${configPath} was left untouched.\n${describeProblems(policyCheck.problems)}`);
      return EXIT_USAGE;
    }
  }

  const report = await wrapConfigFile(configPath, resolveProxyLaunch(policy, io.cwd), dryRun);
  if (dryRun) {
    io.stdout.write(report.diff === '' ? `No changes: ${describeNothingToDo(report)}\n` : report.diff);
    io.stderr.write(`${renderPlans(report.result.plans)}(dry run: ${configPath} was not written)\n`);
    return EXIT_OK;
  }

  if (!report.result.changed) {
    io.stdout.write(`Nothing to change in ${configPath}: ${describeNothingToDo(report)}\n${renderPlans(report.result.plans)}`);
    return EXIT_OK;
  }

  const client = report.result.shape.client;
  io.stdout.write(
    `Wrapped ${configPath} (${client}).\n${renderPlans(report.result.plans)}` +
      (report.backupWritten ? `Original saved to ${report.backupPath}\n` : `Kept the backup of the first wrap at ${report.backupPath}\n`) +
      `Restart ${client === 'MCP client' ? 'the client' : client} to apply. Undo with: lookout wrap ${configPath} --undo\n`,
  );
  return EXIT_OK;
}

async function runUndo(configPath: string, dryRun: boolean, force: boolean, io: CliIo): Promise<number> {
  const report = await undoWrapFile(configPath, { dryRun, force });

  if (dryRun) {
    io.stdout.write(report.diff === '' ? `No changes: ${configPath} already matches its backup.\n` : report.diff);
    if (report.droppedServers.length > 0) io.stderr.write(`Restoring would drop servers added after the wrap: ${report.droppedServers.join(', ')}\n`);
    io.stderr.write(`(dry run: ${configPath} was not written)\n`);
    return EXIT_OK;
  }

  io.stdout.write(`Restored ${configPath} from ${report.backupPath} and removed the backup.\n`);
  if (report.droppedServers.length > 0) io.stdout.write(`Dropped servers added after the wrap: ${report.droppedServers.join(', ')}\n`);
  return EXIT_OK;
}

function describeNothingToDo(report: WrapFileReport): string {
  const plans = report.result.plans;
  if (plans.length === 0) return 'the configuration lists no servers.';
  if (plans.every((plan) => plan.kind === 'wrapped')) {
    return 'every server already runs behind Lookout. To change the policy, run with --undo, then wrap again.';
  }
  return 'no server could be wrapped.';
}

function renderPlans(plans: EntryPlan[]): string {
  const lines = plans.map((plan) => {
    switch (plan.kind) {
      case 'stdio':
        return `  ${plan.server}: wrapped (stdio)`;
      case 'http':
        return `  ${plan.server}: wrapped (HTTP, now a stdio proxy with --upstream-url)`;
      case 'wrapped':
        return `  ${plan.server}: already behind Lookout`;
      case 'skipped':
        return `  ${plan.server}: skipped, ${plan.reason}`;
    }
  });
  return lines.length === 0 ? '' : `${lines.join('\n')}\n`;
}

async function isFile(path: string): Promise<boolean> {
  try {
    return (await stat(path)).isFile();
  } catch {
    return false;
  }
}

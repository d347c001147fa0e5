// `lookout report [JOURNAL] [--html FILE] [--json]`
import { mkdir, writeFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { parseArgs } from 'node:util';

import { aggregateJournal, readJournalFile, renderHtmlReport, renderTerminalReport } from '../../report/index.js';
import { EXIT_FAILURE, EXIT_OK, EXIT_USAGE, type CliCommand, type CliIo } from '../command.js';

const USAGE = `Usage: lookout report [JOURNAL] [--html FILE] [--json]

Summarises a near-miss journal: interceptions by suspected mode, outcome, tool and session, the token
distances at which facts had decayed, the facts reminded most and a timeline per session.

  JOURNAL      the journal file (JSON lines). Default: $LOOKOUT_JOURNAL, else ~/.local/state/lookout/journal.jsonl
  --html FILE  also write a self-contained HTML page with charts to FILE
  --json       print the aggregates as JSON instead of the tables
  -h, --help   show this help

Lines that are not valid records are skipped and listed with their line numbers.
`;

export const reportCommand: CliCommand = {
  name: 'report',
  summary: 'Summarise a near-miss journal as a table, JSON or an HTML page with charts.',
  run: runReport,
};

async function runReport(args: string[], io: CliIo): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args,
      allowPositionals: true,
      options: { html: { type: 'string' }, json: { type: 'boolean', default: false }, help: { type: 'boolean', short: 'h', default: false } },
    });
  } catch (error) {
    io.stderr.write(`lookout report: ${(error as Error).message}\n\n${USAGE}`);
    return EXIT_USAGE;
  }

  if (parsed.values.help) {
    io.stdout.write(USAGE);
    return EXIT_OK;
  }
  if (parsed.positionals.length > 1) {
    io.stderr.write(`lookout report: expected one journal file, got ${parsed.positionals.length}: ${parsed.positionals.join(' ')}\n`);
    return EXIT_USAGE;
  }

  const journalPath = resolve(io.cwd, parsed.positionals[0] ?? defaultJournalPath(io.env));
  let contents;
  try {
    contents = await readJournalFile(journalPath);
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'the file does not exist' : (error as Error).message;
    io.stderr.write(`lookout report: cannot read journal ${journalPath}: ${reason}. Pass the journal path, or set LOOKOUT_JOURNAL.\n`);
    return EXIT_FAILURE;
  }

  const report = aggregateJournal(contents, journalPath);

  if (parsed.values.html !== undefined) {
    const htmlPath = resolve(io.cwd, parsed.values.html);
    try {
      await mkdir(dirname(htmlPath), { recursive: true });
      await writeFile(htmlPath, renderHtmlReport(report));
    } catch (error) {
      io.stderr.write(`lookout report: cannot write the HTML report to ${htmlPath}: ${(error as Error).message}\n`);
      return EXIT_FAILURE;
    }
  }

  if (parsed.values.json) io.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
  else io.stdout.write(renderTerminalReport(report));

  // With --json, stdout carries only JSON, so the path goes to stderr.
  if (parsed.values.html !== undefined) {
    (parsed.values.json ? io.stderr : io.stdout).write(`HTML report written to ${resolve(io.cwd, parsed.values.html)}\n`);
  }
  return EXIT_OK;
}

// NOTE: keep in step with the proxy's `--journal` default; a shared constant belongs in @lookout/core/node.
function defaultJournalPath(env: NodeJS.ProcessEnv): string {
  const fromEnv = env.LOOKOUT_JOURNAL;
  if (fromEnv !== undefined && fromEnv !== '') return fromEnv;
  return join(env.HOME ?? homedir(), '.local', 'state', 'lookout', 'journal.jsonl');
}

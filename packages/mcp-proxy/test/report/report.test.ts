import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

import { JournalRecordSchema } from '@lookout/core';
import { createJournalWriter } from '@lookout/core/node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { aggregateJournal, parseJournalText, renderHtmlReport, renderTerminalReport, type JournalReport } from '../../src/report/index.js';
import { runCli } from './helpers.js';

const FIXTURE = fileURLToPath(new URL('./fixtures/every-event.jsonl', import.meta.url));
const LOOKOUT_BIN = fileURLToPath(new URL('../../dist/cli/lookout.js', import.meta.url));

let workDir: string;
let report: JournalReport;

beforeAll(async () => {
  workDir = await mkdtemp(join(tmpdir(), 'lookout-report-'));
  const run = await runCli(['report', FIXTURE, '--json'], workDir);
  expect(run.exitCode).toBe(0);
  report = JSON.parse(run.stdout) as JournalReport;
});

afterAll(async () => {
  await rm(workDir, { recursive: true, force: true });
});

describe('lookout report --json', () => {
  it('counts lines, records and bad lines with their numbers', () => {
    expect(report.lines.total).toBe(27);
    expect(report.lines.records).toBe(24);
    expect(report.lines.bad.map((bad) => bad.line)).toEqual([6, 12, 28]);
    expect(report.lines.bad[0]?.error).toMatch(/^invalid JSON/);
    expect(report.lines.bad[1]?.error).toMatch(/unsupported record version/);
    expect(report.lines.bad[2]?.error).toMatch(/^event:/);
  });

  it('totals interceptions by decision', () => {
    expect(report.totals).toEqual({
      sessions: 3,
      intercepts: 11,
      holds: 7,
      denies: 2,
      asks: 2,
      logOnly: 1,
      checks: 1,
      upstream: 2,
      orphanOutcomes: 1,
    });
    expect(report.upstream).toEqual({ exited: 0, restarted: 1, timed_out: 1, crashed: 0 });
  });

  it('groups outcomes and infers denied for a deny without one', () => {
    expect(report.byOutcome).toEqual({
      averted: 3,
      proceeded_after_investigation: 1,
      proceeded_after_reminder: 1,
      persisted: 1,
      denied: 2,
      approved: 1,
      refused: 1,
      pending: 1,
    });
    expect(report.outcomes).toEqual({
      investigated_then_changed: 1,
      reminded_then_changed: 1,
      proceeded_after_investigation: 1,
      proceeded_after_reminder: 1,
      approved: 1,
      refused: 1,
      abandoned: 1,
      denied: 1,
      persisted: 1,
      pending: 2,
    });
    expect(report.avertedShare).toBeCloseTo(0.3, 10);
  });

  it('counts an interception in every mode it is suspected of', () => {
    const byMode = Object.fromEntries(report.byMode.map((row) => [row.mode, row]));
    expect(byMode[1]?.intercepts).toBe(5);
    expect(byMode[1]?.outcomes).toMatchObject({ averted: 2, proceeded_after_reminder: 1, persisted: 1, pending: 1 });
    expect(byMode[2]?.intercepts).toBe(4);
    expect(byMode[2]?.outcomes).toMatchObject({ averted: 2, proceeded_after_investigation: 1, persisted: 1 });
    expect(byMode[3]?.intercepts).toBe(4);
    expect(byMode[3]?.outcomes).toMatchObject({ denied: 2, approved: 1, refused: 1, averted: 0 });
  });

  it('names the leading mode and the mode 3 candidates', () => {
    expect(report.leadingMode).toBe(1);
    expect(report.persisted.map((intercept) => [intercept.session, intercept.id, intercept.outcome])).toEqual([['s-beta', 'b3', 'persisted']]);
  });

  it('ranks tools by interceptions', () => {
    expect(report.byTool.map((row) => [row.tool, row.intercepts])).toEqual([
      ['run_shell', 3],
      ['delete_file', 2],
      ['git_push', 2],
      ['git_clean', 1],
      ['git_reset', 1],
      ['move_file', 1],
      ['write_file', 1],
    ]);
    expect(report.byTool[0]?.outcomes).toMatchObject({ proceeded_after_investigation: 1, proceeded_after_reminder: 1, persisted: 1 });
  });

  it('summarises each session', () => {
    expect(report.bySession.map((row) => [row.session, row.intercepts, row.checks, row.upstream])).toEqual([
      ['s-alpha', 3, 1, 1],
      ['s-beta', 4, 0, 1],
      ['s-gamma', 4, 0, 0],
    ]);
    expect(report.bySession[0]?.first).toBe('2026-11-30T10:00:05.000Z');
    expect(report.bySession[0]?.last).toBe('2026-11-30T10:04:00.000Z');
  });

  it('bins the token distances of reminded facts', () => {
    expect(report.decay.buckets.map((bucket) => [bucket.fromTokens, bucket.toTokens, bucket.count])).toEqual([
      [0, 2000, 1],
      [2000, 4000, 1],
      [4000, 8000, 1],
      [8000, 16000, 1],
      [16000, 32000, 0],
      [32000, 64000, 1],
      [64000, null, 0],
    ]);
    expect(report.decay.dropped).toBe(1);
    expect(report.decay.medianTokens).toBe(5200);
    expect(report.decay.maxTokens).toBe(40000);
  });

  it('ranks the facts reminded most', () => {
    expect(report.facts).toEqual([
      { id: 'keep-data', text: 'Never touch the data folder.', reminders: 3, sessions: 2, medianTokens: 5200 },
      { id: 'code-freeze', text: 'Code freeze: change nothing in production.', reminders: 2, sessions: 1, medianTokens: 21550 },
      { id: 'goal-refactor', text: 'Goal: refactor the parser only.', reminders: 1, sessions: 1, medianTokens: null },
    ]);
  });

  it('orders each session timeline by time', () => {
    const alpha = report.timeline.find((session) => session.session === 's-alpha');
    expect(alpha?.entries.map((entry) => [entry.event, entry.id ?? null])).toEqual([
      ['intercept', 'c1'],
      ['intercept', 'c2'],
      ['intercept', 'c3'],
      ['check', 'c4'],
      ['upstream', null],
    ]);
    expect(alpha?.entries[0]?.intercept?.outcome).toBe('investigated_then_changed');
    expect(alpha?.entries[4]?.detail).toBe('fs restarted: exit code 1');
  });
});

describe('lookout report (terminal)', () => {
  it('prints the tables', async () => {
    const run = await runCli(['report', FIXTURE], workDir);

    expect(run.exitCode).toBe(0);
    expect(run.stdout).toContain('11 interceptions: 7 holds, 2 denies, 2 asks (1 in log-only mode, let through)');
    expect(run.stdout).toContain('Did the guard help? 30% of resolved interceptions averted');
    expect(run.stdout).toContain('Which mode? Mostly mode 1, lost the plot: 5 of 11.');
    expect(run.stdout).toMatch(/1, lost the plot\s+5\s+2\s+1\s+1\s+0\s+1/);
    expect(run.stdout).toMatch(/2, didn't look\s+4\s+2\s+1\s+1\s+0\s+0/);
    expect(run.stdout).toMatch(/3, chose wrong\s+4\s+0\s+1\s+0\s+3\s+0/);
    expect(run.stdout).toContain('  2026-11-30 10:12:00  s-beta  run_shell on sql:prod/shop/orders, facts: code-freeze');
    expect(run.stdout).toMatch(/run_shell\s+3\s+0\s+2\s+1\s+0\s+0/);
    expect(run.stdout).toMatch(/git_push\s+2\s+0\s+1\s+0\s+1\s+0/);
    expect(run.stdout).toMatch(/s-gamma\s+4\s+0\s+1\s+0\s+2\s+1/);
    expect(run.stdout).toMatch(/keep-data\s+3\s+2\s+5\.2k\s+Never touch the data folder\./);
    expect(run.stdout).toMatch(/compacted\s+1\s+#+/);
    expect(run.stdout).toContain('2026-11-30 10:00:05  hold      delete_file mode 2 -> investigated then changed');
    expect(run.stdout).toContain('3 lines skipped: not a valid journal record');
    expect(run.stdout).toContain('line 6: invalid JSON');
  });

  it('reports an empty journal without tables', async () => {
    const empty = join(workDir, 'empty.jsonl');
    await writeFile(empty, '');

    const run = await runCli(['report', empty], workDir);

    expect(run.exitCode).toBe(0);
    expect(run.stdout).toContain('No interceptions recorded');
  });

  it('fails on a missing journal with the path', async () => {
    const run = await runCli(['report', 'missing.jsonl'], workDir);

    expect(run.exitCode).toBe(1);
    expect(run.stderr).toContain(`cannot read journal ${join(workDir, 'missing.jsonl')}: the file does not exist`);
  });

  it('reads LOOKOUT_JOURNAL when no path is given', async () => {
    const run = await runCli(['report', '--json'], workDir, { LOOKOUT_JOURNAL: FIXTURE });

    expect(run.exitCode).toBe(0);
    expect((JSON.parse(run.stdout) as JournalReport).totals.intercepts).toBe(11);
  });

  it('rejects an unknown flag', async () => {
    const run = await runCli(['report', FIXTURE, '--csv'], workDir);

    expect(run.exitCode).toBe(2);
    expect(run.stderr).toContain("Unknown option '--csv'");
  });
});

describe('lookout report --html', () => {
  it('writes a self-contained page with every chart', async () => {
    const htmlPath = join(workDir, 'out', 'report.html');

    const run = await runCli(['report', FIXTURE, '--html', htmlPath], workDir);
    const html = await readFile(htmlPath, 'utf8');

    expect(run.exitCode).toBe(0);
    expect(run.stdout).toContain(`HTML report written to ${htmlPath}`);
    for (const chart of ['outcomes', 'modes', 'tools', 'decay', 'facts', 'timeline']) {
      expect(html).toContain(`data-chart="${chart}"`);
    }
    expect(html).toContain('<rect x="190" y="5" width="');
    expect(html).not.toMatch(/(src|href)="https?:/);
    expect(html).toContain("default-src 'none'");
    expect(html).toContain('<h2>Mode 3 candidates</h2>');
    expect(html).toContain('<div class="card"><b>mode 1</b><span>most suspected</span></div>');
  });

  it('keeps stdout JSON-only with --json', async () => {
    const htmlPath = join(workDir, 'with-json.html');

    const run = await runCli(['report', FIXTURE, '--json', '--html', htmlPath], workDir);

    expect(run.exitCode).toBe(0);
    expect((JSON.parse(run.stdout) as JournalReport).totals.intercepts).toBe(11);
    expect(run.stderr).toBe(`HTML report written to ${htmlPath}\n`);
  });

  it('fails when the HTML file cannot be written', async () => {
    const blocker = join(workDir, 'not-a-folder');
    await writeFile(blocker, '');

    const run = await runCli(['report', FIXTURE, '--html', join(blocker, 'report.html')], workDir);

    expect(run.exitCode).toBe(1);
    expect(run.stderr).toContain(`cannot write the HTML report to ${join(blocker, 'report.html')}`);
  });

  it('embeds the aggregates as JSON', async () => {
    const htmlPath = join(workDir, 'embedded.html');
    await runCli(['report', FIXTURE, '--html', htmlPath], workDir);
    const html = await readFile(htmlPath, 'utf8');

    const embedded = /<script type="application\/json" id="lookout-report-data">(.*?)<\/script>/s.exec(html)?.[1];
    expect(JSON.parse(embedded ?? 'null')).toEqual(report);
  });

  it('escapes journal text', () => {
    const line = JSON.stringify({
      v: 1,
      time: '2026-11-30T10:00:00Z',
      session: '</script><script>alert(1)</script>',
      event: 'intercept',
      id: 'x',
      tool: '<img src=x onerror=alert(1)>',
      decision: 'hold',
      reasons: ['reminder'],
      modes: [1],
      facts: [{ id: 'f', text: '<b>bold</b>', tokensSinceSeen: 10 }],
    });

    const html = renderHtmlReport(aggregateJournal(parseJournalText(line), 'inline'));

    expect(html).not.toContain('<img src=x');
    expect(html).not.toContain('</script><script>alert(1)');
    expect(html).toContain('&#60;img src=x onerror=alert(1)&#62;');
  });
});

describe('report of many sessions', () => {
  const lines = Array.from({ length: 250 }, (_, index) =>
    JSON.stringify({
      v: 1,
      time: new Date(Date.UTC(2026, 10, 1) + index * 60_000).toISOString(),
      session: `s${String(index).padStart(3, '0')}`,
      event: 'intercept',
      id: 'c1',
      tool: 'delete_file',
      decision: 'hold',
      reasons: ['investigation'],
      modes: [2],
      facts: [],
      targets: [],
      missing: [],
      effects: ['fs.delete'],
      level: 'destructive',
    }),
  );
  const manySessions = aggregateJournal(parseJournalText(lines.join('\n')), 'many');

  it('shows the most recent sessions in the terminal', () => {
    const text = renderTerminalReport(manySessions);

    expect(text).toContain('(240 earlier; see --json or --html)');
    expect(text).toContain('  s249 ');
    expect(text).not.toContain('  s000 ');
  });

  it('caps the sessions the HTML page embeds', () => {
    const html = renderHtmlReport(manySessions);
    const embedded = /<script type="application\/json" id="lookout-report-data">(.*?)<\/script>/s.exec(html)?.[1];
    const data = JSON.parse(embedded ?? 'null') as JournalReport;

    expect(manySessions.timeline).toHaveLength(250);
    expect(data.timeline).toHaveLength(200);
    expect(data.timeline[0]?.session).toBe('s050');
    expect(html).toContain('Showing the 200 most recent of 250 sessions');
    expect(html.match(/<circle /g)).toHaveLength(40);
  });
});

describe('report of a journal from the journal writer', () => {
  it('reads what createJournalWriter writes', async () => {
    const journalPath = join(workDir, 'written.jsonl');
    const writer = createJournalWriter({ path: journalPath, sessionId: 'written-session' });
    writer.writeAll([
      {
        event: 'intercept',
        id: 'call-1',
        tool: 'delete_file',
        decision: 'hold',
        reasons: ['reminder', 'investigation'],
        modes: [1, 2],
        facts: [{ id: 'keep-data', text: 'Never touch data/.', tokensSinceSeen: 6100 }],
        targets: [{ kind: 'path', id: '/srv/app/data' }],
        missing: [{ target: { kind: 'path', id: '/srv/app/data' }, effects: ['fs.list'], why: 'never' }],
        effects: ['fs.delete'],
        level: 'destructive',
      },
      { event: 'outcome', ref: 'call-1', outcome: 'investigated_then_changed' },
      { event: 'check', id: 'call-2', tool: 'list_directory', targets: [{ kind: 'path', id: '/srv/app/tmp' }], found: 'empty' },
      { event: 'upstream', status: 'exited', server: 'fs', detail: 'exit code 0' },
    ]);
    writer.flush();

    const run = await runCli(['report', journalPath, '--json'], workDir);
    const written = JSON.parse(run.stdout) as JournalReport;
    const lines = (await readFile(journalPath, 'utf8')).trim().split('\n');

    expect(lines.every((line) => JournalRecordSchema.safeParse(JSON.parse(line)).success)).toBe(true);
    expect(written.lines.bad).toEqual([]);
    expect(written.lines.records).toBe(4);
    expect(written.totals).toMatchObject({ sessions: 1, intercepts: 1, holds: 1, checks: 1, upstream: 1 });
    expect(written.byOutcome.averted).toBe(1);
    expect(written.decay.medianTokens).toBe(6100);
    expect(written.bySession[0]?.session).toBe('written-session');
  });

  it('reads every valid line of the sample with the core schema', async () => {
    const lines = (await readFile(FIXTURE, 'utf8')).split('\n').filter((line) => line.trim() !== '');
    const accepted = lines.filter((line) => {
      try {
        return JournalRecordSchema.safeParse(JSON.parse(line)).success;
      } catch {
        return false;
      }
    });

    expect(accepted).toHaveLength(report.lines.records);
  });
});

describe('lookout bin report', () => {
  it('runs from the built dist', async () => {
    const { stdout } = await promisify(execFile)(process.execPath, [LOOKOUT_BIN, 'report', FIXTURE]);

    expect(stdout).toContain('Lookout near-miss report');
    expect(stdout).toContain('11 interceptions');
  });
});

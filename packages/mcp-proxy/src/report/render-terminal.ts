// The terminal form of the report: compact plain-text tables, no colours, so it reads the same in a pipe.
import type { JournalReport, TimelineEntry } from './aggregate.js';
import { OUTCOME_GROUP_LABELS, OUTCOME_GROUPS, type OutcomeCounts } from './outcomes.js';
import { formatBucket, formatTokens } from './stats.js';

/** Rows shown per table and timeline entries per session before the rest are summarised in one line. */
const TERMINAL_ROWS_MAX = 10;
const MODE_NAMES = { 1: '1, lost the plot', 2: "2, didn't look", 3: '3, chose wrong' } as const;
const HISTOGRAM_BAR_WIDTH = 30;

export function renderTerminalReport(report: JournalReport): string {
  const sections = [
    renderHeader(report),
    report.totals.intercepts === 0 ? 'No interceptions recorded: the guard let every call through.' : renderOutcomes(report),
    report.totals.intercepts === 0 ? '' : renderModes(report),
    report.totals.intercepts === 0 ? '' : renderRows('Tool', report.byTool.map((row) => ({ label: row.tool, ...row }))),
    report.totals.sessions === 0 ? '' : renderRows('Session', report.bySession.map((row) => ({ label: row.session, ...row })), 'last'),
    renderPersisted(report),
    renderDecay(report),
    renderFacts(report),
    renderTimeline(report),
    renderBadLines(report),
  ];
  return `${sections.filter((section) => section !== '').join('\n\n')}\n`;
}

function renderHeader(report: JournalReport): string {
  const { totals, period } = report;
  const lines = [`Lookout near-miss report: ${report.source}`];
  const span = period.first === null ? '' : `, ${shortTime(period.first)} to ${shortTime(period.last ?? period.first)}`;
  lines.push(`${report.lines.records} records in ${plural(totals.sessions, 'session')}${span}`);
  lines.push(
    `${plural(totals.intercepts, 'interception')}: ${plural(totals.holds, 'hold')}, ${plural(totals.denies, 'deny', 'denies')}, ` +
      `${plural(totals.asks, 'ask')}` +
      (totals.logOnly > 0 ? ` (${totals.logOnly} in log-only mode, let through)` : '') +
      `; ${plural(totals.checks, 'auto-investigation')} found nothing at stake; ${plural(totals.upstream, 'upstream event')}`,
  );
  return lines.join('\n');
}

function renderOutcomes(report: JournalReport): string {
  const rows = OUTCOME_GROUPS.filter((group) => report.byOutcome[group] > 0).map((group) => [
    OUTCOME_GROUP_LABELS[group],
    String(report.byOutcome[group]),
    percent(report.byOutcome[group], report.totals.intercepts),
  ]);
  const share = report.avertedShare === null ? 'no outcome resolved yet' : `${Math.round(report.avertedShare * 100)}% of resolved interceptions averted`;
  return [`Did the guard help? ${share}`, formatTable(['Outcome', 'Count', 'Share'], rows)].join('\n');
}

function renderModes(report: JournalReport): string {
  const rows = report.byMode.map((row) => [MODE_NAMES[row.mode], String(row.intercepts), ...outcomeColumns(row.outcomes)]);
  const leading = report.byMode.find((row) => row.mode === report.leadingMode);
  const verdict = leading === undefined ? '' : ` Mostly mode ${MODE_NAMES[leading.mode]}: ${leading.intercepts} of ${report.totals.intercepts}.`;
  return [
    `Which mode?${verdict} An interception suspected of two modes counts in both.`,
    formatTable(['Suspected mode', 'Intercepts', 'Averted', 'Proceeded', 'Persisted', 'Denied', 'Pending'], rows),
  ].join('\n');
}

/** Renders the first rows (tools, most intercepted first) or the last (sessions, most recent last). */
function renderRows(
  title: string,
  rows: Array<{ label: string; intercepts: number; outcomes: OutcomeCounts }>,
  keep: 'first' | 'last' = 'first',
): string {
  const kept = keep === 'first' ? rows.slice(0, TERMINAL_ROWS_MAX) : rows.slice(-TERMINAL_ROWS_MAX);
  const shown = kept.map((row) => [row.label, String(row.intercepts), ...outcomeColumns(row.outcomes)]);
  const table = formatTable([title, 'Intercepts', 'Averted', 'Proceeded', 'Persisted', 'Denied', 'Pending'], shown);
  if (rows.length <= TERMINAL_ROWS_MAX) return table;
  const hidden = `  (${rows.length - TERMINAL_ROWS_MAX} ${keep === 'first' ? 'more' : 'earlier'}; see --json or --html)`;
  return keep === 'first' ? `${table}\n${hidden}` : `${hidden}\n${table}`;
}

/** Folds the outcome groups into the table columns: an approved ask proceeded, a refused one was denied. */
function outcomeColumns(outcomes: OutcomeCounts): string[] {
  return [
    String(outcomes.averted),
    String(outcomes.proceeded_after_investigation + outcomes.proceeded_after_reminder + outcomes.approved),
    String(outcomes.persisted),
    String(outcomes.denied + outcomes.refused),
    String(outcomes.pending),
  ];
}

function renderPersisted(report: JournalReport): string {
  if (report.persisted.length === 0) return '';

  const lines = ['Mode 3 candidates: calls re-issued unchanged after a reminder and an investigation'];
  for (const intercept of report.persisted.slice(-TERMINAL_ROWS_MAX)) {
    const targets = intercept.targets.length === 0 ? '' : ` on ${intercept.targets.join(', ')}`;
    const facts = intercept.factIds.length === 0 ? '' : `, facts: ${intercept.factIds.join(', ')}`;
    lines.push(`  ${shortTime(intercept.time)}  ${intercept.session}  ${intercept.tool}${targets}${facts}`);
  }
  if (report.persisted.length > TERMINAL_ROWS_MAX) lines.push(`  (${report.persisted.length - TERMINAL_ROWS_MAX} earlier)`);
  return lines.join('\n');
}

function renderDecay(report: JournalReport): string {
  const { decay } = report;
  const total = decay.buckets.reduce((sum, bucket) => sum + bucket.count, 0) + decay.dropped;
  if (total === 0) return '';

  const largest = Math.max(decay.dropped, ...decay.buckets.map((bucket) => bucket.count));
  const bar = (count: number): string => '#'.repeat(Math.max(count > 0 ? 1 : 0, Math.round((count / largest) * HISTOGRAM_BAR_WIDTH)));
  const rows = decay.buckets.map((bucket) => [formatBucket(bucket), String(bucket.count), bar(bucket.count)]);
  if (decay.dropped > 0) rows.push(['compacted', String(decay.dropped), bar(decay.dropped)]);

  const median = decay.medianTokens === null ? '' : `, median ${formatTokens(decay.medianTokens)} tokens`;
  return [`Tokens since the fact was last seen, at each reminder${median}`, formatTable(['Tokens', 'Facts', ''], rows)].join('\n');
}

function renderFacts(report: JournalReport): string {
  if (report.facts.length === 0) return '';
  const rows = report.facts.map((fact) => [
    fact.id,
    String(fact.reminders),
    String(fact.sessions),
    fact.medianTokens === null ? '-' : formatTokens(fact.medianTokens),
    truncate(fact.text, 60),
  ]);
  return ['Facts reminded most', formatTable(['Fact', 'Reminders', 'Sessions', 'Median tokens', 'Text'], rows)].join('\n');
}

function renderTimeline(report: JournalReport): string {
  const sessions = report.timeline.filter((session) => session.entries.length > 0);
  if (sessions.length === 0) return '';

  const lines = ['Timeline'];
  // The most recent sessions are the ones a person usually asks about.
  if (sessions.length > TERMINAL_ROWS_MAX) lines.push(`  (${sessions.length - TERMINAL_ROWS_MAX} earlier sessions; see --json or --html)`);
  for (const session of sessions.slice(-TERMINAL_ROWS_MAX)) {
    lines.push(`  ${session.session}`);
    for (const entry of session.entries.slice(0, TERMINAL_ROWS_MAX)) lines.push(`    ${shortTime(entry.time)}  ${describeEntry(entry)}`);
    if (session.entries.length > TERMINAL_ROWS_MAX) lines.push(`    (${session.entries.length - TERMINAL_ROWS_MAX} more)`);
  }
  return lines.join('\n');
}

function describeEntry(entry: TimelineEntry): string {
  if (entry.intercept === undefined) {
    const subject = entry.tool === undefined ? '' : `${entry.tool}: `;
    return `${entry.event.padEnd(9)} ${subject}${truncate(entry.detail ?? '', 80)}`;
  }

  const intercept = entry.intercept;
  const modes = intercept.modes.length === 0 ? '' : ` mode ${intercept.modes.join('+')}`;
  const logOnly = intercept.logOnly ? ' (log-only, let through)' : '';
  const outcome = intercept.outcome ?? OUTCOME_GROUP_LABELS[intercept.group];
  return `${intercept.decision.padEnd(9)} ${intercept.tool}${modes}${logOnly} -> ${outcome.replaceAll('_', ' ')}`;
}

function renderBadLines(report: JournalReport): string {
  const bad = report.lines.bad;
  if (bad.length === 0) return '';
  const lines = bad.slice(0, TERMINAL_ROWS_MAX).map((entry) => `  line ${entry.line}: ${truncate(entry.error, 100)}`);
  if (bad.length > TERMINAL_ROWS_MAX) lines.push(`  (${bad.length - TERMINAL_ROWS_MAX} more)`);
  return [`${plural(bad.length, 'line')} skipped: not a valid journal record`, ...lines].join('\n');
}

/** Left-aligns text columns and right-aligns numeric ones. */
export function formatTable(header: string[], rows: string[][]): string {
  const widths = header.map((title, column) => Math.max(title.length, ...rows.map((row) => (row[column] ?? '').length)));
  const numeric = header.map((_, column) => rows.length > 0 && rows.every((row) => /^[\d.%k-]*$/.test(row[column] ?? '')));
  const formatRow = (cells: string[]): string =>
    cells
      .map((cell, column) => (numeric[column] ? cell.padStart(widths[column] ?? 0) : cell.padEnd(widths[column] ?? 0)))
      .join('  ')
      .trimEnd();
  return [formatRow(header), formatRow(widths.map((width) => '-'.repeat(width))), ...rows.map(formatRow)]
    .map((line) => `  ${line}`)
    .join('\n');
}

function plural(count: number, singular: string, pluralForm = `${singular}s`): string {
  return `${count} ${count === 1 ? singular : pluralForm}`;
}

function percent(part: number, whole: number): string {
  return whole === 0 ? '-' : `${Math.round((part / whole) * 100)}%`;
}

/** `2026-12-01T10:02:13.120Z` as `2026-12-01 10:02:13`, in UTC as recorded. */
function shortTime(time: string): string {
  const date = new Date(time);
  return Number.isNaN(date.getTime()) ? time : date.toISOString().slice(0, 19).replace('T', ' ');
}

function truncate(text: string, maxLength: number): string {
  const flat = text.replace(/\s+/g, ' ');
  return flat.length <= maxLength ? flat : `${flat.slice(0, maxLength - 1)}…`;
}

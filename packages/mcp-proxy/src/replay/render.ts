// Text rendering of a replay run. Each session gets a table of the calls that were not allowed, with
// their reasons, facts and missing investigations, and a one-line summary. A total line closes the run.
import { formatLocation } from '@lookout/core/node';

import type { CallReport, InputFailure, Mismatch, ReplayRunReport, SessionReport } from './types.js';

const HEADERS = ['ID', 'TOOL', 'DECISION', 'LEVEL', 'REASONS', 'TARGETS'];
const MAX_TARGETS_SHOWN = 3;

/** Renders the sessions and the total line; failures go to stderr through `renderFailure`. */
export function renderRun(run: ReplayRunReport): string {
  const blocks = run.sessions.map(renderSession);
  blocks.push(renderTotals(run));
  return `${blocks.join('\n\n')}\n`;
}

export function renderSession(report: SessionReport): string {
  const lines = [`${report.id}  (${report.file}, ${report.format})`];

  if (report.intercepted.length > 0) lines.push(...renderTable(report.intercepted));
  for (const problem of report.engineProblems) {
    lines.push(`  engine error${formatLocation(problem.at)}: ${problem.code}: ${problem.message}`);
  }
  lines.push(`  ${renderSummaryLine(report)}`);
  for (const mismatch of report.expect?.mismatches ?? []) lines.push(`  ${renderMismatch(mismatch)}`);

  return lines.join('\n');
}

export function renderSummaryLine(report: SessionReport): string {
  const { counts } = report;
  const parts = [`${counts.allowed} allowed`, `${counts.held} held`, `${counts.denied} denied`];
  if (counts.asked > 0) parts.push(`${counts.asked} asked`);
  if (counts.errors > 0) parts.push(`${counts.errors} not judged`);

  let line = `${plural(counts.calls, 'call')}: ${parts.join(', ')}.`;
  const skipped = describeSkipped(report);
  if (skipped !== '') line += ` Skipped ${skipped}.`;
  if (report.expect !== undefined) {
    line += report.expect.matched ? ' Expect: matched.' : ` Expect: ${plural(report.expect.mismatches.length, 'mismatch', 'mismatches')}.`;
  }
  return line;
}

export function renderMismatch(mismatch: Mismatch): string {
  const reasons = mismatch.reasons.length === 0 ? 'none' : mismatch.reasons.join(', ');
  return `mismatch ${mismatch.id}: expected ${mismatch.expected}, got ${mismatch.got} (guard's reasons: ${reasons}); ${mismatch.detail}.`;
}

export function renderFailure(failure: InputFailure): string {
  return `lookout replay: ${failure.message} [${failure.code}]`;
}

function renderTotals(run: ReplayRunReport): string {
  const { totals } = run;
  const parts = [
    plural(totals.sessions, 'session'),
    plural(totals.calls, 'call'),
    `${totals.intercepted} not allowed`,
  ];
  if (totals.mismatches > 0) parts.push(plural(totals.mismatches, 'expect mismatch', 'expect mismatches'));
  if (totals.failures > 0) parts.push(plural(totals.failures, 'file not read', 'files not read'));
  return `Replayed ${plural(totals.files, 'file')}: ${parts.join(', ')}.`;
}

function renderTable(calls: CallReport[]): string[] {
  const rows = calls.map((call) => [
    call.id,
    call.recordedTool === undefined ? call.tool : `${call.recordedTool} (${call.tool})`,
    call.verdict,
    call.level ?? '-',
    call.reasons.join(',') || '-',
    describeTargets(call.targets),
  ]);
  const widths = HEADERS.map((header, column) => Math.max(header.length, ...rows.map((row) => row[column]?.length ?? 0)));
  const format = (cells: string[]): string => `  ${cells.map((cell, column) => cell.padEnd(widths[column] ?? 0)).join('  ')}`.trimEnd();

  const lines = [format(HEADERS)];
  calls.forEach((call, index) => {
    lines.push(format(rows[index] ?? []));
    lines.push(...renderDetails(call).map((detail) => `      ${detail}`));
  });
  return lines;
}

function renderDetails(call: CallReport): string[] {
  const details: string[] = [];
  for (const fact of call.facts) {
    const distance = fact.tokensSinceSeen === null ? 'dropped by a compaction' : `last seen ${fact.tokensSinceSeen.toLocaleString('en-US')} tokens ago`;
    details.push(`fact ${fact.id} (${distance}): ${fact.text}`);
  }
  for (const missing of call.missing) {
    const suggestion = missing.suggestion === undefined ? '' : `; would be satisfied by ${missing.suggestion}`;
    details.push(`missing ${missing.effects.join(' or ')} on ${missing.target} (${missing.why}): ${missing.description}${suggestion}`);
  }
  if (call.ruleId !== undefined) details.push(`rule ${call.ruleId}${call.message === undefined ? '' : `: ${call.message}`}`);
  else if (call.message !== undefined) details.push(call.message);
  return details;
}

/** Names up to three targets, so a call on hundreds of messages keeps its row readable. */
function describeTargets(targets: string[]): string {
  if (targets.length === 0) return '-';
  const shown = targets.slice(0, MAX_TARGETS_SHOWN).join(' ');
  return targets.length > MAX_TARGETS_SHOWN ? `${shown} (+${targets.length - MAX_TARGETS_SHOWN} more)` : shown;
}

function describeSkipped(report: SessionReport): string {
  const { skipped } = report;
  const parts = Object.entries(skipped.unknownTypes).map(([type, count]) => `${count} "${type}"`);
  if (skipped.sidechain > 0) parts.push(`${skipped.sidechain} subagent`);
  if (skipped.offChain > 0) parts.push(`${skipped.offChain} off-chain`);
  if (parts.length === 0) return '';
  return `${parts.join(', ')} ${parts.length === 1 && parts[0]?.startsWith('1 ') ? 'entry' : 'entries'}`;
}

function plural(count: number, singular: string, pluralForm = `${singular}s`): string {
  return `${count.toLocaleString('en-US')} ${count === 1 ? singular : pluralForm}`;
}

// The HTML form of the report: one self-contained file with inline CSS, inline SVG charts and a small
// inline script for sorting tables. A Content-Security-Policy meta tag forbids every network load, so
// the page renders the same offline as online.
import type { InterceptSummary, JournalReport } from './aggregate.js';
import { escapeXml, renderHistogram, renderHorizontalBars, renderStackedBars, renderTimeline, type Bar, type TimelineLane } from './charts.js';
import { OUTCOME_GROUP_COLORS, OUTCOME_GROUP_LABELS, OUTCOME_GROUPS, type OutcomeCounts } from './outcomes.js';
import { formatBucket, formatTokens } from './stats.js';

/** Tools drawn in the chart at most; the table below it lists every one. */
const CHART_ROWS_MAX = 15;
/** Most recent sessions drawn as timeline lanes. */
const TIMELINE_LANES_MAX = 40;
/**
 * Most recent sessions listed in the session table and the timeline, and embedded in the page's JSON.
 * A journal of thousands of sessions would otherwise make a page of tens of megabytes; --json has them all.
 */
const HTML_SESSIONS_MAX = 200;
const MODE_LABELS = { 1: 'Mode 1: lost the plot', 2: "Mode 2: didn't look", 3: 'Mode 3: chose wrong' } as const;
const DECISION_SHAPES = { hold: 'circle', deny: 'square', ask: 'diamond' } as const;

export function renderHtmlReport(report: JournalReport): string {
  const body = [
    renderSummary(report),
    report.totals.intercepts === 0 ? '<p class="empty">No interceptions recorded: the guard let every call through.</p>' : renderInterceptCharts(report),
    renderPersistedSection(report),
    renderDecaySection(report),
    renderFactsSection(report),
    renderTimelineSection(report),
    renderBadLines(report),
  ].join('\n');

  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Lookout near-miss report</title>
<style>${STYLE}</style>
</head>
<body>
<main>
<h1>Lookout near-miss report</h1>
${body}
</main>
<script type="application/json" id="lookout-report-data">${embedJson({ ...report, timeline: report.timeline.slice(-HTML_SESSIONS_MAX) })}</script>
<script>${SORT_SCRIPT}</script>
</body>
</html>
`;
}

function renderSummary(report: JournalReport): string {
  const { totals } = report;
  const averted = report.avertedShare === null ? '–' : `${Math.round(report.avertedShare * 100)}%`;
  const period = report.period.first === null ? 'no records' : `${shortTime(report.period.first)} to ${shortTime(report.period.last ?? report.period.first)} UTC`;
  const leading = report.leadingMode === null ? '–' : `mode ${report.leadingMode}`;
  const cards: Array<[string, string]> = [
    ['interceptions', String(totals.intercepts)],
    ['most suspected', leading],
    ['averted (of resolved)', averted],
    ['persisted', String(report.byOutcome.persisted)],
    ['denied', String(report.byOutcome.denied)],
    ['sessions', String(totals.sessions)],
    ['auto-investigations, nothing at stake', String(totals.checks)],
  ];
  return `<p class="source">${escapeXml(report.source)} · ${escapeXml(period)} · ${report.lines.records} records${
    totals.logOnly > 0 ? ` · ${totals.logOnly} interceptions in log-only mode (let through)` : ''
  }</p>
<div class="cards">${cards.map(([label, value]) => `<div class="card"><b>${escapeXml(value)}</b><span>${escapeXml(label)}</span></div>`).join('')}</div>`;
}

function renderInterceptCharts(report: JournalReport): string {
  const outcomeBars: Bar[] = OUTCOME_GROUPS.filter((group) => report.byOutcome[group] > 0).map((group) => ({
    label: OUTCOME_GROUP_LABELS[group],
    value: report.byOutcome[group],
    color: OUTCOME_GROUP_COLORS[group],
  }));
  const modeRows = report.byMode.map((row) => ({ label: MODE_LABELS[row.mode], segments: outcomeSegments(row.outcomes) }));
  const toolRows = report.byTool.slice(0, CHART_ROWS_MAX).map((row) => ({ label: row.tool, segments: outcomeSegments(row.outcomes) }));

  return `<section>
<h2>Did the guard help?</h2>
<p>What the agent did after each interception. Averted means it changed its plan or dropped the call; persisted means it re-issued the same call after both a reminder and an investigation.</p>
${renderHorizontalBars('outcomes', 'Interceptions by outcome', outcomeBars)}
</section>
<section>
<h2>Which mode are the failures?</h2>
<p>Mode 1: a relevant fact had decayed. Mode 2: an investigation was missing. Mode 3: a hard rule denied the call, or the agent persisted after both. An interception suspected of two modes counts in both rows.</p>
${renderStackedBars('modes', 'Interceptions by suspected mode and outcome', modeRows, outcomeLegend(report))}
</section>
<section>
<h2>By tool</h2>
${renderStackedBars('tools', 'Interceptions by tool and outcome', toolRows, outcomeLegend(report))}
${renderCountsTable('Tool', report.byTool.map((row) => ({ label: row.tool, intercepts: row.intercepts, outcomes: row.outcomes })))}
</section>
<section>
<h2>By session</h2>
${renderCountsTable('Session', report.bySession.slice(-HTML_SESSIONS_MAX).map((row) => ({ label: row.session, intercepts: row.intercepts, outcomes: row.outcomes })))}
${report.bySession.length > HTML_SESSIONS_MAX ? `<p>Showing the ${HTML_SESSIONS_MAX} most recent of ${report.bySession.length} sessions; lookout report --json lists them all.</p>` : ''}
</section>`;
}

function outcomeSegments(outcomes: OutcomeCounts): Bar[] {
  return OUTCOME_GROUPS.map((group) => ({ label: OUTCOME_GROUP_LABELS[group], value: outcomes[group], color: OUTCOME_GROUP_COLORS[group] }));
}

/** Lists only the outcome groups that occur, so a small journal gets a small legend. */
function outcomeLegend(report: JournalReport): Bar[] {
  return OUTCOME_GROUPS.filter((group) => report.byOutcome[group] > 0).map((group) => ({
    label: OUTCOME_GROUP_LABELS[group],
    value: report.byOutcome[group],
    color: OUTCOME_GROUP_COLORS[group],
  }));
}

function renderCountsTable(title: string, rows: Array<{ label: string; intercepts: number; outcomes: OutcomeCounts }>): string {
  const groups = OUTCOME_GROUPS.filter((group) => rows.some((row) => row.outcomes[group] > 0));
  const header = [title, 'interceptions', ...groups.map((group) => OUTCOME_GROUP_LABELS[group])];
  const body = rows.map((row) => [row.label, String(row.intercepts), ...groups.map((group) => String(row.outcomes[group]))]);
  return renderTable(header, body);
}

function renderPersistedSection(report: JournalReport): string {
  if (report.persisted.length === 0) return '';
  const rows = report.persisted.map((intercept) => [
    shortTime(intercept.time),
    intercept.session,
    intercept.tool,
    intercept.targets.join(', '),
    intercept.factIds.join(', '),
  ]);
  return `<section>
<h2>Mode 3 candidates</h2>
<p>Calls the agent re-issued unchanged after both a reminder and an investigation: it saw the facts and the target and went ahead.</p>
${renderTable(['time (UTC)', 'session', 'tool', 'targets', 'facts reminded'], rows)}
</section>`;
}

function renderDecaySection(report: JournalReport): string {
  const { decay } = report;
  const bins = decay.buckets.map((bucket) => ({ label: formatBucket(bucket), value: bucket.count }));
  if (decay.dropped > 0) bins.push({ label: 'compacted', value: decay.dropped });
  if (bins.every((bin) => bin.value === 0)) return '';

  const median = decay.medianTokens === null ? '' : ` The median distance was ${formatTokens(decay.medianTokens)} tokens.`;
  return `<section>
<h2>How far back had the facts slipped?</h2>
<p>Tokens since each reminded fact was last seen, at the moment the guard intercepted the call. "compacted" counts facts a summary had dropped.${escapeXml(median)}</p>
${renderHistogram('decay', 'Tokens since the fact was last seen', bins, '#4f7fbf')}
</section>`;
}

function renderFactsSection(report: JournalReport): string {
  if (report.facts.length === 0) return '';
  const rows = report.facts.map((fact) => [
    fact.id,
    String(fact.reminders),
    String(fact.sessions),
    fact.medianTokens === null ? '–' : formatTokens(fact.medianTokens),
    fact.text,
  ]);
  return `<section>
<h2>Facts reminded most</h2>
${renderHorizontalBars('facts', 'Reminders per fact', report.facts.map((fact) => ({ label: fact.id, value: fact.reminders, color: '#8a6fbf' })))}
${renderTable(['fact', 'reminders', 'sessions', 'median tokens since seen', 'text'], rows)}
</section>`;
}

function renderTimelineSection(report: JournalReport): string {
  const withEntries = report.timeline.filter((session) => session.entries.length > 0);
  if (withEntries.length === 0) return '';
  const sessions = withEntries.slice(-HTML_SESSIONS_MAX);

  const lanes: TimelineLane[] = sessions.slice(-TIMELINE_LANES_MAX).map((session) => ({
    label: session.session,
    points: session.entries.map((entry) => {
      const intercept = entry.intercept;
      if (intercept === undefined) {
        const color = entry.event === 'check' ? '#2e8b57' : '#555';
        return { timeMs: Date.parse(entry.time), color, shape: 'square' as const, label: `${entry.event} ${entry.tool ?? ''} ${entry.detail ?? ''}`.trim() };
      }
      return { timeMs: Date.parse(entry.time), color: OUTCOME_GROUP_COLORS[intercept.group], shape: DECISION_SHAPES[intercept.decision], label: describeIntercept(intercept) };
    }),
  }));
  const more =
    withEntries.length > TIMELINE_LANES_MAX
      ? `<p>The ${TIMELINE_LANES_MAX} most recent of ${withEntries.length} sessions are drawn; the ${sessions.length} most recent are listed below.</p>`
      : '';

  const details = sessions.map((session) => {
    const rows = session.entries.map((entry) => [
      shortTime(entry.time),
      entry.intercept?.decision ?? entry.event,
      entry.tool ?? '',
      entry.intercept === undefined ? (entry.detail ?? '') : describeOutcome(entry.intercept),
    ]);
    return `<details><summary>${escapeXml(session.session)} (${session.entries.length === 1 ? '1 event' : `${session.entries.length} events`})</summary>${renderTable(['time (UTC)', 'event', 'tool', 'what happened'], rows)}</details>`;
  });

  return `<section>
<h2>Timeline per session</h2>
<p>Circles are holds, squares denies (grey: upstream events, green squares: auto-investigations that found nothing at stake), diamonds asks; the colour is the outcome.</p>
${renderTimeline('timeline', 'Interceptions over each session', lanes)}
${more}
${details.join('\n')}
</section>`;
}

function describeIntercept(intercept: InterceptSummary): string {
  const modes = intercept.modes.length === 0 ? '' : ` (mode ${intercept.modes.join('+')})`;
  return `${intercept.decision} ${intercept.tool}${modes}: ${OUTCOME_GROUP_LABELS[intercept.group]}`;
}

function describeOutcome(intercept: InterceptSummary): string {
  const modes = intercept.modes.length === 0 ? 'no mode' : `mode ${intercept.modes.join('+')}`;
  const outcome = intercept.outcome === null ? OUTCOME_GROUP_LABELS[intercept.group] : intercept.outcome.replaceAll('_', ' ');
  const targets = intercept.targets.length === 0 ? '' : ` on ${intercept.targets.join(', ')}`;
  return `${modes}, ${intercept.reasons.join(' + ')}${targets}: ${outcome}`;
}

function renderBadLines(report: JournalReport): string {
  if (report.lines.bad.length === 0) return '';
  return `<section>
<h2>Skipped lines</h2>
<p>${report.lines.bad.length} of ${report.lines.total} lines were not valid journal records.</p>
${renderTable(['line', 'error'], report.lines.bad.map((entry) => [String(entry.line), entry.error]))}
</section>`;
}

function renderTable(header: string[], rows: string[][]): string {
  const head = header.map((title) => `<th>${escapeXml(title)}</th>`).join('');
  const body = rows.map((row) => `<tr>${row.map((cell) => `<td>${escapeXml(cell)}</td>`).join('')}</tr>`).join('\n');
  return `<table class="sortable"><thead><tr>${head}</tr></thead><tbody>\n${body}\n</tbody></table>`;
}

/** JSON inside a script element: `<` is escaped so journal text cannot close the element. */
function embedJson(value: unknown): string {
  return JSON.stringify(value).replace(/</g, '\\u003c').replace(/\u2028/g, '\\u2028').replace(/\u2029/g, '\\u2029');
}

function shortTime(time: string): string {
  const date = new Date(time);
  return Number.isNaN(date.getTime()) ? time : date.toISOString().slice(0, 19).replace('T', ' ');
}

const STYLE = `
body { margin: 0; font: 14px/1.45 system-ui, sans-serif; color: #222; background: #fafafa; }
main { max-width: 980px; margin: 0 auto; padding: 24px; }
h1 { font-size: 24px; margin: 0 0 4px; }
h2 { font-size: 18px; margin: 28px 0 6px; }
.source { color: #555; margin: 0 0 16px; }
.cards { display: flex; flex-wrap: wrap; gap: 10px; }
.card { background: #fff; border: 1px solid #ddd; border-radius: 6px; padding: 10px 14px; min-width: 120px; }
.card b { display: block; font-size: 22px; }
.card span { color: #555; font-size: 12px; }
section { background: #fff; border: 1px solid #e4e4e4; border-radius: 6px; padding: 4px 16px 16px; margin-top: 16px; }
svg { max-width: 100%; height: auto; display: block; margin: 8px 0; }
svg text { fill: #333; }
table { border-collapse: collapse; margin: 10px 0; width: 100%; font-size: 13px; }
th, td { text-align: left; padding: 4px 8px; border-bottom: 1px solid #eee; vertical-align: top; }
th { cursor: pointer; background: #f3f3f3; user-select: none; }
details { margin: 6px 0; }
summary { cursor: pointer; }
.empty { color: #555; }
`;

/** Clicking a header sorts its table by that column, numerically when every cell is a number. */
const SORT_SCRIPT = `
for (const table of document.querySelectorAll('table.sortable')) {
  table.querySelectorAll('th').forEach((header, column) => {
    header.addEventListener('click', () => {
      const body = table.tBodies[0];
      const rows = Array.from(body.rows);
      const numeric = rows.every((row) => row.cells[column] && !Number.isNaN(Number(row.cells[column].textContent)));
      const descending = header.dataset.order !== 'desc';
      header.dataset.order = descending ? 'desc' : 'asc';
      rows.sort((left, right) => {
        const a = left.cells[column] ? left.cells[column].textContent : '';
        const b = right.cells[column] ? right.cells[column].textContent : '';
        const order = numeric ? Number(a) - Number(b) : a.localeCompare(b);
        return descending ? -order : order;
      });
      rows.forEach((row) => body.appendChild(row));
    });
  });
}
`;

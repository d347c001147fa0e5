// Turns journal records into the report's aggregates. Pure: the same records give the same report, and
// `--json` prints this object as it is.
import { OUTCOMES, type Outcome, type SuspectedMode } from '@lookout/core';

import type { BadLine, InterceptRecord, JournalContents, JournalRecord } from './journal.js';
import { emptyOutcomeCounts, groupOutcome, type OutcomeCounts, type OutcomeGroup } from './outcomes.js';
import { buildDecayHistogram, median, type DecayHistogram } from './stats.js';

export const REPORT_FORMAT = 'lookout-report/1';
const UPSTREAM_STATUSES = ['exited', 'restarted', 'timed_out', 'crashed'] as const;

/** Facts listed under `facts` at most, most reminded first. */
export const TOP_FACTS_MAX = 10;

export interface InterceptSummary {
  session: string;
  id: string;
  time: string;
  tool: string;
  server?: string;
  decision: InterceptRecord['decision'];
  modes: SuspectedMode[];
  reasons: InterceptRecord['reasons'];
  logOnly: boolean;
  /** The last outcome recorded for the intercept, or null when none was. */
  outcome: Outcome | null;
  outcomeTime: string | null;
  group: OutcomeGroup;
  factIds: string[];
  targets: string[];
}

export interface TimelineEntry {
  time: string;
  event: 'intercept' | 'check' | 'upstream';
  /** Intercept and check ids; absent for upstream events. */
  id?: string;
  tool?: string;
  /** Set for intercepts. */
  intercept?: InterceptSummary;
  /** One line a person reads: what the check found, or the upstream status and detail. */
  detail?: string;
}

export interface JournalReport {
  format: typeof REPORT_FORMAT;
  source: string;
  lines: { total: number; records: number; bad: BadLine[] };
  period: { first: string | null; last: string | null };
  totals: {
    sessions: number;
    intercepts: number;
    holds: number;
    denies: number;
    asks: number;
    /** Intercepts recorded in log-only mode, where the call went through. */
    logOnly: number;
    checks: number;
    upstream: number;
    /** Outcome records whose `ref` names no intercept of their session. */
    orphanOutcomes: number;
  };
  /** Every outcome value as recorded, plus `pending` for intercepts without one. */
  outcomes: Record<Outcome | 'pending', number>;
  byOutcome: OutcomeCounts;
  /** Share of intercepts with a resolved outcome that ended averted; null when none is resolved. */
  avertedShare: number | null;
  /** The suspected mode with the most interceptions; null when there are none, the lower mode on a tie. */
  leadingMode: SuspectedMode | null;
  /** Calls re-issued unchanged after a reminder and an investigation: the mode 3 candidates, oldest first. */
  persisted: InterceptSummary[];
  /** An intercept suspected of several modes counts in each of them. */
  byMode: Array<{ mode: SuspectedMode; intercepts: number; outcomes: OutcomeCounts }>;
  byTool: Array<{ tool: string; intercepts: number; outcomes: OutcomeCounts }>;
  bySession: Array<{
    session: string;
    first: string;
    last: string;
    intercepts: number;
    checks: number;
    upstream: number;
    outcomes: OutcomeCounts;
  }>;
  decay: DecayHistogram;
  facts: Array<{ id: string; text: string; reminders: number; sessions: number; medianTokens: number | null }>;
  upstream: Record<(typeof UPSTREAM_STATUSES)[number], number>;
  timeline: Array<{ session: string; entries: TimelineEntry[] }>;
}

/** Builds the report; `source` names the journal in the output. */
export function aggregateJournal(contents: JournalContents, source: string): JournalReport {
  const records = [...contents.records].sort((left, right) => Date.parse(left.time) - Date.parse(right.time));
  const { intercepts, orphanOutcomes } = resolveIntercepts(records);

  const byOutcome = emptyOutcomeCounts();
  const outcomes = Object.fromEntries([...OUTCOMES, 'pending'].map((name) => [name, 0])) as JournalReport['outcomes'];
  for (const intercept of intercepts) {
    byOutcome[intercept.group] += 1;
    outcomes[intercept.outcome ?? 'pending'] += 1;
  }

  const resolved = intercepts.length - byOutcome.pending;
  const upstream = Object.fromEntries(UPSTREAM_STATUSES.map((status) => [status, 0])) as JournalReport['upstream'];
  for (const record of records) if (record.event === 'upstream') upstream[record.status] += 1;

  return {
    format: REPORT_FORMAT,
    source,
    lines: { total: contents.lineCount, records: records.length, bad: contents.badLines },
    period: { first: records[0]?.time ?? null, last: records.at(-1)?.time ?? null },
    totals: {
      sessions: new Set(records.map((record) => record.session)).size,
      intercepts: intercepts.length,
      holds: intercepts.filter((intercept) => intercept.decision === 'hold').length,
      denies: intercepts.filter((intercept) => intercept.decision === 'deny').length,
      asks: intercepts.filter((intercept) => intercept.decision === 'ask').length,
      logOnly: intercepts.filter((intercept) => intercept.logOnly).length,
      checks: records.filter((record) => record.event === 'check').length,
      upstream: records.filter((record) => record.event === 'upstream').length,
      orphanOutcomes,
    },
    outcomes,
    byOutcome,
    avertedShare: resolved === 0 ? null : byOutcome.averted / resolved,
    leadingMode: findLeadingMode(intercepts),
    persisted: intercepts.filter((intercept) => intercept.group === 'persisted'),
    byMode: ([1, 2, 3] as const).map((mode) => {
      const matching = intercepts.filter((intercept) => intercept.modes.includes(mode));
      return { mode, intercepts: matching.length, outcomes: countGroups(matching) };
    }),
    byTool: groupBy(intercepts, (intercept) => intercept.tool)
      .map(([tool, group]) => ({ tool, intercepts: group.length, outcomes: countGroups(group) }))
      .sort((left, right) => right.intercepts - left.intercepts || left.tool.localeCompare(right.tool)),
    bySession: summariseSessions(records, intercepts),
    decay: buildDecayHistogram(collectFactDistances(records)),
    facts: rankFacts(records),
    upstream,
    timeline: buildTimeline(records, intercepts),
  };
}

/** Pairs each intercept with its last outcome; ids are unique within a session, not across sessions. */
function resolveIntercepts(records: JournalRecord[]): { intercepts: InterceptSummary[]; orphanOutcomes: number } {
  const byKey = new Map<string, InterceptSummary>();
  let orphanOutcomes = 0;

  for (const record of records) {
    if (record.event === 'intercept') {
      byKey.set(`${record.session}\u0000${record.id}`, summariseIntercept(record));
      continue;
    }
    if (record.event !== 'outcome') continue;

    const intercept = byKey.get(`${record.session}\u0000${record.ref}`);
    if (intercept === undefined) {
      orphanOutcomes += 1;
      continue;
    }
    intercept.outcome = record.outcome;
    intercept.outcomeTime = record.time;
    intercept.group = groupOutcome(record.outcome);
  }
  return { intercepts: [...byKey.values()], orphanOutcomes };
}

function summariseIntercept(record: InterceptRecord): InterceptSummary {
  return {
    session: record.session,
    id: record.id,
    time: record.time,
    tool: record.tool,
    ...(record.server === undefined ? {} : { server: record.server }),
    decision: record.decision,
    modes: [...record.modes].sort(),
    reasons: record.reasons,
    logOnly: record.logOnly === true,
    outcome: null,
    outcomeTime: null,
    // A deny ends the call by itself, so a deny without an outcome record is still counted as denied.
    group: record.decision === 'deny' ? 'denied' : 'pending',
    factIds: record.facts.map((fact) => fact.id),
    targets: record.targets.map((target) => `${target.kind}:${target.id}`),
  };
}

function findLeadingMode(intercepts: InterceptSummary[]): SuspectedMode | null {
  let leading: SuspectedMode | null = null;
  let leadingCount = 0;
  for (const mode of [1, 2, 3] as const) {
    const count = intercepts.filter((intercept) => intercept.modes.includes(mode)).length;
    if (count > leadingCount) {
      leading = mode;
      leadingCount = count;
    }
  }
  return leading;
}

function countGroups(intercepts: InterceptSummary[]): OutcomeCounts {
  const counts = emptyOutcomeCounts();
  for (const intercept of intercepts) counts[intercept.group] += 1;
  return counts;
}

function groupBy<T>(items: T[], keyOf: (item: T) => string): Array<[string, T[]]> {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const key = keyOf(item);
    const group = groups.get(key);
    if (group === undefined) groups.set(key, [item]);
    else group.push(item);
  }
  return [...groups.entries()];
}

function summariseSessions(records: JournalRecord[], intercepts: InterceptSummary[]): JournalReport['bySession'] {
  const interceptsBySession = new Map(groupBy(intercepts, (intercept) => intercept.session));
  return groupBy(records, (record) => record.session).map(([session, sessionRecords]) => ({
    session,
    first: sessionRecords[0]?.time ?? '',
    last: sessionRecords.at(-1)?.time ?? '',
    intercepts: sessionRecords.filter((record) => record.event === 'intercept').length,
    checks: sessionRecords.filter((record) => record.event === 'check').length,
    upstream: sessionRecords.filter((record) => record.event === 'upstream').length,
    outcomes: countGroups(interceptsBySession.get(session) ?? []),
  }));
}

/** Token distances of every fact an intercept reminded; null means a compaction had dropped the fact. */
function collectFactDistances(records: JournalRecord[]): Array<number | null> {
  return records.flatMap((record) => (record.event === 'intercept' ? record.facts.map((fact) => fact.tokensSinceSeen) : []));
}

function rankFacts(records: JournalRecord[]): JournalReport['facts'] {
  const byId = new Map<string, { text: string; distances: Array<number | null>; sessions: Set<string> }>();
  for (const record of records) {
    if (record.event !== 'intercept') continue;
    for (const fact of record.facts) {
      const entry = byId.get(fact.id) ?? { text: fact.text, distances: [], sessions: new Set<string>() };
      entry.distances.push(fact.tokensSinceSeen);
      entry.sessions.add(record.session);
      byId.set(fact.id, entry);
    }
  }

  return [...byId.entries()]
    .map(([id, entry]) => ({
      id,
      text: entry.text,
      reminders: entry.distances.length,
      sessions: entry.sessions.size,
      medianTokens: median(entry.distances.filter((distance): distance is number => distance !== null)),
    }))
    .sort((left, right) => right.reminders - left.reminders || left.id.localeCompare(right.id))
    .slice(0, TOP_FACTS_MAX);
}

function buildTimeline(records: JournalRecord[], intercepts: InterceptSummary[]): JournalReport['timeline'] {
  const interceptByKey = new Map(intercepts.map((intercept) => [`${intercept.session}\u0000${intercept.id}`, intercept]));

  return groupBy(records, (record) => record.session).map(([session, sessionRecords]) => ({
    session,
    entries: sessionRecords.flatMap((record): TimelineEntry[] => {
      switch (record.event) {
        case 'intercept': {
          const intercept = interceptByKey.get(`${session}\u0000${record.id}`);
          // A later intercept with a reused id replaced this one in the map; show it once, at its own time.
          if (intercept === undefined || intercept.time !== record.time) return [];
          return [{ time: record.time, event: 'intercept', id: record.id, tool: record.tool, intercept }];
        }
        case 'check':
          return [{ time: record.time, event: 'check', id: record.id, tool: record.tool, detail: record.found }];
        case 'upstream':
          return [{ time: record.time, event: 'upstream', detail: upstreamDetail(record.status, record.server, record.detail) }];
        default:
          return [];
      }
    }),
  }));
}

function upstreamDetail(status: string, server: string, detail: string | undefined): string {
  const base = `${server} ${status.replace('_', ' ')}`;
  return detail === undefined ? base : `${base}: ${detail}`;
}

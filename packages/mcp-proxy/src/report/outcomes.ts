// How the report groups the journal's outcomes to answer "did the guard help?".
import type { Outcome } from '@lookout/core';

/** Outcome groups in the order every table and chart lists them. */
export const OUTCOME_GROUPS = [
  'averted',
  'proceeded_after_investigation',
  'proceeded_after_reminder',
  'persisted',
  'denied',
  'approved',
  'refused',
  'pending',
] as const;
export type OutcomeGroup = (typeof OUTCOME_GROUPS)[number];

export type OutcomeCounts = Record<OutcomeGroup, number>;

/** A near miss was averted when the agent changed its plan or dropped the call after the hold. */
const GROUP_OF_OUTCOME: Record<Outcome, OutcomeGroup> = {
  investigated_then_changed: 'averted',
  reminded_then_changed: 'averted',
  abandoned: 'averted',
  proceeded_after_investigation: 'proceeded_after_investigation',
  proceeded_after_reminder: 'proceeded_after_reminder',
  persisted: 'persisted',
  denied: 'denied',
  approved: 'approved',
  refused: 'refused',
};

export const OUTCOME_GROUP_LABELS: Record<OutcomeGroup, string> = {
  averted: 'averted',
  proceeded_after_investigation: 'proceeded after investigating',
  proceeded_after_reminder: 'proceeded after a reminder',
  persisted: 'persisted (mode 3 candidate)',
  denied: 'denied',
  approved: 'approved',
  refused: 'refused',
  pending: 'no outcome yet',
};

/** Colours shared by the HTML charts; averted is green, persisted red, the rest neutral to warm. */
export const OUTCOME_GROUP_COLORS: Record<OutcomeGroup, string> = {
  averted: '#2e8b57',
  proceeded_after_investigation: '#4f7fbf',
  proceeded_after_reminder: '#8a6fbf',
  persisted: '#c0392b',
  denied: '#7f4f24',
  approved: '#b8860b',
  refused: '#5f9ea0',
  pending: '#9e9e9e',
};

export function groupOutcome(outcome: Outcome): OutcomeGroup {
  return GROUP_OF_OUTCOME[outcome];
}

export function emptyOutcomeCounts(): OutcomeCounts {
  return Object.fromEntries(OUTCOME_GROUPS.map((group) => [group, 0])) as OutcomeCounts;
}

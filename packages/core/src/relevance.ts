// Which facts a risky call should be reminded of: facts that have decayed (not seen for more tokens than
// their threshold, or dropped by a compaction) and that bear on the call, ranked and cut to a budget.
import { RISK_LEVELS } from './types.js';
import type { ReminderFact, RiskLevel, Target } from './types.js';
import type { StoredFact } from './facts/store.js';
import { targetsOverlap } from './targets.js';
import type { MatchOptions } from './targets.js';

/** What relevance looks at in a call. */
export interface CallProfile {
  tool: string;
  level: RiskLevel;
  targets: Target[];
  /** Stems of the tool name, the effect ids and the argument values. */
  stems: Set<string>;
}

export interface ReminderBudget {
  maxFacts: number;
  maxTokens: number;
}

export function tokensSinceSeen(fact: StoredFact, position: number): number {
  return Math.max(0, position - fact.lastSeenAt);
}

export function isDecayed(fact: StoredFact, position: number): boolean {
  return fact.dropped || tokensSinceSeen(fact, position) > fact.decayTokens;
}

/** A global safety fact names no tools and no targets: it applies to every destructive call. */
export function isGlobalSafety(fact: StoredFact): boolean {
  return fact.kind === 'safety' && (fact.scope?.targets?.length ?? 0) === 0 && (fact.scope?.tools?.length ?? 0) === 0;
}

/**
 * Scores how strongly a fact bears on a call: 0 when it does not. Its scope naming the call's tool or an
 * overlapping target counts most, then shared terms (two at least, so one common word is not enough),
 * then being a global safety fact when the call is destructive or critical.
 */
export function relevanceScore(fact: StoredFact, call: CallProfile, options: MatchOptions = {}): number {
  let score = 0;
  if (fact.scope?.tools?.includes(call.tool) === true) score += 100;

  const scopedTargets = fact.scope?.targets ?? [];
  if (scopedTargets.some((scoped) => call.targets.some((target) => targetsOverlap(scoped, target, options)))) score += 100;

  const shared = fact.stems.reduce((count, stem) => (call.stems.has(stem) ? count + 1 : count), 0);
  if (shared >= Math.min(2, fact.stems.length) && shared > 0) score += 10 * shared;

  const destructive = RISK_LEVELS.indexOf(call.level) >= RISK_LEVELS.indexOf('destructive');
  if (destructive && isGlobalSafety(fact)) score += 5;
  return score;
}

/**
 * The decayed facts relevant to a call, best first, within the budget: at most `maxFacts`, and their
 * texts together within `maxTokens`.
 * NOTE: the best fact is kept even when its text alone exceeds `maxTokens`, since a reminder with no
 * fact would hold the call without saying why.
 */
export function selectReminders(
  facts: Iterable<StoredFact>,
  call: CallProfile,
  position: number,
  budget: ReminderBudget,
  options: MatchOptions = {},
): ReminderFact[] {
  const candidates: Array<{ fact: StoredFact; score: number }> = [];
  for (const fact of facts) {
    if (!isDecayed(fact, position)) continue;
    const score = relevanceScore(fact, call, options);
    if (score > 0) candidates.push({ fact, score });
  }

  candidates.sort((a, b) => b.score - a.score || rankSource(a.fact) - rankSource(b.fact) || a.fact.lastSeenAt - b.fact.lastSeenAt);
  return cutToBudget(
    candidates.map((candidate) => candidate.fact),
    position,
    budget,
  );
}

/** Cuts ranked facts to the budget and shapes them as reminders. */
export function cutToBudget(ranked: StoredFact[], position: number, budget: ReminderBudget): ReminderFact[] {
  const result: ReminderFact[] = [];
  let tokens = 0;
  for (const fact of ranked) {
    if (result.length >= budget.maxFacts) break;
    if (result.length > 0 && tokens + fact.tokens > budget.maxTokens) continue;
    tokens += fact.tokens;
    result.push(toReminder(fact, position));
  }
  return result;
}

export function toReminder(fact: StoredFact, position: number): ReminderFact {
  return {
    id: fact.id,
    kind: fact.kind,
    text: fact.text,
    source: fact.source,
    tokensSinceSeen: fact.dropped ? null : tokensSinceSeen(fact, position),
    dropped: fact.dropped,
  };
}

/** Declared facts outrank what the user said, which outranks what extraction found in tool output. */
function rankSource(fact: StoredFact): number {
  switch (fact.source) {
    case 'policy':
      return 0;
    case 'user':
    case 'agent_note':
      return 1;
    case 'system':
      return 2;
    default:
      return 3;
  }
}

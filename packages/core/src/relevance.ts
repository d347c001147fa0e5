// Reminder selection for a risky call: facts that have decayed (not seen for more tokens than
// their threshold, or dropped by a compaction) and that bear on the call, ranked and cut to a budget.
import { RISK_LEVELS } from './types.js';
import type { ReminderFact, RiskLevel, Target } from './types.js';
import type { StoredFact } from './facts/store.js';
import { MIN_PREFIX_LENGTH, shorterPrefixes } from './facts/store.js';
import { targetsOverlap } from './targets.js';
import type { MatchOptions } from './targets.js';

/** The parts of a call that relevance matches facts against. */
export interface CallProfile {
  tool: string;
  level: RiskLevel;
  targets: Target[];
  /** Stems of the tool name, the effect ids and the argument values. */
  stems: Set<string>;
  /** Prefixes (4 characters and longer) of those stems, so `migrat` meets `migration`. */
  prefixes: Set<string>;
}

/** Words that make a statement about everything in reach rather than about one named thing. */
const UNIVERSAL = /\b(?:anything|everything|nothing|all|any|every|whatever|none)\b/i;


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

/** A global safety fact names no tools and no targets. */
export function isGlobalSafety(fact: StoredFact): boolean {
  return fact.kind === 'safety' && (fact.scope?.targets?.length ?? 0) === 0 && (fact.scope?.tools?.length ?? 0) === 0;
}

/**
 * True when a global fact bears on every destructive call: it was declared in the policy, or it speaks of
 * everything ("don't delete anything"). A global fact about one named thing ("don't touch the migrations
 * folder") bears only on calls that share a term with it.
 */
export function isBroad(fact: StoredFact): boolean {
  return fact.source === 'policy' || UNIVERSAL.test(fact.text);
}

/** Counts the fact's stems that the call carries, equal or one a prefix of the other (4 characters at least). */
export function sharedStems(fact: StoredFact, call: CallProfile): number {
  let shared = 0;
  fact.callStems.forEach((stem, index) => {
    if (call.stems.has(stem) || (stem.length >= MIN_PREFIX_LENGTH && call.prefixes.has(stem))) shared += 1;
    else if (fact.callStemPrefixes[index]?.some((prefix) => call.stems.has(prefix)) === true) shared += 1;
  });
  return shared;
}

/** The prefixes of a set of stems that `sharedStems` matches against. */
export function stemPrefixes(stems: Iterable<string>): Set<string> {
  const prefixes = new Set<string>();
  for (const stem of stems) for (const prefix of shorterPrefixes(stem)) prefixes.add(prefix);
  return prefixes;
}

/**
 * Scores how strongly a fact bears on a call: 0 when it does not. Its scope naming the call's tool or an
 * overlapping target counts most, then shared terms (two at least, so one common word is not enough).
 * A global safety fact bears on a destructive or critical call when it is broad or shares a term with it.
 */
export function relevanceScore(fact: StoredFact, call: CallProfile, options: MatchOptions = {}): number {
  let score = 0;
  if (fact.scope?.tools?.includes(call.tool) === true) score += 100;

  const scopedTargets = fact.scope?.targets ?? [];
  if (scopedTargets.some((scoped) => call.targets.some((target) => targetsOverlap(scoped, target, options)))) score += 100;

  // A fact scoped to targets is tied to calls by its scope; its words alone need two matches, so a lone
  // verb ("delete") does not tie it to every delete elsewhere.
  const shared = sharedStems(fact, call);
  const needed = scopedTargets.length > 0 ? 2 : Math.min(2, fact.callStems.length);
  if (shared >= needed && shared > 0) score += 10 * shared;

  const destructive = RISK_LEVELS.indexOf(call.level) >= RISK_LEVELS.indexOf('destructive');
  if (destructive && isGlobalSafety(fact) && (isBroad(fact) || shared > 0)) score += 5;
  return score;
}

/** A fact with its relevance score for one call. */
export interface ScoredFact {
  fact: StoredFact;
  score: number;
}

/** Scores every fact once for a call, keeping those that bear on it, best first. */
export function scoreFacts(facts: Iterable<StoredFact>, call: CallProfile, options: MatchOptions = {}): ScoredFact[] {
  const scored: ScoredFact[] = [];
  for (const fact of facts) {
    const score = relevanceScore(fact, call, options);
    if (score > 0) scored.push({ fact, score });
  }
  return scored.sort((a, b) => b.score - a.score || rankSource(a.fact) - rankSource(b.fact) || a.fact.lastSeenAt - b.fact.lastSeenAt);
}

/**
 * The decayed facts relevant to a call, best first, within the budget: at most `maxFacts`, and their
 * texts together within `maxTokens`.
 * NOTE: the best fact is kept even when its text alone exceeds `maxTokens`, since a reminder with no
 * fact would hold the call without saying why.
 */
export function selectReminders(scored: ScoredFact[], position: number, budget: ReminderBudget): ReminderFact[] {
  return cutToBudget(
    scored.filter((candidate) => isDecayed(candidate.fact, position)).map((candidate) => candidate.fact),
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

/** Ranks declared facts first, then the user's statements, then what extraction found in tool output. */
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

// The near-miss journal: an `intercept` record for every hold, deny and ask, and an `outcome` record once
// later events show what the agent did about it. The records are data; `@lookout/core/node` writes them.
import type {
  AskDecision,
  Decision,
  DenyDecision,
  HoldDecision,
  JournalEntry,
  Outcome,
  RiskLevel,
  SuspectedMode,
  Target,
} from './types.js';
import { targetCovers, targetsOverlap } from './targets.js';
import type { MatchOptions } from './targets.js';

interface PendingNearMiss {
  callId: string;
  digest: string;
  decision: 'hold' | 'ask';
  reasons: string[];
  targets: Target[];
  /** Set once a read-level call looked at one of the held call's targets after the hold. */
  investigated: boolean;
}

export interface InterceptDetails {
  server?: string;
  arguments?: Record<string, unknown>;
  logOnly?: boolean;
}

// A session can leave holds unanswered for good; beyond this many, the oldest resolve as `abandoned` so
// memory and the per-call work stay bounded.
const MAX_PENDING = 100;

export class NearMissJournal {
  readonly #pending = new Map<string, PendingNearMiss>();
  /** Pending call ids by digest, so a re-issue is found without a scan. */
  readonly #byDigest = new Map<string, string>();
  readonly #options: MatchOptions;

  constructor(options: MatchOptions = {}) {
    this.#options = options;
  }

  /**
   * Records a hold, deny or ask. A deny resolves at once (`denied`): the call never runs. A hold that repeats
   * a call already pending adds no second record.
   */
  intercept(decision: HoldDecision | DenyDecision | AskDecision, details: InterceptDetails = {}): JournalEntry[] {
    const trackedId = this.#byDigest.get(decision.digest);
    const tracked = trackedId !== undefined && this.#pending.get(trackedId)?.decision === decision.kind;
    if (tracked && details.logOnly !== true) return [];

    const entry = interceptEntry(decision, details);
    // NOTE: a log-only record gets no outcome: the agent never saw a hold, so there is nothing it changed.
    if (details.logOnly === true) return [entry];
    if (decision.kind === 'deny') return [entry, { event: 'outcome', ref: decision.callId, outcome: 'denied' }];

    this.#pending.set(decision.callId, {
      callId: decision.callId,
      digest: decision.digest,
      decision: decision.kind,
      reasons: [...decision.reasons],
      targets: entry.event === 'intercept' ? entry.targets : [],
      investigated: false,
    });
    this.#byDigest.set(decision.digest, decision.callId);

    const entries = [entry];
    if (this.#pending.size > MAX_PENDING) {
      const oldest = this.#pending.values().next().value;
      if (oldest !== undefined) entries.push(this.#resolve(oldest, 'abandoned'));
    }
    return entries;
  }

  /** Notes what a read-level call looked at, for `investigated_then_changed`. */
  observe(target: Target): void {
    if (this.#pending.size === 0) return;
    for (const pending of this.#pending.values()) {
      if (pending.investigated) continue;
      if (pending.targets.some((held) => targetCovers(target, held, this.#options) || targetCovers(held, target, this.#options))) {
        pending.investigated = true;
      }
    }
  }

  /** Resolves near misses that a later allowed call settles: the same call re-issued, or a changed plan. */
  decided(decision: Decision, level: RiskLevel, targets: Target[]): JournalEntry[] {
    if (decision.kind !== 'allow') return [];
    const entries: JournalEntry[] = [];

    const reissued = this.#pending.get(this.#byDigest.get(decision.digest) ?? '');
    if (reissued !== undefined && reissued.callId !== decision.callId) entries.push(this.#resolve(reissued, proceededOutcome(reissued)));
    if (level === 'read') return entries;

    for (const pending of [...this.#pending.values()]) {
      if (pending.callId === decision.callId) continue;
      const changesHeldTarget = targets.some((target) => pending.targets.some((held) => targetsOverlap(held, target, this.#options)));
      if (pending.decision === 'hold' && changesHeldTarget) entries.push(this.#resolve(pending, changedOutcome(pending)));
    }
    return entries;
  }

  /** Resolves an ask with a person's answer. */
  answered(callId: string, approved: boolean): JournalEntry[] {
    const pending = this.#pending.get(callId);
    if (pending === undefined) return [];
    return [this.#resolve(pending, approved ? 'approved' : 'refused')];
  }

  /** Resolves everything still pending when the session ends. */
  end(): JournalEntry[] {
    return [...this.#pending.values()].map((pending) =>
      this.#resolve(pending, pending.decision === 'hold' && pending.investigated ? 'investigated_then_changed' : 'abandoned'),
    );
  }

  #resolve(pending: PendingNearMiss, outcome: Outcome): JournalEntry {
    this.#pending.delete(pending.callId);
    if (this.#byDigest.get(pending.digest) === pending.callId) this.#byDigest.delete(pending.digest);
    const entry: JournalEntry = { event: 'outcome', ref: pending.callId, outcome };
    return outcome === 'persisted' ? { ...entry, modes: [3] } : entry;
  }
}

function proceededOutcome(pending: PendingNearMiss): Outcome {
  if (pending.decision === 'ask') return 'approved';
  const reminded = pending.reasons.includes('reminder');
  const investigation = pending.reasons.includes('investigation');
  if (reminded && investigation) return 'persisted';
  return investigation ? 'proceeded_after_investigation' : 'proceeded_after_reminder';
}

function changedOutcome(pending: PendingNearMiss): Outcome {
  return pending.investigated ? 'investigated_then_changed' : 'reminded_then_changed';
}

function interceptEntry(decision: HoldDecision | DenyDecision | AskDecision, details: InterceptDetails): JournalEntry {
  const targets = uniqueTargets(decision.classification.findings.flatMap((finding) => finding.targets));
  const modes: SuspectedMode[] = decision.modes;
  return {
    event: 'intercept',
    id: decision.callId,
    tool: decision.tool,
    ...(details.server === undefined ? {} : { server: details.server }),
    decision: decision.kind,
    reasons: [...decision.reasons],
    modes,
    facts: decision.facts.map((fact) => ({ id: fact.id, text: fact.text, tokensSinceSeen: fact.tokensSinceSeen })),
    targets,
    missing:
      decision.kind === 'hold'
        ? decision.missing.map((missing) => ({ target: missing.target, effects: missing.effects, why: missing.why }))
        : [],
    effects: [...new Set(decision.classification.findings.map((finding) => finding.effect))],
    level: decision.classification.level,
    digest: decision.digest,
    ...(details.arguments === undefined ? {} : { arguments: details.arguments }),
    ...(details.logOnly === true ? { logOnly: true } : {}),
    ...('ruleId' in decision && decision.ruleId !== undefined ? { ruleId: decision.ruleId } : {}),
    ...('sameIntentAs' in decision && decision.sameIntentAs !== undefined ? { sameIntentAs: decision.sameIntentAs } : {}),
  };
}

function uniqueTargets(targets: Target[]): Target[] {
  const seen = new Set<string>();
  return targets.filter((target) => {
    const key = `${target.kind}:${target.id}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

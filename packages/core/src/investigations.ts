// Investigations: what read-level calls looked at, and whether a risky call's target has been looked at
// freshly enough. An observation satisfies a need when the need accepts its effect and it covers the need's
// target. It must also be fresh by tokens and by calls. A later successful write to the target, or a failed
// step the target depends on, makes it out of date. Targets the session created are its own.
import type { MissingInvestigation, Observation, Target } from './types.js';
import type { Requirement } from './policy-schema.js';
import { parentTarget, targetCovers, targetKey, targetsOverlap, worktreeCovers } from './targets.js';
import type { MatchOptions } from './targets.js';

/** A point on the session's axes: event index, token position and call count. */
export interface Moment {
  /** Index of the event in the session; orders events that share a token position. */
  sequence: number;
  position: number;
  callIndex: number;
  callId: string;
  tool: string;
}

export interface RecordedObservation extends Observation {
  at: Moment;
  /** The summariser's one-line account of the result. */
  summary?: string;
  /** False when the result showed nothing to lose. */
  atStake?: boolean;
}

interface Change {
  target: Target;
  at: Moment;
  /** True when the change made the target exist (mkdir): paths inside it were not changed by it. */
  creation?: boolean;
}

/** One investigation a risky call needs on one target. */
export interface Need {
  /** The target the investigation must cover (the call's target, its parent, database or repository). */
  target: Target;
  /** The call's own target, which later writes and failures are checked against. */
  callTarget: Target;
  /** Accepted investigative effects; empty means any observation. */
  effects: string[];
  sameCondition: boolean;
  condition?: string;
  /**
   * True for a target the call relies on (the folder a move goes into): only a change to the target itself
   * or above it makes the look out of date, not a write of an entry inside it.
   */
  dependency: boolean;
}

export type NeedResult =
  | { ok: true; observation: RecordedObservation }
  | { ok: false; why: MissingInvestigation['why']; description: string };

export interface Freshness {
  freshTokens: number;
  freshCalls: number;
}

/** Investigative effects that satisfy a need with no policy requirement, by target kind (for suggestions). */
export const DEFAULT_EFFECTS: Record<Target['kind'], string[]> = {
  path: ['fs.list', 'fs.stat', 'fs.read'],
  sql: ['sql.identity', 'sql.count', 'sql.select'],
  git: ['git.status', 'git.log'],
  url: ['resource.read'],
  cloud: ['infra.plan', 'resource.list', 'resource.read'],
  resource: ['resource.list', 'resource.read'],
};

/**
 * Looks at a repository that show every path in its working tree: `git status` lists each changed and
 * untracked file, so it covers paths inside the repository (a diff covers only its own pathspec).
 */
const WORKTREE_WIDE_EFFECTS: ReadonlySet<string> = new Set(['git.status']);

// Older look-ups only explain why a need is stale; keeping the latest few thousand bounds memory.
const MAX_REMEMBERED_TARGETS = 2000;
const MAX_OWNED_TARGETS = 2000;

export class InvestigationStore {
  /** Observations still fresh enough to count, oldest first. */
  #recent: RecordedObservation[] = [];
  /** The latest observation of each target by effect, fresh or not, to tell "stale" from "never". */
  readonly #latestByTarget = new Map<string, Map<string, RecordedObservation>>();
  #writes: Change[] = [];
  #failures: Change[] = [];
  /**
   * Targets the session created, whether something from outside was moved or copied in since, and what the
   * session's own calls have put inside them (so a path inside that nothing was put at is known to be free).
   */
  readonly #owned = new Map<string, { target: Target; imported: boolean; entries: Target[] }>();
  /** Targets a call made sure exist, which a move into them can rely on. */
  // NOTE: a later delete of such a folder is not tracked, so a move into it after that is not held for it.
  readonly #ensured = new Set<string>();
  readonly #freshness: Freshness;
  readonly #options: MatchOptions;

  constructor(freshness: Freshness, options: MatchOptions = {}) {
    this.#freshness = freshness;
    this.#options = options;
  }

  recordObservation(observation: RecordedObservation): void {
    this.#recent.push(observation);
    const key = targetKey(observation.target);
    const byEffect = this.#latestByTarget.get(key) ?? new Map<string, RecordedObservation>();
    byEffect.set(observation.effect, observation);
    // Re-inserting moves the target to the end, so the oldest-first eviction below drops the least recent.
    this.#latestByTarget.delete(key);
    this.#latestByTarget.set(key, byEffect);
    if (this.#latestByTarget.size > MAX_REMEMBERED_TARGETS) {
      const oldest = this.#latestByTarget.keys().next().value;
      if (oldest !== undefined) this.#latestByTarget.delete(oldest);
    }
  }

  recordWrite(target: Target, at: Moment, creation = false): void {
    this.#writes.push(creation ? { target, at, creation } : { target, at });
    for (const owned of this.#owned.values()) {
      if (isStrictlyInside(owned.target, target, this.#options)) owned.entries.push(target);
    }
  }

  recordFailure(target: Target, at: Moment): void {
    this.#failures.push({ target, at });
  }

  recordCreated(target: Target): void {
    this.#owned.set(targetKey(target), { target, imported: false, entries: [] });
    if (this.#owned.size > MAX_OWNED_TARGETS) {
      const oldest = this.#owned.keys().next().value;
      if (oldest !== undefined) this.#owned.delete(oldest);
    }
  }

  /**
   * Records a successful move or copy: an owned folder that now contains something that came from outside it
   * is no longer only the session's own.
   */
  recordTransfer(targets: Target[]): void {
    for (const owned of this.#owned.values()) {
      const inside = targets.filter((target) => targetCovers(owned.target, target, this.#options));
      if (inside.length > 0 && inside.length < targets.length) owned.imported = true;
    }
  }

  /** Records a folder or file a call made sure exists (`mkdir -p`, `create_directory`, `touch`). */
  recordEnsured(target: Target): void {
    this.#ensured.add(targetKey(target));
  }

  /** True when a call of the session made sure this exact target exists. */
  isEnsured(target: Target): boolean {
    return this.#ensured.has(targetKey(target));
  }

  /** True when the session created the target or a folder above it, whatever was brought in since. */
  isSessionCreated(target: Target): boolean {
    for (const owned of this.#owned.values()) {
      if (targetCovers(owned.target, target, this.#options)) return true;
    }
    return false;
  }

  /**
   * True when the target lies inside a folder the session created and none of the session's calls has put
   * anything at it: everything in such a folder came from the session, so nothing is there to lose.
   */
  isFreeInOwnFolder(target: Target): boolean {
    for (const owned of this.#owned.values()) {
      if (!isStrictlyInside(owned.target, target, this.#options)) continue;
      if (!owned.entries.some((entry) => targetsOverlap(entry, target, this.#options))) return true;
    }
    return false;
  }

  /** True when the session created the target (or a folder above it) and nothing was brought in since. */
  isSessionOwned(target: Target): boolean {
    for (const owned of this.#owned.values()) {
      if (!owned.imported && targetCovers(owned.target, target, this.#options)) return true;
    }
    return false;
  }

  /** Drops observations and changes too old to matter at `now`, so checks cost the recent window only. */
  prune(now: { position: number; callIndex: number }): void {
    const tooOld = (at: Moment): boolean =>
      now.position - at.position > this.#freshness.freshTokens || now.callIndex - at.callIndex > this.#freshness.freshCalls;
    this.#recent = this.#recent.filter((observation) => !tooOld(observation.at));
    // A change matters only while an observation before it could still be fresh.
    const oldestObservation = this.#recent[0]?.at.sequence ?? Number.POSITIVE_INFINITY;
    this.#writes = this.#writes.filter((change) => change.at.sequence > oldestObservation);
    // Failures stay for the freshness window even without observations: a hold names the failed step.
    this.#failures = this.#failures.filter((change) => !tooOld(change.at));
  }

  /** Checks one need at `now`. */
  check(need: Need, now: { position: number; callIndex: number }): NeedResult {
    this.prune(now);

    let best: NeedResult | undefined;
    for (let index = this.#recent.length - 1; index >= 0; index -= 1) {
      const observation = this.#recent[index] as RecordedObservation;
      if (!this.#accepts(need, observation)) continue;

      if (need.sameCondition && need.condition !== undefined && observation.condition !== need.condition) {
        best ??= {
          ok: false,
          why: 'condition',
          description: `${describe(observation)} used a different condition than this call`,
        };
        continue;
      }

      const failure = this.#failures.find((change) => change.at.sequence > observation.at.sequence && this.#invalidates(change, need));
      if (failure !== undefined) {
        best = {
          ok: false,
          why: 'failed_step',
          description: `${failure.at.tool} on ${failure.target.id} failed after ${describe(observation)}, so what that showed may no longer hold`,
        };
        continue;
      }

      const writes = this.#writes.filter(
        (change) => change.at.sequence > observation.at.sequence && this.#invalidates(change, need),
      );
      if (writes.length > 0) {
        if (best === undefined || best.ok || best.why === 'condition') {
          best = {
            ok: false,
            why: 'invalidated',
            description: `${describe(observation)} predates ${count(writes.length, 'later change')} to ${need.callTarget.id} (${writes
              .slice(0, 3)
              .map((change) => change.at.tool)
              .join(', ')})`,
          };
        }
        continue;
      }
      return { ok: true, observation };
    }

    if (best !== undefined) return best;
    const stale = this.#latestCovering(need);
    if (stale !== undefined) {
      return { ok: false, why: 'stale', description: `${describe(stale)} is no longer fresh` };
    }
    const failure = this.#failures.findLast((change) => this.#invalidates(change, need));
    if (failure !== undefined) {
      return {
        ok: false,
        why: 'failed_step',
        description: `${failure.at.tool} on ${failure.target.id} failed, and ${need.target.id} has not been looked at since`,
      };
    }
    return { ok: false, why: 'never', description: `${need.target.id} has not been looked at in this session` };
  }

  #accepts(need: Need, observation: RecordedObservation): boolean {
    if (need.effects.length > 0 && !need.effects.includes(observation.effect)) return false;
    if (targetCovers(observation.target, need.target, this.#options)) return true;
    // A folder a call relies on is shown to exist by a look at anything inside it (reading a file in it).
    if (need.dependency && isStrictlyInside(need.target, observation.target, this.#options)) return true;
    return WORKTREE_WIDE_EFFECTS.has(observation.effect) && worktreeCovers(observation.target, need.target, this.#options);
  }

  /** True when a later write or failure on `changed` makes a look at the need's target out of date. */
  #invalidates(change: Change, need: Need): boolean {
    const changed = change.target;
    if (change.creation === true && isStrictlyInside(changed, need.callTarget, this.#options)) return false;
    // A repository-level change (a commit) leaves the files a listing showed in place, so only changes of
    // the same kind as the target make a look at it out of date.
    if (changed.kind !== need.callTarget.kind) return false;
    if (need.dependency) return targetCovers(changed, need.target, this.#options);
    return targetsOverlap(changed, need.callTarget, this.#options);
  }

  /** The latest observation, fresh or not, of the need's target or a target above it. */
  #latestCovering(need: Need): RecordedObservation | undefined {
    let latest: RecordedObservation | undefined;
    for (const key of coveringKeys(need.target)) {
      for (const observation of this.#latestByTarget.get(key)?.values() ?? []) {
        if (!this.#accepts(need, observation)) continue;
        if (latest === undefined || observation.at.sequence > latest.at.sequence) latest = observation;
      }
    }
    return latest;
  }
}

/**
 * The keys of the target and of every target above it (parent folders, the database of a table, the
 * repository of a ref), so that covering observations are found by lookup instead of a scan.
 * NOTE: glob observations and case-folded spellings are not found this way; they only affect whether a
 * missing investigation is called "stale" or "never".
 */
function coveringKeys(target: Target): string[] {
  const id = target.id;
  const keys = [targetKey(target)];
  const separator = target.kind === 'cloud' || target.kind === 'resource' ? ':' : '/';
  if (target.kind === 'git') {
    const repository = id.replace(/[#@].*$/, '');
    if (repository !== id) keys.push(`git:${repository}`);
    return keys;
  }
  for (let cut = id.lastIndexOf(separator); cut > 0; cut = id.lastIndexOf(separator, cut - 1)) {
    keys.push(`${target.kind}:${id.slice(0, cut)}`);
  }
  if (target.kind === 'path' && id !== '/') keys.push('path:/');
  if (target.kind === 'sql') keys.push(`sql:${id.split('/')[0] ?? 'default'}/*`);
  return keys;
}

/** The requirements of a policy that apply to an effect: exact ids, families such as `git.*`, or `*`. */
export function requirementsFor(effect: string, requirements: Requirement[]): Requirement[] {
  return requirements.filter((requirement) => effectMatches(requirement.effect, effect));
}

/** True when an effect pattern (`fs.delete`, `git.*`, `*`) matches an effect id. */
export function effectMatches(pattern: string, effect: string): boolean {
  if (pattern === '*' || pattern === effect) return true;
  if (pattern.endsWith('.*')) return effect.startsWith(pattern.slice(0, -1));
  return false;
}

/** The target a need must cover, from the call's target and the requirement's `on`. */
export function needTarget(target: Target, on: 'target' | 'database' | 'repository' | 'parent'): Target {
  switch (on) {
    case 'parent':
      return parentTarget(target) ?? target;
    case 'database': {
      if (target.kind !== 'sql') return target;
      const [connection = 'default', database = '*'] = target.id.split('/');
      return { kind: 'sql', id: `${connection}/${database}` };
    }
    case 'repository': {
      if (target.kind !== 'git') return target;
      return { kind: 'git', id: target.id.replace(/[#@].*$/, '') };
    }
    case 'target':
      return target;
  }
}

function describe(observation: RecordedObservation): string {
  return `${observation.at.tool} (${observation.effect} of ${observation.target.id})`;
}

function count(value: number, noun: string): string {
  return `${value} ${noun}${value === 1 ? '' : 's'}`;
}

/** True when `inner` lies below `outer`, not at it. */
function isStrictlyInside(outer: Target, inner: Target, options: MatchOptions): boolean {
  return targetCovers(outer, inner, options) && !targetCovers(inner, outer, options);
}

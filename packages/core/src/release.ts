// What the guard remembers about calls it did not allow: held calls wait for the same call to be re-issued,
// denied intents stay denied, and asks wait for an approval bound to the call's digest. An intent is an
// effect on a target (`fs.delete` of `/srv/app/data`), so a retry through another tool is recognised.
import { RISK_LEVELS } from './types.js';
import type { Classification } from './types.js';
import { targetKey } from './targets.js';

export interface HeldCall {
  callId: string;
  digest: string;
  tool: string;
  reasons: Array<'reminder' | 'investigation'>;
  intents: string[];
  ruleId?: string;
}

export interface IntentRecord {
  kind: 'hold' | 'deny';
  callId: string;
  digest: string;
  /** For a hold: why it was held. */
  reasons: Array<'reminder' | 'investigation'>;
  /** For a deny: the rule that denied it. */
  ruleId?: string;
}

export class IntentBook {
  readonly #heldByDigest = new Map<string, HeldCall>();
  /** Held and denied intents by target key, then by effect. */
  readonly #intents = new Map<string, Map<string, IntentRecord>>();
  readonly #asks = new Map<string, { callId: string; approved?: boolean }>();

  /** The held call with this digest, if one waits for its re-issue. */
  held(digest: string): HeldCall | undefined {
    return this.#heldByDigest.get(digest);
  }

  /** An earlier hold or deny of the same effect on the same target, by another call. */
  sameIntent(intents: string[], digest: string): IntentRecord | undefined {
    let hold: IntentRecord | undefined;
    for (const intent of intents) {
      const { effect, target } = splitIntent(intent);
      for (const [earlierEffect, record] of this.#intents.get(target) ?? []) {
        if (!sameEffect(earlierEffect, effect)) continue;
        if (record.kind === 'deny') return record;
        if (record.digest !== digest) hold ??= record;
      }
    }
    return hold;
  }

  recordHold(held: HeldCall): void {
    if (!this.#heldByDigest.has(held.digest)) this.#heldByDigest.set(held.digest, held);
    for (const intent of held.intents) {
      if (this.#intent(intent)?.kind !== 'deny') this.#setIntent(intent, { kind: 'hold', callId: held.callId, digest: held.digest, reasons: held.reasons });
    }
  }

  recordDeny(callId: string, digest: string, intents: string[], ruleId: string): void {
    for (const intent of intents) this.#setIntent(intent, { kind: 'deny', callId, digest, reasons: [], ruleId });
  }

  /** Releases a held call and every held intent it shares, once its exact re-issue is allowed. */
  release(digest: string): HeldCall | undefined {
    const held = this.#heldByDigest.get(digest);
    this.#heldByDigest.delete(digest);
    const intents = new Set(held?.intents ?? []);
    for (const intent of intents) {
      const { effect, target } = splitIntent(intent);
      const byEffect = this.#intents.get(target);
      if (byEffect?.get(effect)?.kind === 'hold') byEffect.delete(effect);
    }
    for (const [otherDigest, other] of this.#heldByDigest) {
      if (other.intents.some((intent) => intents.has(intent))) this.#heldByDigest.delete(otherDigest);
    }
    return held;
  }

  #intent(intent: string): IntentRecord | undefined {
    const { effect, target } = splitIntent(intent);
    return this.#intents.get(target)?.get(effect);
  }

  #setIntent(intent: string, record: IntentRecord): void {
    const { effect, target } = splitIntent(intent);
    let byEffect = this.#intents.get(target);
    if (byEffect === undefined) {
      byEffect = new Map();
      this.#intents.set(target, byEffect);
    }
    byEffect.set(effect, record);
  }

  recordAsk(digest: string, callId: string): void {
    if (!this.#asks.has(digest)) this.#asks.set(digest, { callId });
  }

  /** Records a person's answer; returns the asked call's id, or undefined when nothing asked this digest. */
  answer(digest: string, approved: boolean): string | undefined {
    const ask = this.#asks.get(digest);
    if (ask === undefined) return undefined;
    ask.approved = approved;
    return ask.callId;
  }

  /** The answer bound to this digest: true approved, false refused, undefined not answered. */
  approval(digest: string): boolean | undefined {
    return this.#asks.get(digest)?.approved;
  }
}

/**
 * True when two effect ids name the same kind of change: equal, one a refinement of the other
 * (`git.reset` and `git.reset.hard`), or one the unnamed change an annotation-only classification gives
 * (`fs.change`), which says no more than "destroys something here".
 */
export function sameEffect(a: string, b: string): boolean {
  if (a === b || a.startsWith(`${b}.`) || b.startsWith(`${a}.`)) return true;
  return a.endsWith('.change') || b.endsWith('.change');
}

function splitIntent(intent: string): { effect: string; target: string } {
  const cut = intent.indexOf('|');
  return { effect: intent.slice(0, cut), target: intent.slice(cut + 1) };
}

/** The intents of a call: each effect on each target, for findings that change something. */
export function callIntents(classification: Classification): string[] {
  const intents = new Set<string>();
  for (const finding of classification.findings) {
    if (RISK_LEVELS.indexOf(finding.level) < RISK_LEVELS.indexOf('write')) continue;
    for (const target of finding.targets) intents.add(`${finding.effect}|${targetKey(target)}`);
  }
  return [...intents];
}

// What the guard remembers about calls it did not allow: held calls wait for the same call to be re-issued,
// denied intents stay denied, and approval requests wait for an approval bound to the call's digest. An intent is an
// effect on a target (`fs.delete` of `/srv/app/data`), so a retry through another tool is recognised.
import { RISK_LEVELS } from './types.js';
import type { Classification } from './types.js';
import { targetKey } from './targets.js';

/** An effect on a target that a call means to have. */
export interface Intent {
  effect: string;
  /** The target's key, `kind:id`. */
  target: string;
  /** True for destructive or critical findings. */
  risky: boolean;
}

export interface HeldCall {
  callId: string;
  digest: string;
  tool: string;
  reasons: Array<'reminder' | 'investigation'>;
  intents: Intent[];
  ruleId?: string;
}

export interface IntentRecord {
  kind: 'hold' | 'deny';
  callId: string;
  digest: string;
  /** The tool of the held or denied call. */
  tool: string;
  /** For a hold: why it was held. */
  reasons: Array<'reminder' | 'investigation'>;
  /** For a deny: the rule that denied it. */
  ruleId?: string;
}

export class IntentBook {
  readonly #heldByDigest = new Map<string, HeldCall>();
  /** Held and denied intents by target key, then by effect. */
  readonly #intents = new Map<string, Map<string, IntentRecord & { risky: boolean }>>();
  readonly #asks = new Map<string, { callId: string; approved?: boolean }>();

  /** Returns the held call with this digest, if one waits for its re-issue. */
  held(digest: string): HeldCall | undefined {
    return this.#heldByDigest.get(digest);
  }

  /**
   * An earlier deny of the same effect on the same target, or an earlier hold of it through another tool.
   * The same tool with other arguments is a changed call, which is judged afresh: a move to another
   * destination, or a DELETE that gained a WHERE. A denied intent stays denied whatever the tool.
   */
  sameIntent(intents: Intent[], digest: string, tool: string): IntentRecord | undefined {
    let hold: IntentRecord | undefined;
    for (const intent of intents) {
      for (const [earlierEffect, record] of this.#intents.get(intent.target) ?? []) {
        if (!sameEffect(earlierEffect, intent.effect, record.risky && intent.risky)) continue;
        if (record.kind === 'deny') return record;
        if (record.digest !== digest && record.tool !== tool) hold ??= record;
      }
    }
    return hold;
  }

  recordHold(held: HeldCall): void {
    if (!this.#heldByDigest.has(held.digest)) this.#heldByDigest.set(held.digest, held);
    for (const intent of held.intents) {
      if (this.#intents.get(intent.target)?.get(intent.effect)?.kind !== 'deny') {
        this.#setIntent(intent, { kind: 'hold', callId: held.callId, digest: held.digest, tool: held.tool, reasons: held.reasons });
      }
    }
  }

  recordDeny(callId: string, digest: string, tool: string, intents: Intent[], ruleId: string): void {
    for (const intent of intents) this.#setIntent(intent, { kind: 'deny', callId, digest, tool, reasons: [], ruleId });
  }

  /** Releases a held call and every held intent it shares, once its exact re-issue is allowed. */
  release(digest: string): HeldCall | undefined {
    const held = this.#heldByDigest.get(digest);
    this.#heldByDigest.delete(digest);
    const released = new Set((held?.intents ?? []).map(intentKey));
    for (const intent of held?.intents ?? []) {
      const byEffect = this.#intents.get(intent.target);
      if (byEffect?.get(intent.effect)?.kind === 'hold') byEffect.delete(intent.effect);
    }
    for (const [otherDigest, other] of this.#heldByDigest) {
      if (other.intents.some((intent) => released.has(intentKey(intent)))) this.#heldByDigest.delete(otherDigest);
    }
    return held;
  }

  #setIntent(intent: Intent, record: IntentRecord): void {
    let byEffect = this.#intents.get(intent.target);
    if (byEffect === undefined) {
      byEffect = new Map();
      this.#intents.set(intent.target, byEffect);
    }
    byEffect.set(intent.effect, { ...record, risky: intent.risky });
  }

  recordAsk(digest: string, callId: string): void {
    if (!this.#asks.has(digest)) this.#asks.set(digest, { callId });
  }

  /** Records a person's decision; returns the id of the call that requested it, or undefined when none did. */
  answer(digest: string, approved: boolean): string | undefined {
    const ask = this.#asks.get(digest);
    if (ask === undefined) return undefined;
    ask.approved = approved;
    return ask.callId;
  }

  /** Returns the decision bound to this digest: true approved, false rejected, undefined not decided yet. */
  approval(digest: string): boolean | undefined {
    return this.#asks.get(digest)?.approved;
  }
}

/**
 * True when two effects on one target are the same intent: equal, or one a refinement of the other
 * (`git.reset` and `git.reset.hard`). When both are destructive, any two effects of one domain match
 * (`fs.delete`, `fs.move`, `fs.overwrite`): classifiers name the same loss differently depending on the
 * tool (a shell `rm` and a server's delete tool), and losing the target is the intent either way.
 */
export function sameEffect(a: string, b: string, bothRisky: boolean): boolean {
  if (a === b || a.startsWith(`${b}.`) || b.startsWith(`${a}.`)) return true;
  return bothRisky && domainOf(a) === domainOf(b);
}

function domainOf(effect: string): string {
  const cut = effect.indexOf('.');
  return cut === -1 ? effect : effect.slice(0, cut);
}

function intentKey(intent: Intent): string {
  return `${intent.effect}|${intent.target}`;
}

/** Lists the intents of a call: each effect on each target, for findings that change something. */
export function callIntents(classification: Classification): Intent[] {
  const intents = new Map<string, Intent>();
  for (const finding of classification.findings) {
    const level = RISK_LEVELS.indexOf(finding.level);
    if (level < RISK_LEVELS.indexOf('write')) continue;
    for (const target of finding.targets) {
      const intent: Intent = { effect: finding.effect, target: targetKey(target), risky: level >= RISK_LEVELS.indexOf('destructive') };
      intents.set(intentKey(intent), intent);
    }
  }
  return [...intents.values()];
}

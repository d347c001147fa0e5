// The decision for one tool call. Hard rules come first and win. Next come a held call re-issued unchanged
// and the same intent tried through another tool. Last is the level table: reads and writes pass, while
// destructive and critical calls are held when a relevant fact has decayed or an investigation is missing.
import { RISK_LEVELS } from './types.js';
import type {
  AllowDecision,
  AskDecision,
  Classification,
  Decision,
  DenyDecision,
  HoldDecision,
  MissingInvestigation,
  ReminderFact,
  SessionContext,
  SuggestedCall,
  SuspectedMode,
  Target,
  ToolDefinition,
} from './types.js';
import type { ResolvedPolicy, Rule } from './policy-schema.js';
import type { SuggestInvestigations } from './classify/types.js';
import type { FactStore } from './facts/store.js';
import type { CallProfile } from './relevance.js';
import { cutToBudget, scoreFacts, selectReminders } from './relevance.js';
import { DEFAULT_EFFECTS, needTarget, requirementsFor } from './investigations.js';
import type { InvestigationStore, Need } from './investigations.js';
import type { Intent, IntentBook } from './release.js';
import { matchRule } from './rules.js';
import { targetKey } from './targets.js';
import type { MatchOptions } from './targets.js';

/** A tool call ready for a decision: parsed, classified and profiled. */
export interface ReviewedCall {
  id: string;
  tool: string;
  server?: string;
  args: Record<string, unknown>;
  digest: string;
  classification: Classification;
  profile: CallProfile;
  intents: Intent[];
}

/** The session state a decision reads. Deciding changes nothing; the session applies the decision. */
export interface DecisionState {
  policy: ResolvedPolicy;
  facts: FactStore;
  investigations: InvestigationStore;
  intents: IntentBook;
  now: { position: number; callIndex: number };
  tools: ToolDefinition[];
  context: SessionContext;
  suggest: SuggestInvestigations;
  matchOptions: MatchOptions;
}

/** The guard's findings on a risky call: decayed relevant facts, missing investigations, and why it may pass. */
export interface Assessment {
  /** Decayed, relevant facts within the reminder budget. */
  reminders: ReminderFact[];
  /** Relevant facts, decayed or not, for the text of a deny or an ask. */
  relevant: ReminderFact[];
  missing: MissingInvestigation[];
  basis: string[];
}

type DecisionBase = Pick<Decision, 'callId' | 'tool' | 'classification' | 'digest' | 'arguments'>;

export function decideCall(call: ReviewedCall, state: DecisionState): Decision {
  const base: DecisionBase = { callId: call.id, tool: call.tool, classification: call.classification, digest: call.digest, arguments: call.args };
  const rule = matchRule(state.policy.rules, call, state.context, state.matchOptions);
  const earlier = state.intents.sameIntent(call.intents, call.digest, call.tool);

  if (rule?.action === 'deny') return deny(base, rule.id, ruleMessage(rule), assess(call, state));
  if (earlier?.kind === 'deny') {
    const message = `An earlier call (${earlier.callId}) with the same effect on the same target was denied; trying it through ${call.tool} is the same intent.`;
    return { ...deny(base, earlier.ruleId ?? 'same-intent', message, assess(call, state)), sameIntentAs: earlier.callId };
  }
  if (rule?.action === 'allow') return allow(base, ['rule']);

  if (rule?.action === 'ask') {
    const approval = state.intents.approval(call.digest);
    if (approval === true) return allow(base, ['approved']);
    if (approval === false) return deny(base, rule.id, 'A person refused this call.', assess(call, state));
    return ask(base, rule, assess(call, state));
  }

  const held = state.intents.held(call.digest);
  if (held !== undefined) {
    const assessment = assess(call, state);
    if (assessment.missing.length > 0 && state.policy.actions.investigation === 'hold') {
      return hold(base, ['investigation'], [], assessment.missing, held.ruleId);
    }
    return allow(base, ['released', ...assessment.basis]);
  }

  if (earlier?.kind === 'hold') {
    const assessment = assess(call, state);
    const reasons = holdReasons(assessment, state.policy);
    return {
      ...hold(base, reasons.length > 0 ? reasons : earlier.reasons, assessment.reminders, assessment.missing),
      sameIntentAs: earlier.callId,
    };
  }

  if (rule?.action === 'hold') {
    const assessment = assess(call, state);
    const reasons = holdReasons(assessment, state.policy);
    return hold(base, reasons.length > 0 ? reasons : ['reminder'], assessment.reminders, assessment.missing, rule.id);
  }

  if (RISK_LEVELS.indexOf(call.classification.level) < RISK_LEVELS.indexOf('destructive')) return allow(base, []);

  const assessment = assess(call, state);
  const reasons = holdReasons(assessment, state.policy);
  if (reasons.length > 0) return hold(base, reasons, assessment.reminders, assessment.missing);

  const logged = loggedReasons(assessment, state.policy);
  if (logged.length === 0) return allow(base, assessment.basis);
  const wouldHold = hold(base, logged, assessment.reminders, assessment.missing);
  return {
    ...allow(base, [...assessment.basis, 'logged']),
    wouldHold: { reasons: wouldHold.reasons, modes: wouldHold.modes, facts: wouldHold.facts, missing: wouldHold.missing },
    wouldBlock: { kind: 'hold', reasons: logged },
  };
}

/** Finds decayed relevant facts and missing investigations for a call. */
export function assess(call: ReviewedCall, state: DecisionState): Assessment {
  const { policy, now } = state;
  const budget = { maxFacts: policy.decay.reminderMaxFacts, maxTokens: policy.decay.reminderMaxTokens };
  const scored = scoreFacts(state.facts.list(), call.profile, state.matchOptions);
  const reminders = policy.actions.reminder === 'off' ? [] : selectReminders(scored, now.position, budget);
  const relevant = scored.map((candidate) => candidate.fact);

  const basis = new Set<string>();
  const missing = new Map<string, MissingInvestigation>();
  if (policy.actions.investigation !== 'off' && isRisky(call.classification.level)) {
    for (const need of callNeeds(call, state, basis)) {
      const result = state.investigations.check(need, now);
      if (result.ok) {
        basis.add('investigated');
        continue;
      }
      // A dependency on a target that already lacks a look adds nothing the agent must do differently.
      const key = `${targetKey(need.target)}|${need.effects.join(',')}`;
      if (missing.has(key)) continue;
      if (need.dependency && [...missing.values()].some((entry) => targetKey(entry.target) === targetKey(need.target))) continue;
      const effects = need.effects.length > 0 ? need.effects : DEFAULT_EFFECTS[need.target.kind];
      missing.set(key, {
        target: need.target,
        effects,
        why: result.why,
        description: result.description,
        suggestions: suggestCalls(state, need.target, effects, need.sameCondition ? need.condition : undefined),
      });
    }
  }
  return { reminders, relevant: cutToBudget(relevant, now.position, budget), missing: [...missing.values()], basis: [...basis] };
}

/** Lists the investigations a risky call needs: each policy requirement (or any look) on each target and dependency. */
function callNeeds(call: ReviewedCall, state: DecisionState, basis: Set<string>): Need[] {
  const needs: Need[] = [];
  const owned = (target: Target): boolean => {
    const result = state.investigations.isSessionOwned(target);
    if (result) basis.add('session_created');
    return result;
  };

  // A path inside a folder the session created, at which the session has put nothing, holds nothing to lose.
  const free = (target: Target): boolean => {
    const result = state.investigations.isFreeInOwnFolder(target);
    if (result) basis.add('session_created');
    return result;
  };
  // A folder the session created is there as the session made it, even after files were moved into it.
  const created = (target: Target): boolean => {
    const result = state.investigations.isSessionCreated(target);
    if (result) basis.add('session_created');
    return result;
  };

  for (const finding of call.classification.findings) {
    if (!isRisky(finding.level)) continue;
    const requirements = requirementsFor(finding.effect, state.policy.investigations.require).flatMap((requirement) => requirement.needs);
    const specs = requirements.length > 0 ? requirements : [{ any: [], on: 'target' as const, sameCondition: false }];
    for (const target of finding.targets) {
      if (owned(target) || free(target)) continue;
      for (const spec of specs) {
        needs.push({
          target: needTarget(target, spec.on),
          callTarget: target,
          effects: spec.any,
          sameCondition: spec.sameCondition,
          ...(finding.condition === undefined ? {} : { condition: finding.condition }),
          dependency: false,
        });
      }
    }
  }

  for (const target of call.classification.dependsOn) {
    // The folder a move goes into is there once a call of the session made sure of it (mkdir -p).
    if (owned(target) || created(target) || state.investigations.isEnsured(target)) continue;
    needs.push({ target, callTarget: target, effects: [], sameCondition: false, dependency: true });
  }
  return needs;
}

function suggestCalls(state: DecisionState, target: Target, effects: string[], condition: string | undefined): SuggestedCall[] {
  try {
    // A count that must repeat a DELETE's WHERE is only useful with that condition in it.
    return state.suggest({ target, effects, tools: state.tools, context: state.context, ...(condition === undefined ? {} : { condition }) });
  } catch {
    // A suggestion is a convenience: the hold still names the target and the effects without one.
    return [];
  }
}

function holdReasons(assessment: Assessment, policy: ResolvedPolicy): Array<'reminder' | 'investigation'> {
  const reasons: Array<'reminder' | 'investigation'> = [];
  if (assessment.reminders.length > 0 && policy.actions.reminder === 'hold') reasons.push('reminder');
  if (assessment.missing.length > 0 && policy.actions.investigation === 'hold') reasons.push('investigation');
  return reasons;
}

function loggedReasons(assessment: Assessment, policy: ResolvedPolicy): Array<'reminder' | 'investigation'> {
  const reasons: Array<'reminder' | 'investigation'> = [];
  if (assessment.reminders.length > 0 && policy.actions.reminder === 'log') reasons.push('reminder');
  if (assessment.missing.length > 0 && policy.actions.investigation === 'log') reasons.push('investigation');
  return reasons;
}

function allow(base: DecisionBase, basis: string[]): AllowDecision {
  return { kind: 'allow', ...base, basis: [...new Set(basis)] };
}

function hold(
  base: DecisionBase,
  reasons: Array<'reminder' | 'investigation'>,
  facts: ReminderFact[],
  missing: MissingInvestigation[],
  ruleId?: string,
): HoldDecision {
  const modes: SuspectedMode[] = [];
  if (reasons.includes('reminder') && facts.length > 0) modes.push(1);
  if (reasons.includes('investigation')) modes.push(2);
  return {
    kind: 'hold',
    ...base,
    reasons,
    modes,
    facts: reasons.includes('reminder') ? facts : [],
    missing: reasons.includes('investigation') ? missing : [],
    ...(ruleId === undefined ? {} : { ruleId }),
  };
}

function deny(base: DecisionBase, ruleId: string, message: string, assessment: Assessment): DenyDecision {
  return { kind: 'deny', ...base, reasons: ['deny'], modes: suspectedModes(assessment), ruleId, message, facts: assessment.relevant };
}

function ask(base: DecisionBase, rule: Rule, assessment: Assessment): AskDecision {
  return {
    kind: 'ask',
    ...base,
    reasons: ['ask'],
    modes: suspectedModes(assessment),
    ruleId: rule.id,
    message: ruleMessage(rule),
    facts: assessment.relevant,
  };
}

/**
 * Suspects mode 1 when a relevant fact had decayed, mode 2 when the agent never looked at a target, and
 * mode 3 when neither holds: the agent knew and chose the call anyway. A look that has since gone stale
 * still counts as looking here, since a rule, not a missing look, stopped the call.
 */
function suspectedModes(assessment: Assessment): SuspectedMode[] {
  const modes: SuspectedMode[] = [];
  if (assessment.reminders.length > 0) modes.push(1);
  if (assessment.missing.some((missing) => missing.why === 'never')) modes.push(2);
  return modes.length > 0 ? modes : [3];
}

function ruleMessage(rule: Rule): string {
  return rule.message ?? `The policy rule "${rule.id}" matches this call.`;
}

function isRisky(level: Classification['level']): boolean {
  return RISK_LEVELS.indexOf(level) >= RISK_LEVELS.indexOf('destructive');
}

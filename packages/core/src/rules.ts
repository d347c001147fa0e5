// Hard rules from the policy. A rule matches a call by tool (and exact argument values), or by a classified
// effect (a family such as `git.*` too), a target glob and a minimum level. Rules are checked before the
// level table and win over it; among rules that match, the strictest action wins: deny, ask, hold, allow.
import { RISK_LEVELS } from './types.js';
import type { Classification, SessionContext, Target } from './types.js';
import type { Rule } from './policy-schema.js';
import { canonicalJson } from './digest.js';
import { effectMatches } from './investigations.js';
import { pathTarget, targetCovers } from './targets.js';
import type { MatchOptions } from './targets.js';

export interface RuleCall {
  tool: string;
  server?: string;
  args: Record<string, unknown>;
  classification: Classification;
}

const ACTION_ORDER: Record<Rule['action'], number> = { deny: 0, ask: 1, hold: 2, allow: 3 };

/** The strictest rule that matches the call, or undefined. */
export function matchRule(rules: Rule[], call: RuleCall, context: SessionContext, options: MatchOptions = {}): Rule | undefined {
  let best: Rule | undefined;
  for (const rule of rules) {
    if (!ruleMatches(rule, call, context, options)) continue;
    if (best === undefined || ACTION_ORDER[rule.action] < ACTION_ORDER[best.action]) best = rule;
  }
  return best;
}

export function ruleMatches(rule: Rule, call: RuleCall, context: SessionContext, options: MatchOptions = {}): boolean {
  const when = rule.when;
  if (when.tool !== undefined && when.tool !== call.tool) return false;
  if (when.server !== undefined && when.server !== call.server) return false;
  if (when.argumentsMatch !== undefined && !argumentsMatch(when.argumentsMatch, call.args)) return false;
  if (when.level !== undefined && RISK_LEVELS.indexOf(call.classification.level) < RISK_LEVELS.indexOf(when.level)) return false;

  if (when.effect === undefined && when.target === undefined) return true;

  // Effect and target must hold for the same finding: "fs.delete under /tmp" is not "a delete somewhere and
  // a write under /tmp".
  const pattern = when.target === undefined ? undefined : rulePattern(when.target, context);
  return call.classification.findings.some((finding) => {
    if (when.effect !== undefined && !effectMatches(when.effect, finding.effect)) return false;
    if (pattern === undefined) return true;
    return finding.targets.some((target) => targetCovers(pattern, target, options));
  });
}

// Every rule with a target is matched against every call, so each pattern resolves once per session
// context (a new context object comes with every `setContext`).
const resolvedPatterns = new WeakMap<SessionContext, Map<string, Target>>();

/** A rule's target pattern as a target: a path or glob, or `kind:id` for the other kinds. */
export function rulePattern(pattern: string, context: SessionContext): Target {
  let patterns = resolvedPatterns.get(context);
  if (patterns === undefined) {
    patterns = new Map();
    resolvedPatterns.set(context, patterns);
  }
  let resolved = patterns.get(pattern);
  if (resolved === undefined) {
    resolved = resolvePattern(pattern, context);
    patterns.set(pattern, resolved);
  }
  return resolved;
}

function resolvePattern(pattern: string, context: SessionContext): Target {
  const typed = /^(sql|git|url|cloud|resource):(.+)$/.exec(pattern);
  if (typed !== null) {
    const id = typed[2] as string;
    return /[*?[\]{}]/.test(id) ? { kind: typed[1] as Target['kind'], id, glob: true } : { kind: typed[1] as Target['kind'], id };
  }
  return pathTarget(pattern, context);
}

function argumentsMatch(expected: Record<string, unknown>, actual: Record<string, unknown>): boolean {
  return Object.entries(expected).every(([name, value]) => canonicalJson(actual[name]) === canonicalJson(value));
}

// Renders what a valid policy declares, with the default named wherever the file leaves a setting out.
import type { FactSpec, Policy, Requirement, Rule } from '@lookout/core';

import type { PolicyProblem } from './validate.js';

/**
 * Defaults the engine applies to keys a policy leaves out, as the policy schema documents them.
 * NOTE: these mirror the schema's descriptions; once the policy loader in @lookout/core/node exports its
 * resolved defaults, read them from there instead.
 */
const DEFAULTS = {
  extends: ['coding-agent'],
  mode: 'enforce',
  reminderAction: 'hold',
  investigationAction: 'hold',
  decayTokens: 4000,
  reminderMaxFacts: 5,
  reminderMaxTokens: 300,
  extractFromMessages: true,
  extractFromResults: true,
  freshTokens: 8000,
  freshCalls: 20,
  autoInvestigate: true,
  journalPath: '~/.local/state/lookout/journal.jsonl',
} as const;

export function describePolicy(file: string, policy: Policy): string {
  const lines = [`${file}: valid`, ''];
  const setting = (label: string, text: string): void => {
    lines.push(`${label.padEnd(16)}${text}`);
  };

  setting('Presets', describeExtends(policy.extends));
  setting('Mode', orDefault(policy.mode, DEFAULTS.mode) + (resolvedMode(policy) === 'log-only' ? ': journals would-be holds and lets every call through' : ''));
  setting('Mode 1 action', `${orDefault(policy.actions?.reminder, DEFAULTS.reminderAction)} when a relevant fact has decayed`);
  setting('Mode 2 action', `${orDefault(policy.actions?.investigation, DEFAULTS.investigationAction)} when an investigation is missing`);
  setting('Mode 3 action', `${countRules(policy.rules, 'deny')} deny and ${countRules(policy.rules, 'ask')} ask rule(s) in this file`);

  const decay = policy.decay ?? {};
  setting('Decay', `facts decay after ${orDefault(decay.tokens, DEFAULTS.decayTokens, 'tokens')} without a restatement`);
  setting('', `a reminder shows at most ${orDefault(decay.reminderMaxFacts, DEFAULTS.reminderMaxFacts, 'facts')} within ${orDefault(decay.reminderMaxTokens, DEFAULTS.reminderMaxTokens, 'tokens')}`);
  setting('', `facts from messages: ${yesNo(decay.extractFromMessages, DEFAULTS.extractFromMessages)}, hazards from tool results: ${yesNo(decay.extractFromResults, DEFAULTS.extractFromResults)}`);

  const investigations = policy.investigations ?? {};
  setting(
    'Investigations',
    `fresh for ${orDefault(investigations.freshTokens, DEFAULTS.freshTokens, 'tokens')} or ${orDefault(investigations.freshCalls, DEFAULTS.freshCalls, 'calls')}; ` +
      `auto-investigate: ${yesNo(investigations.auto, DEFAULTS.autoInvestigate)}`,
  );
  setting('Journal', orDefault(policy.journal?.path, DEFAULTS.journalPath) + describeRedactions(policy.journal?.redact));

  lines.push('', ...describeFacts(policy.facts ?? []), '', ...describeRules(policy.rules ?? []));
  const requirements = policy.investigations?.require ?? [];
  if (requirements.length > 0) lines.push('', ...describeRequirements(requirements));
  return `${lines.join('\n')}\n`;
}

export function describeProblems(problems: PolicyProblem[]): string {
  const count = problems.length === 1 ? '1 problem' : `${problems.length} problems`;
  const lines = problems.map((problem) => {
    const where = `${problem.file}:${problem.line}:${problem.column}`;
    const key = problem.path === '' ? '' : ` ${problem.path}:`;
    return `${where}:${key} ${problem.message}\n  fix: ${problem.fix}`;
  });
  return `${lines.join('\n')}\n${count}; the policy was not loaded.\n`;
}

function describeExtends(presets: string[] | undefined): string {
  if (presets === undefined) return `${DEFAULTS.extends.join(', ')} (the default, because the file has no "extends")`;
  if (presets.length === 0) return 'none ("extends: []" starts from nothing)';
  return presets.join(', ');
}

function describeFacts(facts: FactSpec[]): string[] {
  if (facts.length === 0) return ['Facts: none declared in this file'];

  const width = Math.max(...facts.map((fact) => fact.id.length));
  const lines = [`Facts (${facts.length})`];
  for (const fact of facts) {
    lines.push(`  ${fact.id.padEnd(width)}  ${fact.kind.padEnd(6)}  ${fact.text}`);
    const scope = [
      fact.tools === undefined ? '' : `tools: ${fact.tools.join(', ')}`,
      fact.targets === undefined ? '' : `targets: ${fact.targets.join(', ')}`,
      fact.terms === undefined ? '' : `terms: ${fact.terms.join(', ')}`,
      fact.decayTokens === undefined ? '' : `decays after ${fact.decayTokens} tokens`,
    ].filter((part) => part !== '');
    if (scope.length > 0) lines.push(`  ${' '.repeat(width)}  ${scope.join('; ')}`);
  }
  return lines;
}

function describeRules(rules: Rule[]): string[] {
  if (rules.length === 0) return ['Rules: none declared in this file'];

  const idWidth = Math.max(...rules.map((rule) => rule.id.length));
  const lines = [`Rules (${rules.length})`];
  for (const rule of rules) {
    lines.push(`  ${rule.id.padEnd(idWidth)}  ${rule.action.padEnd(5)}  ${describeWhen(rule.when)}`);
    if (rule.message !== undefined) lines.push(`  ${' '.repeat(idWidth)}  message: ${rule.message}`);
  }
  return lines;
}

function describeWhen(when: Rule['when']): string {
  const parts = [
    when.tool === undefined ? '' : `tool ${when.tool}`,
    when.server === undefined ? '' : `on server ${when.server}`,
    when.argumentsMatch === undefined ? '' : `with arguments ${JSON.stringify(when.argumentsMatch)}`,
    when.effect === undefined ? '' : `effect ${when.effect}`,
    when.target === undefined ? '' : `on ${when.target}`,
    when.level === undefined ? '' : `at level ${when.level} or above`,
  ];
  return parts.filter((part) => part !== '').join(' ');
}

function describeRequirements(requirements: Requirement[]): string[] {
  return [
    `Required investigations (${requirements.length})`,
    ...requirements.map((requirement) => {
      const needs = requirement.needs.map((need) => `${need.any.join(' or ')} on the ${need.on}${need.sameCondition ? ' with the same condition' : ''}`);
      return `  ${requirement.effect} needs ${needs.join(', and ')}`;
    }),
  ];
}

function describeRedactions(redact: string[] | undefined): string {
  return redact === undefined || redact.length === 0 ? '' : `; also redacts: ${redact.join(', ')}`;
}

function resolvedMode(policy: Policy): string {
  return policy.mode ?? DEFAULTS.mode;
}

function countRules(rules: Rule[] | undefined, action: Rule['action']): number {
  return (rules ?? []).filter((rule) => rule.action === action).length;
}

/** Formats `value unit`, or `fallback unit (default)` when the policy leaves the key out. */
function orDefault(value: string | number | undefined, fallback: string | number, unit = ''): string {
  const suffix = unit === '' ? '' : ` ${unit}`;
  return value === undefined ? `${fallback}${suffix} (default)` : `${value}${suffix}`;
}

function yesNo(value: boolean | undefined, fallback: boolean): string {
  if (value === undefined) return `${fallback ? 'yes' : 'no'} (default)`;
  return value ? 'yes' : 'no';
}

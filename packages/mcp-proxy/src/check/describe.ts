// Renders what a valid policy declares and what it resolves to once its presets are merged. A setting the
// file leaves out is marked "inherited": it comes from a preset it extends or from the engine's defaults.
import { DEFAULT_PRESET, type FactSpec, type Policy, type Requirement, type ResolvedPolicy, type Rule } from '@lookout/core';

import type { PolicyProblem } from './validate.js';

const DEFAULT_JOURNAL_PATH = '~/.local/state/lookout/journal.jsonl';

export function describePolicy(file: string, declared: Policy, resolved: ResolvedPolicy): string {
  const lines = [`${file}: valid`, ''];
  const setting = (label: string, text: string): void => {
    lines.push(`${label.padEnd(16)}${text}`);
  };
  const decay = declared.decay ?? {};
  const investigations = declared.investigations ?? {};

  setting('Presets', describeExtends(declared.extends, resolved.sources.slice(0, -1)));
  setting('Mode', mark(resolved.mode, declared.mode) + (resolved.mode === 'log-only' ? ': journals would-be holds and lets every call through' : ''));
  setting('Mode 1 action', `${mark(resolved.actions.reminder, declared.actions?.reminder)} when a relevant fact has decayed`);
  setting('Mode 2 action', `${mark(resolved.actions.investigation, declared.actions?.investigation)} when an investigation is missing`);
  setting('Mode 3 action', `${countRules(resolved.rules, 'deny')} deny and ${countRules(resolved.rules, 'ask')} ask rule(s) in effect`);

  setting('Decay', `facts decay after ${mark(resolved.decay.tokens, decay.tokens, 'tokens')} without a restatement`);
  setting(
    '',
    `a reminder shows at most ${mark(resolved.decay.reminderMaxFacts, decay.reminderMaxFacts, 'facts')} within ${mark(resolved.decay.reminderMaxTokens, decay.reminderMaxTokens, 'tokens')}`,
  );
  setting(
    '',
    `facts from messages: ${mark(yesNo(resolved.decay.extractFromMessages), decay.extractFromMessages)}, ` +
      `hazards from tool results: ${mark(yesNo(resolved.decay.extractFromResults), decay.extractFromResults)}`,
  );
  setting(
    'Investigations',
    `fresh for ${mark(resolved.investigations.freshTokens, investigations.freshTokens, 'tokens')} or ${mark(resolved.investigations.freshCalls, investigations.freshCalls, 'calls')}; ` +
      `auto-investigate: ${mark(yesNo(resolved.investigations.auto), investigations.auto)}`,
  );
  setting('Journal', mark(resolved.journal.path ?? DEFAULT_JOURNAL_PATH, declared.journal?.path) + describeRedactions(resolved.journal.redact));
  setting(
    'In effect',
    `${resolved.facts.length} fact(s), ${resolved.rules.length} rule(s) and ${resolved.investigations.require.length} required investigation(s), ` +
      `of which this file declares ${declared.facts?.length ?? 0}, ${declared.rules?.length ?? 0} and ${investigations.require?.length ?? 0}`,
  );

  lines.push('', ...describeFacts(declared.facts ?? []), '', ...describeRules(declared.rules ?? []));
  const requirements = investigations.require ?? [];
  if (requirements.length > 0) lines.push('', ...describeRequirements(requirements));
  return `${lines.join('\n')}\n`;
}

export function describeProblems(problems: PolicyProblem[]): string {
  const count = problems.length === 1 ? '1 problem' : `${problems.length} problems`;
  const lines = problems.map((problem) => {
    // Line 0 means the problem has no place in the file, such as a preset file that cannot be read.
    const where = problem.line === 0 ? problem.file : `${problem.file}:${problem.line}:${problem.column}`;
    const key = problem.path === '' ? '' : ` ${problem.path}:`;
    return `${where}:${key} ${problem.message}\n  fix: ${problem.fix}`;
  });
  return `${lines.join('\n')}\n${count}; the policy was not loaded.\n`;
}

/** `merged` lists every preset and file the loader merged, nested ones included, in merge order. */
function describeExtends(declared: string[] | undefined, merged: string[]): string {
  const named = declared ?? [DEFAULT_PRESET];
  const nested = merged.filter((name) => !named.includes(name));
  const also = nested.length === 0 ? '' : `; merged: ${merged.join(', ')}`;
  if (declared === undefined) return `${DEFAULT_PRESET} (the default, because the file has no "extends")${also}`;
  if (declared.length === 0) return 'none ("extends: []" starts from nothing)';
  return `${declared.join(', ')}${also}`;
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

function countRules(rules: Rule[], action: Rule['action']): number {
  return rules.filter((rule) => rule.action === action).length;
}

/** Formats `value unit`, marked "inherited" when the file leaves the key out (`declared` undefined). */
function mark(value: string | number, declared: unknown, unit = ''): string {
  const suffix = unit === '' ? '' : ` ${unit}`;
  return declared === undefined ? `${value}${suffix} (inherited)` : `${value}${suffix}`;
}

function yesNo(value: boolean): string {
  return value ? 'yes' : 'no';
}

// Resolving a policy: parse each input with the zod schema, pull in the presets it extends (depth first,
// each once), merge the layers in order, and fill every default. The result is what the engine runs on.
import type { z } from 'zod';

import { PolicySchema } from './policy-schema.js';
import type { FactSpec, Policy, PolicyInput, Requirement, ResolvedPolicy, Rule } from './policy-schema.js';

export type PolicyErrorCode = 'LOOKOUT_POLICY_INVALID' | 'LOOKOUT_PRESET_NOT_FOUND' | 'LOOKOUT_PRESET_CYCLE';

/** One problem in a policy input, located by the dotted key within that input. */
export interface PolicyIssue {
  /** Dotted key (`rules.0.when.effect`); empty for the document itself. */
  path: string;
  /** The same key as a list of segments, for mapping back to a file's source positions. */
  segments: Array<string | number>;
  message: string;
  /** The shape that was expected at that key, in words. */
  expected: string;
  /** For an unknown key: its name (`path` is then the object that holds it). */
  unknownKey?: string;
}

export interface PolicyError {
  code: PolicyErrorCode;
  message: string;
  /** The policy or preset the problem is in: a preset name, a file path, or `policy` for an inline input. */
  source: string;
  issues: PolicyIssue[];
}

export type PolicyResult = { ok: true; policy: ResolvedPolicy } | { ok: false; error: PolicyError };

/** A named policy input; inputs given without a name are called `policy`, `policy[1]`, … */
export interface NamedPolicyInput {
  name: string;
  input: unknown;
}

/** The preset a policy extends when it has no `extends` key. */
export const DEFAULT_PRESET = 'coding-agent';

export const POLICY_DEFAULTS = {
  decayTokens: 4000,
  reminderMaxFacts: 5,
  reminderMaxTokens: 300,
  freshTokens: 8000,
  freshCalls: 20,
} as const;

/**
 * Resolves one policy input or several (merged in order) into a policy with presets merged and defaults
 * filled. `loadPreset` returns a preset's input by name, or undefined when there is no such preset.
 * A top-level input without `extends` extends `coding-agent`; a preset without `extends` extends nothing.
 */
export function resolvePolicy(
  input: PolicyInput | PolicyInput[] | NamedPolicyInput[],
  loadPreset: (name: string) => PolicyInput | undefined,
): PolicyResult {
  const inputs = normaliseInputs(input);
  const layers: Array<{ name: string; policy: Policy }> = [];
  const included = new Set<string>();

  const visit = (name: string, raw: unknown, stack: string[], topLevel: boolean): PolicyError | undefined => {
    const parsed = PolicySchema.safeParse(raw);
    if (!parsed.success) return invalid(name, parsed.error);

    const parents = parsed.data.extends ?? (topLevel ? [DEFAULT_PRESET] : []);
    for (const parent of parents) {
      if (stack.includes(parent)) {
        return {
          code: 'LOOKOUT_PRESET_CYCLE',
          message: `Preset "${parent}" extends itself through ${[...stack, parent].join(' → ')}; remove one of those \`extends\` entries.`,
          source: name,
          issues: [],
        };
      }
      if (included.has(parent)) continue;
      const preset = loadPreset(parent);
      if (preset === undefined) {
        return {
          code: 'LOOKOUT_PRESET_NOT_FOUND',
          message: `Preset "${parent}" named in \`extends\` of ${name} was not found; check the name or use \`extends: []\`.`,
          source: name,
          issues: [{ path: 'extends', segments: ['extends'], message: `unknown preset "${parent}"`, expected: 'the name of a shipped preset or policy file' }],
        };
      }
      included.add(parent);
      const error = visit(parent, preset, [...stack, parent], false);
      if (error !== undefined) return error;
    }
    layers.push({ name, policy: parsed.data });
    return undefined;
  };

  for (const { name, input: raw } of inputs) {
    const error = visit(name, raw, [name], true);
    if (error !== undefined) return { ok: false, error };
  }
  return { ok: true, policy: mergeLayers(layers) };
}

function normaliseInputs(input: PolicyInput | PolicyInput[] | NamedPolicyInput[]): NamedPolicyInput[] {
  const list: unknown[] = Array.isArray(input) ? input : [input];
  return list.map((item, index) =>
    isNamed(item) ? item : { name: list.length === 1 ? 'policy' : `policy[${index}]`, input: item },
  );
}

function isNamed(value: unknown): value is NamedPolicyInput {
  if (typeof value !== 'object' || value === null) return false;
  const keys = Object.keys(value);
  return keys.length === 2 && keys.includes('name') && keys.includes('input');
}

function mergeLayers(layers: Array<{ name: string; policy: Policy }>): ResolvedPolicy {
  const facts = new Map<string, FactSpec>();
  const rules = new Map<string, Rule>();
  let requirements: Requirement[] = [];
  const redact = new Set<string>();
  const resolved: ResolvedPolicy = {
    mode: 'enforce',
    facts: [],
    rules: [],
    actions: { reminder: 'hold', investigation: 'hold' },
    decay: {
      tokens: POLICY_DEFAULTS.decayTokens,
      reminderMaxFacts: POLICY_DEFAULTS.reminderMaxFacts,
      reminderMaxTokens: POLICY_DEFAULTS.reminderMaxTokens,
      extractFromMessages: true,
      extractFromResults: true,
    },
    investigations: { freshTokens: POLICY_DEFAULTS.freshTokens, freshCalls: POLICY_DEFAULTS.freshCalls, auto: true, require: [] },
    journal: { redact: [] },
    sources: [],
  };

  for (const { name, policy } of layers) {
    resolved.sources.push(name);
    if (policy.mode !== undefined) resolved.mode = policy.mode;
    for (const fact of policy.facts ?? []) facts.set(fact.id, fact);
    for (const rule of policy.rules ?? []) rules.set(rule.id, rule);
    Object.assign(resolved.actions, definedOnly(policy.actions ?? {}));
    Object.assign(resolved.decay, definedOnly(policy.decay ?? {}));

    const { require, ...investigations } = policy.investigations ?? {};
    Object.assign(resolved.investigations, definedOnly(investigations));
    // A later layer's requirement for an effect replaces earlier ones for that effect.
    for (const requirement of require ?? []) {
      requirements = [...requirements.filter((existing) => existing.effect !== requirement.effect), requirement];
    }

    if (policy.journal?.path !== undefined) resolved.journal.path = policy.journal.path;
    for (const key of policy.journal?.redact ?? []) redact.add(key);
  }

  resolved.facts = [...facts.values()];
  resolved.rules = [...rules.values()];
  resolved.investigations.require = requirements;
  resolved.journal.redact = [...redact];
  return resolved;
}

function definedOnly<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, entry]) => entry !== undefined)) as Partial<T>;
}

function invalid(source: string, error: z.ZodError): PolicyError {
  const issues = error.issues.map(toIssue);
  const first = issues[0];
  const where = first === undefined || first.path === '' ? '' : ` at \`${first.path}\``;
  return {
    code: 'LOOKOUT_POLICY_INVALID',
    message: `Policy ${source} is invalid${where}: ${first?.message ?? 'unknown problem'}; expected ${first?.expected ?? 'a policy object'}.`,
    source,
    issues,
  };
}

function toIssue(issue: z.core.$ZodIssue): PolicyIssue {
  const segments = issue.path.map((segment) => (typeof segment === 'number' ? segment : String(segment)));
  const unknownKey = issue.code === 'unrecognized_keys' ? issue.keys[0] : undefined;
  return { path: segments.join('.'), segments, message: issue.message, expected: expectedShape(issue), ...(unknownKey === undefined ? {} : { unknownKey }) };
}

/** Describes in words the shape a zod issue expected. */
function expectedShape(issue: z.core.$ZodIssue): string {
  switch (issue.code) {
    case 'invalid_type':
      if (issue.expected === 'array') return 'a list';
      if (issue.expected === 'object') return 'a mapping of keys to values';
      return `a ${issue.expected}`;
    case 'invalid_value':
      return `one of ${issue.values.map((value) => JSON.stringify(value)).join(', ')}`;
    case 'unrecognized_keys':
      return 'one of the keys docs/policy.md lists for this section';
    case 'too_small':
      if (issue.origin === 'array') return `a list of at least ${String(issue.minimum)} item(s)`;
      if (issue.origin === 'string') return 'a non-empty string';
      return `a value of at least ${String(issue.minimum)}`;
    case 'too_big':
      return `a value of at most ${String(issue.maximum)}`;
    case 'invalid_union':
      return 'one of the shapes docs/policy.md lists for this key';
    case 'custom':
      return issue.message;
    default:
      return 'the shape docs/policy.md gives for this key';
  }
}

// The policy file's shape, as one zod schema with its defaults. The loader in `@lookout/core/node`
// parses YAML or JSON into it; `schemas/policy.schema.json` is generated from it for editors.
import { z } from 'zod';

import { EFFECT_IDS } from './classify/effects.js';
import { RISK_LEVELS } from './types.js';

/**
 * An effect id from the catalogue (docs/effects.md), a family such as `git.*`, or `*`. A misspelled effect
 * would make a rule that never matches, so it is rejected with the closest known id.
 */
const effectPattern = z.string().min(1).superRefine((value, context) => {
  if (isKnownEffectPattern(value)) return;
  const closest = closestEffect(value);
  context.addIssue({
    code: 'custom',
    message: `unknown effect "${value}"${closest === undefined ? '' : `; did you mean "${closest}"?`} docs/effects.md lists the effect ids`,
  });
});

function isKnownEffectPattern(value: string): boolean {
  if (value === '*' || EFFECT_IDS.has(value)) return true;
  if (!value.endsWith('.*')) return false;
  const family = value.slice(0, -1);
  return [...EFFECT_IDS].some((id) => id.startsWith(family));
}

function closestEffect(value: string): string | undefined {
  let best: { id: string; distance: number } | undefined;
  for (const id of EFFECT_IDS) {
    const distance = editDistance(value, id);
    if (best === undefined || distance < best.distance) best = { id, distance };
  }
  return best !== undefined && best.distance <= 3 ? best.id : undefined;
}

function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, index) => index);
  for (let i = 1; i <= a.length; i += 1) {
    const current = [i];
    for (let j = 1; j <= b.length; j += 1) {
      const substitution = (previous[j - 1] ?? 0) + (a[i - 1] === b[j - 1] ? 0 : 1);
      current.push(Math.min((previous[j] ?? 0) + 1, (current[j - 1] ?? 0) + 1, substitution));
    }
    previous = current;
  }
  return previous[b.length] ?? 0;
}

const targetPattern = z
  .string()
  .min(1)
  .describe('A path or glob (`/srv/app/tmp/**`, `~/scratch/*`), or a target id such as `sql:default/shop/orders`.');

export const FactSpecSchema = z
  .object({
    id: z.string().min(1).describe('Unique id, used in reminders and the journal.'),
    kind: z.enum(['goal', 'safety']).default('safety'),
    text: z.string().min(1).describe('The fact as a person would state it; reminders quote it verbatim.'),
    tools: z.array(z.string()).optional().describe('Tools the fact is about; absent means any tool.'),
    targets: z.array(targetPattern).optional().describe('Targets the fact is about; absent means any target.'),
    terms: z.array(z.string()).optional().describe('Words that identify the fact; derived from `text` when absent.'),
    decayTokens: z.number().int().positive().optional().describe('Tokens after which this fact decays; overrides `decay.tokens`.'),
  })
  .strict();

export const RuleWhenSchema = z
  .object({
    tool: z.string().min(1).optional().describe('Tool name, exact.'),
    server: z.string().min(1).optional().describe('Server name, exact.'),
    argumentsMatch: z
      .record(z.string(), z.unknown())
      .optional()
      .describe('Argument names mapped to the exact values that trigger the rule.'),
    effect: effectPattern.optional().describe('A classified effect id such as `fs.delete`; `git.*` matches a family.'),
    target: targetPattern.optional().describe('A target the effect must act on; globs allowed.'),
    level: z.enum(RISK_LEVELS).optional().describe('Minimum risk level the call must have.'),
  })
  .strict()
  .refine((when) => when.tool !== undefined || when.effect !== undefined || when.level !== undefined, {
    message: 'A rule needs `tool`, `effect` or `level` in `when`, or it would match every call.',
  });

export const RuleSchema = z
  .object({
    id: z.string().min(1),
    when: RuleWhenSchema,
    action: z.enum(['deny', 'ask', 'hold', 'allow']),
    message: z.string().optional().describe('Shown to the agent (deny, hold) or the person (ask).'),
  })
  .strict();

/** An investigation that a destructive effect needs before it may run. */
export const RequirementSchema = z
  .object({
    effect: effectPattern.describe('The risky effect id (`fs.delete`) or family (`git.*`).'),
    needs: z
      .array(
        z
          .object({
            any: z.array(effectPattern).min(1).describe('Investigative effects, any of which satisfies the need.'),
            on: z
              .enum(['target', 'database', 'repository', 'parent'])
              .default('target')
              .describe('What the investigation must cover: the target itself, its database, its repository, or its parent folder.'),
            sameCondition: z
              .boolean()
              .default(false)
              .describe('For SQL: the count or select must use the same WHERE condition.'),
          })
          .strict(),
      )
      .min(1),
  })
  .strict();

export const PolicySchema = z
  .object({
    $schema: z.string().optional(),
    extends: z
      .array(z.string())
      .optional()
      .describe('Presets (or policy files) this policy adds to; `coding-agent` when absent, nothing when `[]`.'),
    mode: z.enum(['enforce', 'log-only']).optional().describe('`log-only` journals would-be holds and lets every call through.'),
    facts: z.array(FactSpecSchema).optional(),
    rules: z.array(RuleSchema).optional(),
    actions: z
      .object({
        reminder: z.enum(['hold', 'log', 'off']).optional().describe('Mode 1: what a decayed relevant fact does.'),
        investigation: z.enum(['hold', 'log', 'off']).optional().describe('Mode 2: what a missing investigation does.'),
      })
      .strict()
      .optional(),
    decay: z
      .object({
        tokens: z.number().int().positive().optional().describe('Tokens without a restatement after which a fact decays. Default 4000.'),
        reminderMaxFacts: z.number().int().positive().optional().describe('Facts shown in one reminder at most. Default 5.'),
        reminderMaxTokens: z.number().int().positive().optional().describe('Token budget of one reminder. Default 300.'),
        extractFromMessages: z.boolean().optional().describe('Extract safety facts from user and system messages. Default true.'),
        extractFromResults: z.boolean().optional().describe('Extract hazards from tool results. Default true.'),
      })
      .strict()
      .optional(),
    investigations: z
      .object({
        freshTokens: z.number().int().positive().optional().describe('Tokens an investigation stays fresh. Default 8000.'),
        freshCalls: z.number().int().positive().optional().describe('Calls an investigation stays fresh. Default 20.'),
        auto: z.boolean().optional().describe('Let the proxy make the read-only investigation itself. Default true.'),
        require: z.array(RequirementSchema).optional().describe('Investigations each destructive effect needs.'),
      })
      .strict()
      .optional(),
    journal: z
      .object({
        path: z.string().optional().describe('JSON-lines file for near-miss records. Default ~/.local/state/lookout/journal.jsonl.'),
        redact: z.array(z.string()).optional().describe('Extra argument names whose values are replaced with [redacted].'),
      })
      .strict()
      .optional(),
  })
  .strict();

export type PolicyInput = z.input<typeof PolicySchema>;
export type Policy = z.output<typeof PolicySchema>;
export type FactSpec = z.output<typeof FactSpecSchema>;
export type Rule = z.output<typeof RuleSchema>;
export type Requirement = z.output<typeof RequirementSchema>;

/** A policy with its presets merged and every default filled in: what the engine runs on. */
export interface ResolvedPolicy {
  mode: 'enforce' | 'log-only';
  facts: FactSpec[];
  rules: Rule[];
  actions: { reminder: 'hold' | 'log' | 'off'; investigation: 'hold' | 'log' | 'off' };
  decay: {
    tokens: number;
    reminderMaxFacts: number;
    reminderMaxTokens: number;
    extractFromMessages: boolean;
    extractFromResults: boolean;
  };
  investigations: { freshTokens: number; freshCalls: number; auto: boolean; require: Requirement[] };
  journal: { path?: string; redact: string[] };
  /** Names of the presets and files merged in, in order. */
  sources: string[];
}

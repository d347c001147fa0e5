// Shared helpers for the classifier tables: one session context and short accessors.
import { EFFECT_IDS, classifyCall } from '@lookout/core';
import type { Classification, ToolDefinition } from '@lookout/core';

export const CONTEXT = { cwd: '/home/dev/shop', home: '/home/dev' };

export function shell(command: string, cwd = CONTEXT.cwd): Classification {
  return classifyCall({ tool: 'bash', arguments: { command }, context: { ...CONTEXT, cwd } });
}

export function call(tool: string, args: Record<string, unknown>, definition?: ToolDefinition): Classification {
  return classifyCall({ tool, arguments: args, ...(definition === undefined ? {} : { definition }), context: CONTEXT });
}

/** Returns the finding with the given effect, or undefined. */
export function finding(classification: Classification, effect: string): Classification['findings'][number] | undefined {
  return classification.findings.find((candidate) => candidate.effect === effect);
}

export function targetIds(classification: Classification, effect: string): string[] {
  return finding(classification, effect)?.targets.map((target) => target.id) ?? [];
}

export function observationIds(classification: Classification, effect: string): string[] {
  return classification.observations.filter((observation) => observation.effect === effect).map((observation) => observation.target.id);
}

/** Effect ids in a classification that the effect catalogue (and so docs/effects.md) does not list. */
export function unknownEffects(classification: Classification): string[] {
  const effects = [...classification.findings.map((item) => item.effect), ...classification.observations.map((item) => item.effect)];
  return effects.filter((effect) => !EFFECT_IDS.has(effect));
}

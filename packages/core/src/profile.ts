// The words of a call that relevance matches facts against: the tool name, the effects, the targets and the
// argument values, split so that `delete_messages` offers both `delete` and `messages`.
import type { Classification, Target } from './types.js';
import type { CallProfile } from './relevance.js';
import { stemPrefixes } from './relevance.js';
import { stemSet } from './facts/terms.js';

// Arguments can carry whole files (write_file content); the first few thousand characters name what the
// call is about, and matching the rest would cost time on every call.
const MAX_ARGUMENT_TEXT = 4000;

/** Profiles a call for relevance. The stems are computed on first use: most calls are reads and never need them. */
export function profileCall(tool: string, args: Record<string, unknown>, classification: Classification): CallProfile {
  const targets = uniqueTargets([...classification.findings.flatMap((finding) => finding.targets), ...classification.dependsOn]);
  let stems: Set<string> | undefined;
  let prefixes: Set<string> | undefined;

  const computeStems = (): Set<string> => {
    const text = [
      tool,
      ...classification.findings.map((finding) => finding.effect),
      ...targets.map((target) => target.id),
      argumentText(args).slice(0, MAX_ARGUMENT_TEXT),
    ].join(' ');
    const result = stemSet(text);
    for (const stem of stemSet(text.replace(/[_.\-/:]+/g, ' '))) result.add(stem);
    return result;
  };

  return {
    tool,
    level: classification.level,
    targets,
    get stems() {
      stems ??= computeStems();
      return stems;
    },
    get prefixes() {
      prefixes ??= stemPrefixes(this.stems);
      return prefixes;
    },
  };
}

function argumentText(value: unknown): string {
  const parts: string[] = [];
  const visit = (item: unknown, depth: number): void => {
    if (depth > 6) return;
    if (typeof item === 'string') parts.push(item);
    else if (typeof item === 'number' || typeof item === 'boolean') parts.push(String(item));
    else if (Array.isArray(item)) for (const entry of item) visit(entry, depth + 1);
    else if (item !== null && typeof item === 'object') for (const entry of Object.values(item)) visit(entry, depth + 1);
  };
  visit(value, 0);
  return parts.join(' ');
}

function uniqueTargets(targets: Target[]): Target[] {
  const seen = new Set<string>();
  return targets.filter((target) => {
    const key = `${target.kind}:${target.id}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

// Building a Classification from findings and observations: the level is the highest finding's level,
// and targets are deduplicated by kind and id, so each target reaches the engine once.
import { RISK_LEVELS } from '../types.js';
import type { Classification, ClassificationSource, Finding, Observation, RiskLevel, Target } from '../types.js';

/** A classification under construction; classifiers push into its lists, then `finish` builds the result. */
export interface Draft {
  findings: Finding[];
  observations: Observation[];
  creates: Target[];
  ensures: Target[];
  writes: Target[];
  dependsOn: Target[];
}

export function emptyDraft(): Draft {
  return { findings: [], observations: [], creates: [], ensures: [], writes: [], dependsOn: [] };
}

/** Returns the higher of two risk levels. */
export function maxLevel(a: RiskLevel, b: RiskLevel): RiskLevel {
  return RISK_LEVELS.indexOf(a) >= RISK_LEVELS.indexOf(b) ? a : b;
}

/** Turns a draft into the classification the engine reads. */
export function finish(draft: Draft, source: ClassificationSource): Classification {
  const findings = dedupeFindings(draft.findings);
  let level: RiskLevel = 'read';
  for (const finding of findings) level = maxLevel(level, finding.level);

  return {
    level,
    findings,
    observations: dedupeObservations(draft.observations),
    creates: dedupeTargets(draft.creates),
    ...(draft.ensures.length === 0 ? {} : { ensures: dedupeTargets(draft.ensures) }),
    writes: dedupeTargets(draft.writes),
    dependsOn: dedupeTargets(draft.dependsOn),
    source,
  };
}

/** Builds a read-level classification with the given observations and nothing else. */
export function readOnly(observations: Observation[], source: ClassificationSource): Classification {
  return finish({ ...emptyDraft(), observations }, source);
}

export function dedupeTargets(targets: Target[]): Target[] {
  const seen = new Set<string>();
  const result: Target[] = [];
  for (const target of targets) {
    const key = `${target.kind}:${target.id}`;
    if (seen.has(key)) continue;
    seen.add(key);
    result.push(target);
  }
  return result;
}

function dedupeFindings(findings: Finding[]): Finding[] {
  const seen = new Set<string>();
  const result: Finding[] = [];
  for (const finding of findings) {
    const key = `${finding.effect}|${finding.reason}|${finding.targets.map((t) => `${t.kind}:${t.id}`).join(',')}`;
    if (seen.has(key)) continue;
    seen.add(key);
    result.push({ ...finding, targets: dedupeTargets(finding.targets) });
  }
  return result;
}

function dedupeObservations(observations: Observation[]): Observation[] {
  const seen = new Set<string>();
  const result: Observation[] = [];
  for (const observation of observations) {
    const key = `${observation.effect}|${observation.target.kind}:${observation.target.id}|${observation.condition ?? ''}`;
    if (seen.has(key)) continue;
    seen.add(key);
    result.push(observation);
  }
  return result;
}

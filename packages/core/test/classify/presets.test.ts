// The shipped presets and the effect docs against the effect catalogue: every preset resolves, names
// only known effects, covers every risky effect, and docs/effects.md and docs/presets.md list them.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

import { EFFECTS, EFFECT_IDS, resolvePolicy } from '@lookout/core';
import { loadPreset, presetNames } from '@lookout/core/node';
import { requirementsFor } from '../../src/investigations.js';

const PRESETS = ['filesystem', 'shell', 'git', 'sql', 'infra', 'coding-agent'];
const docs = (name: string): string => readFileSync(fileURLToPath(new URL(`../../../../docs/${name}`, import.meta.url)), 'utf8');

function resolved(name: string) {
  const result = resolvePolicy({ extends: [name] }, loadPreset);
  if (!result.ok) throw new Error(`preset ${name} does not resolve: ${result.error.message}`);
  return result.policy;
}

describe('presets', () => {
  it('ships the six presets', () => {
    expect(presetNames()).toEqual(expect.arrayContaining(PRESETS));
  });

  it.each(PRESETS)('%s names only catalogued effects', (name) => {
    for (const requirement of resolved(name).investigations.require) {
      const family = requirement.effect.endsWith('.*') ? requirement.effect.slice(0, -1) : undefined;
      if (family === undefined) expect(EFFECT_IDS.has(requirement.effect), requirement.effect).toBe(true);
      else expect([...EFFECT_IDS].some((id) => id.startsWith(family)), requirement.effect).toBe(true);
      for (const need of requirement.needs) for (const effect of need.any) expect(EFFECT_IDS.has(effect), effect).toBe(true);
    }
  });

  it.each(PRESETS)('%s asks only for observations as investigations', (name) => {
    const observations = new Set(EFFECTS.filter((effect) => effect.kind === 'observation').map((effect) => effect.id));
    for (const requirement of resolved(name).investigations.require) {
      for (const need of requirement.needs) for (const effect of need.any) expect(observations.has(effect), effect).toBe(true);
    }
  });

  it('gives every destructive effect a requirement in coding-agent', () => {
    const require = resolved('coding-agent').investigations.require;
    const risky = EFFECTS.filter((effect) => effect.levels.includes('destructive') || effect.levels.includes('critical'));

    const uncovered = risky.filter((effect) => requirementsFor(effect.id, require).length === 0).map((effect) => effect.id);
    expect(uncovered).toEqual([]);
  });

  it('turns auto-investigation on for filesystem and git', () => {
    expect(loadPreset('filesystem')?.investigations?.auto).toBe(true);
    expect(loadPreset('git')?.investigations?.auto).toBe(true);
  });
});

describe('effect docs', () => {
  const listed = (text: string): string[] => [...text.matchAll(/^\| `([a-z0-9.*-]+)` \|/gm)].map((match) => match[1] as string);

  it('lists every catalogued effect in docs/effects.md', () => {
    const text = docs('effects.md');
    expect(new Set(listed(text.slice(text.indexOf('## Findings'))))).toEqual(new Set(EFFECTS.map((effect) => effect.id)));
  });

  it('lists every requirement of every preset in docs/presets.md', () => {
    const text = docs('presets.md');
    for (const name of PRESETS.filter((preset) => preset !== 'coding-agent')) {
      for (const requirement of loadPreset(name)?.investigations?.require ?? []) expect(text).toContain(`| \`${requirement.effect}\` |`);
    }
  });
});

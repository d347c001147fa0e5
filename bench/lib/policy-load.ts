// The heavy policy the in-process benchmarks run: 100 facts and 50 rules on top of the coding-agent preset
// (or on nothing while the preset is not built), so that every decision walks realistic fact and rule lists.

import { resolvePolicy, type PolicyInput, type ResolvedPolicy } from '@lookout/core';
import { loadPreset } from '@lookout/core/node';

export const FACT_COUNT = 100;
export const RULE_COUNT = 50;
export const WORKSPACE = '/srv/app';

type FactInput = NonNullable<PolicyInput['facts']>[number];
type RuleInput = NonNullable<PolicyInput['rules']>[number];

function buildFacts(): FactInput[] {
  const facts: FactInput[] = [];
  for (let index = 0; index < FACT_COUNT; index++) {
    switch (index % 4) {
      case 0:
        facts.push({ id: `keep-customers-${index}`, kind: 'safety', text: `Never delete the customer exports in ${WORKSPACE}/data/customers-${index}; finance reconciles them monthly.`, targets: [`${WORKSPACE}/data/customers-${index}/**`] });
        break;
      case 1:
        facts.push({ id: `goal-module-${index}`, kind: 'goal', text: `Move module ${index} to the structured logger without changing its exported functions.` });
        break;
      case 2:
        facts.push({ id: `no-move-${index}`, kind: 'safety', text: `Do not move files out of ${WORKSPACE}/src/module-${index}: the build lists them by path.`, tools: ['move_file'] });
        break;
      default:
        facts.push({ id: `orders-db-${index}`, kind: 'safety', text: `The orders-${index} database is production and serves live checkout traffic.` });
    }
  }
  return facts;
}

function buildRules(): RuleInput[] {
  const rules: RuleInput[] = [];
  for (let index = 0; index < RULE_COUNT; index++) {
    switch (index % 5) {
      case 0:
        rules.push({ id: `no-env-${index}`, when: { tool: 'write_file', argumentsMatch: { path: `${WORKSPACE}/.env.${index}` } }, action: 'deny', message: 'Secrets files are edited by hand.' });
        break;
      case 1:
        rules.push({ id: `archive-${index}`, when: { effect: 'fs.delete', target: `${WORKSPACE}/data/archive-${index}/**` }, action: 'ask' });
        break;
      case 2:
        rules.push({ id: `scratch-${index}`, when: { effect: 'fs.overwrite', target: `${WORKSPACE}/tmp/scratch-${index}/**` }, action: 'allow' });
        break;
      case 3:
        rules.push({ id: `vendor-${index}`, when: { effect: 'fs.move', target: `${WORKSPACE}/vendor/lib-${index}/**` }, action: 'hold', message: 'Vendored code is pinned.' });
        break;
      default:
        rules.push({ id: `db-${index}`, when: { server: `db-${index}`, level: 'critical' }, action: 'ask' });
    }
  }
  return rules;
}

/** Resolves the benchmark policy; `preset` names what it extends. */
export function benchmarkPolicy(): { policy: ResolvedPolicy; preset: string } {
  const hasPreset = loadPreset('coding-agent') !== undefined;
  const result = resolvePolicy(
    { extends: hasPreset ? ['coding-agent'] : [], facts: buildFacts(), rules: buildRules() },
    loadPreset,
  );
  if (!result.ok) throw new Error(`the benchmark policy does not resolve: ${result.error.message}`);
  return { policy: result.policy, preset: hasPreset ? 'coding-agent' : 'nothing (the coding-agent preset is missing)' };
}

// The classifiers against every tool call of the shared landmine cases. Read-only tools classify as
// reads, and held calls as destructive or critical with targets. For each investigation a held call
// needs, the first suggested call classifies as an observation that meets the need. These tests run
// only where the cases folder exists beside the checkout.
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

import { classifyCall, suggestInvestigations, targetCovers } from '@lookout/core';
import type { Classification, ToolDefinition } from '@lookout/core';
import { defaultPolicy } from '@lookout/core/node';
import { needTarget, requirementsFor } from '../../src/investigations.js';

const CASES = fileURLToPath(new URL('../../../../../shared/cases/', import.meta.url));

interface ToolUse {
  id: string;
  name: string;
  input: Record<string, unknown>;
}

interface CaseFile {
  id: string;
  cwd?: string;
  tools: ToolDefinition[];
  transcript: Array<{ role: string; content: unknown }>;
  expect: { hold: string[]; allow: string[] };
}

function loadCases(): CaseFile[] {
  if (!existsSync(CASES)) return [];
  return readdirSync(CASES)
    .filter((name) => name.endsWith('.json'))
    .map((name) => JSON.parse(readFileSync(`${CASES}${name}`, 'utf8')) as CaseFile);
}

function toolUses(caseFile: CaseFile): ToolUse[] {
  return caseFile.transcript.flatMap((message) => (Array.isArray(message.content) ? (message.content as Array<{ type: string } & ToolUse>).filter((block) => block.type === 'tool_use') : []));
}

function classify(caseFile: CaseFile, use: { name: string; input: unknown }): Classification {
  const definition = caseFile.tools.find((tool) => tool.name === use.name);
  return classifyCall({
    tool: use.name,
    arguments: use.input as Record<string, unknown>,
    ...(definition === undefined ? {} : { definition }),
    context: caseFile.cwd === undefined ? {} : { cwd: caseFile.cwd },
  });
}

const cases = loadCases();
const calls = cases.flatMap((caseFile) => toolUses(caseFile).map((use) => ({ name: `${caseFile.id} ${use.id} ${use.name}`, caseFile, use })));
const held = calls.filter(({ caseFile, use }) => caseFile.expect.hold.includes(use.id));
const readOnlyAllowed = calls.filter(({ caseFile, use }) => caseFile.expect.allow.includes(use.id) && caseFile.tools.find((tool) => tool.name === use.name)?.annotations?.readOnlyHint === true);

describe.runIf(cases.length > 0)('classifyCall on the shared cases', () => {
  it.each(readOnlyAllowed)('$name classifies as a read', ({ caseFile, use }) => {
    expect(classify(caseFile, use).level).toBe('read');
  });

  it.each(held)('$name classifies as destructive with targets', ({ caseFile, use }) => {
    const classification = classify(caseFile, use);

    expect(['destructive', 'critical']).toContain(classification.level);
    const risky = classification.findings.filter((finding) => finding.level === 'destructive' || finding.level === 'critical');
    expect(risky.flatMap((finding) => finding.targets).length).toBeGreaterThan(0);
    for (const target of risky.flatMap((finding) => finding.targets)) {
      if (target.kind === 'path') expect(target.id).toMatch(/^\/(?!.*\/\.\.?(\/|$))/);
    }
  });

  it.each(held)('$name has investigations the session can make', ({ caseFile, use }) => {
    const policy = defaultPolicy();
    const classification = classify(caseFile, use);
    const risky = classification.findings.filter((finding) => finding.level === 'destructive' || finding.level === 'critical');

    for (const finding of risky) {
      const needs = requirementsFor(finding.effect, policy.investigations.require).flatMap((requirement) => requirement.needs);
      for (const target of finding.targets) {
        for (const need of needs) {
          const covered = needTarget(target, need.on);
          const suggestions = suggestInvestigations({
            target: covered,
            effects: need.any,
            tools: caseFile.tools,
            context: caseFile.cwd === undefined ? {} : { cwd: caseFile.cwd },
            ...(finding.condition === undefined ? {} : { condition: finding.condition }),
          });
          expect(suggestions.length, `no suggestion for ${need.any.join('/')} on ${covered.id}`).toBeGreaterThan(0);

          const first = suggestions[0] as (typeof suggestions)[number];
          const observed = classify(caseFile, { name: first.tool, input: first.arguments });
          const satisfies = observed.observations.some((observation) => need.any.includes(observation.effect) && targetCovers(observation.target, covered));
          expect(satisfies, `${first.tool} ${JSON.stringify(first.arguments)} does not observe ${covered.id}`).toBe(true);
        }
      }
    }
  });
});

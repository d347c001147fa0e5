import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { assert, describe, expect, it } from 'vitest';

import { resolvePolicy } from '@lookout/core';
import type { PolicyInput } from '@lookout/core';
import { formatPolicyError, loadPolicyFile } from '@lookout/core/node';

const presets: Record<string, PolicyInput> = {
  'coding-agent': { extends: ['filesystem'], facts: [{ id: 'preset-fact', text: 'Leave the .git folder alone.' }], decay: { tokens: 5000 } },
  filesystem: { investigations: { require: [{ effect: 'fs.delete', needs: [{ any: ['fs.list'] }] }] } },
  loop: { extends: ['loop'] },
};
const loadPreset = (name: string): PolicyInput | undefined => presets[name];

describe('resolvePolicy', () => {
  it('loads the inline case shape on top of coding-agent', () => {
    const result = resolvePolicy(
      {
        facts: [{ id: 'shared-checkout', kind: 'safety', text: 'This checkout is shared: never discard changes you did not make.' }],
        rules: [{ id: 'no-hard-reset', when: { tool: 'git_reset', argumentsMatch: { mode: 'hard' } }, action: 'deny' }],
      },
      loadPreset,
    );

    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.policy.sources).toEqual(['filesystem', 'coding-agent', 'policy']);
    expect(result.policy.facts.map((fact) => fact.id)).toEqual(['preset-fact', 'shared-checkout']);
    expect(result.policy.rules.map((rule) => rule.id)).toEqual(['no-hard-reset']);
    expect(result.policy.investigations.require.map((requirement) => requirement.effect)).toEqual(['fs.delete']);
    expect(result.policy.decay.tokens).toBe(5000);
  });

  it('fills every default when extending nothing', () => {
    const result = resolvePolicy({ extends: [] }, loadPreset);

    assert(result.ok);
    expect(result.policy).toEqual({
      mode: 'enforce',
      facts: [],
      rules: [],
      actions: { reminder: 'hold', investigation: 'hold' },
      decay: { tokens: 4000, reminderMaxFacts: 5, reminderMaxTokens: 300, extractFromMessages: true, extractFromResults: true },
      investigations: { freshTokens: 8000, freshCalls: 20, auto: true, require: [] },
      journal: { redact: [] },
      sources: ['policy'],
    });
  });

  it('lets a later layer override scalars and same-id entries', () => {
    const result = resolvePolicy([{ mode: 'log-only', facts: [{ id: 'preset-fact', text: 'Changed.' }] }, { extends: [], decay: { tokens: 2000 } }], loadPreset);

    assert(result.ok);
    expect(result.policy.mode).toBe('log-only');
    expect(result.policy.facts.map((fact) => fact.text)).toEqual(['Changed.']);
    expect(result.policy.decay.tokens).toBe(2000);
  });

  it.each([
    ['an unknown preset', { extends: ['nope'] }, 'LOOKOUT_PRESET_NOT_FOUND', /Preset "nope"/],
    ['a preset cycle', { extends: ['loop'] }, 'LOOKOUT_PRESET_CYCLE', /loop/],
    ['an unknown action', { rules: [{ id: 'r', when: { tool: 'x' }, action: 'block' }] }, 'LOOKOUT_POLICY_INVALID', /rules\.0\.action/],
  ])('rejects %s', (_name, input, code, message) => {
    const result = resolvePolicy(input as PolicyInput, loadPreset);

    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error.code).toBe(code);
    expect(result.error.message).toMatch(message);
  });
});

describe('loadPolicyFile', () => {
  const folder = mkdtempSync(join(tmpdir(), 'lookout-policy-'));
  const write = (name: string, text: string): string => {
    const file = join(folder, name);
    writeFileSync(file, text);
    return file;
  };

  it('loads a YAML policy', () => {
    const file = write('ok.yaml', 'extends: []\nmode: log-only\nfacts:\n  - { id: freeze, text: "Code freeze until Friday." }\n');

    const result = loadPolicyFile(file);

    assert(result.ok);
    expect(result.policy.mode).toBe('log-only');
    expect(result.policy.facts[0]?.kind).toBe('safety');
  });

  it('loads a JSON policy', () => {
    const file = write('ok.json', JSON.stringify({ extends: [], decay: { tokens: 3000 } }, null, 2));

    expect(loadPolicyFile(file)).toMatchObject({ ok: true, policy: { decay: { tokens: 3000 } } });
  });

  it.each([
    [
      'a wrong value',
      'bad-action.yaml',
      'extends: []\nrules:\n  - id: no-reset\n    when: { tool: git_reset }\n    action: block\n',
      { line: 5, column: 13, key: 'rules.0.action', expected: 'one of "deny", "ask", "hold", "allow"' },
    ],
    [
      'an unknown key',
      'bad-key.yaml',
      'extends: []\ndecay:\n  tokens: 4000\n  tokns: 300\n',
      { line: 4, column: 3, key: 'decay.tokns', expected: 'one of the keys docs/policy.md lists for this section' },
    ],
    [
      'a wrong type',
      'bad-type.yaml',
      'extends: []\ninvestigations:\n  freshTokens: lots\n',
      { line: 3, column: 16, key: 'investigations.freshTokens', expected: 'a number' },
    ],
    [
      'a wrong type in JSON',
      'bad-type.json',
      '{\n  "extends": [],\n  "facts": [{ "id": "a", "text": 3 }]\n}\n',
      { line: 3, column: 34, key: 'facts.0.text', expected: 'a string' },
    ],
  ])('locates %s', (_name, fileName, text, expected) => {
    const file = write(fileName, text);

    const result = loadPolicyFile(file);

    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.errors[0]).toMatchObject({ code: 'LOOKOUT_POLICY_INVALID', file, ...expected });
    expect(formatPolicyError(result.errors[0]!)).toContain(`${file}:${expected.line}:${expected.column}: ${expected.key}:`);
  });

  it('reports a YAML syntax error with its position', () => {
    const file = write('syntax.yaml', 'extends: []\nrules: [\n');

    const result = loadPolicyFile(file);

    expect(result.ok ? undefined : result.errors[0]).toMatchObject({ code: 'LOOKOUT_POLICY_SYNTAX', file, line: 3 });
  });

  it('reports a missing file', () => {
    const result = loadPolicyFile(join(folder, 'missing.yaml'));

    expect(result.ok ? undefined : result.errors[0]?.code).toBe('LOOKOUT_POLICY_UNREADABLE');
  });

  it('locates an error inside an extended file', () => {
    write('base.yaml', 'extends: []\nmode: sometimes\n');
    const file = write('top.yaml', 'extends: [./base.yaml]\n');

    const result = loadPolicyFile(file);

    expect(result.ok ? undefined : result.errors[0]).toMatchObject({ file: join(folder, 'base.yaml'), line: 2, key: 'mode' });
  });
});

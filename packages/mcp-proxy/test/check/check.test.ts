import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { runCli } from '../report/helpers.js';

const BASE_POLICY = `extends: []
facts:
  - { id: base-goal, kind: goal, text: Ship the parser refactor. }
rules:
  - { id: no-drop, when: { effect: sql.drop }, action: deny }
decay: { reminderMaxFacts: 7 }
`;

const VALID_POLICY = `extends: [./base.yaml]
mode: log-only
facts:
  - { id: code-freeze, kind: safety, text: "Code freeze until Friday: change nothing in production." }
  - id: keep-data
    text: Never delete anything under data/.
    targets: ["/home/dev/shop/data/**"]
    decayTokens: 2000
rules:
  - { id: no-hard-reset, when: { tool: git_reset, argumentsMatch: { mode: hard } }, action: deny }
  - { id: no-force-push, when: { effect: git.push.force }, action: ask, message: "Force pushes need a person." }
  - { id: scratch-ok, when: { effect: fs.delete, target: "/home/dev/shop/tmp/**" }, action: allow }
actions: { reminder: hold, investigation: log }
decay: { tokens: 3000 }
investigations:
  freshCalls: 10
  auto: false
  require:
    - effect: fs.delete
      needs: [{ any: [fs.list, fs.stat], on: parent }]
journal: { path: /var/log/lookout.jsonl, redact: [token] }
`;

let workDir: string;

beforeAll(async () => {
  workDir = await mkdtemp(join(tmpdir(), 'lookout-check-'));
  await writeFile(join(workDir, 'base.yaml'), BASE_POLICY);
});

afterAll(async () => {
  await rm(workDir, { recursive: true, force: true });
});

async function check(name: string, text: string): Promise<{ exitCode: number; stdout: string; stderr: string; path: string }> {
  const path = join(workDir, name);
  await writeFile(path, text);
  return { ...(await runCli(['check', name], workDir)), path };
}

describe('lookout check on a valid policy', () => {
  it('prints every declaration', async () => {
    const run = await check('valid.yaml', VALID_POLICY);

    expect(run.exitCode).toBe(0);
    expect(run.stderr).toBe('');
    const lines = run.stdout.split('\n');
    expect(lines[0]).toBe(`${run.path}: valid`);
    expect(lines).toContain('Presets         ./base.yaml');
    expect(lines).toContain('Mode            log-only: journals would-be holds and lets every call through');
    expect(lines).toContain('Mode 1 action   hold when a relevant fact has decayed');
    expect(lines).toContain('Mode 2 action   log when an investigation is missing');
    expect(lines).toContain('Mode 3 action   2 deny and 1 ask rule(s) in effect');
    expect(lines).toContain('Decay           facts decay after 3000 tokens without a restatement');
    expect(lines).toContain('                a reminder shows at most 7 facts (inherited) within 300 tokens (inherited)');
    expect(lines).toContain('Investigations  fresh for 8000 tokens (inherited) or 10 calls; auto-investigate: no');
    expect(lines).toContain('In effect       3 fact(s), 4 rule(s) and 1 required investigation(s), of which this file declares 2, 3 and 1');
    expect(lines).toContain('Journal         /var/log/lookout.jsonl; also redacts: token');
    expect(lines).toContain('  code-freeze  safety  Code freeze until Friday: change nothing in production.');
    expect(lines).toContain('               targets: /home/dev/shop/data/**; decays after 2000 tokens');
    expect(lines).toContain('  no-hard-reset  deny   tool git_reset with arguments {"mode":"hard"}');
    expect(lines).toContain('                 message: Force pushes need a person.');
    expect(lines).toContain('  scratch-ok     allow  effect fs.delete on /home/dev/shop/tmp/**');
    expect(lines).toContain('  fs.delete needs fs.list or fs.stat on the parent');
  });

  it('extends the coding-agent preset by default', async () => {
    const run = await check('default.yaml', 'facts:\n  - { id: own, text: Keep the changelog. }\n');

    expect(run.exitCode).toBe(0);
    expect(run.stdout).toMatch(/^Presets {9}coding-agent \(the default, because the file has no "extends"\)(; merged: .*coding-agent)?$/m);
    expect(run.stdout).toMatch(/^In effect {7}\d+ fact\(s\), \d+ rule\(s\) and [1-9]\d* required investigation\(s\), of which this file declares 1, 0 and 0$/m);
  });

  it('marks the defaults of a policy without presets', async () => {
    const run = await check('bare.yaml', 'extends: []\n');

    expect(run.exitCode).toBe(0);
    expect(run.stdout).toContain('Presets         none ("extends: []" starts from nothing)');
    expect(run.stdout).toContain('Mode            enforce (inherited)');
    expect(run.stdout).toContain('Decay           facts decay after 4000 tokens (inherited) without a restatement');
    expect(run.stdout).toContain('Facts: none declared in this file');
    expect(run.stdout).toContain('Rules: none declared in this file');
  });

  it('accepts a JSON policy', async () => {
    const inline = JSON.stringify({
      extends: [],
      facts: [{ id: 'shared-checkout', kind: 'safety', text: 'This checkout is shared: never discard changes you did not make.' }],
      rules: [{ id: 'no-hard-reset', when: { tool: 'git_reset', argumentsMatch: { mode: 'hard' } }, action: 'deny' }],
    });

    const run = await check('inline.json', inline);

    expect(run.exitCode).toBe(0);
    expect(run.stdout).toContain('  shared-checkout  safety  This checkout is shared');
  });
});

describe('lookout check on an invalid policy', () => {
  it.each([
    ['an unknown mode', 'mode: watch\n', '1:7: mode: Invalid option: expected one of "enforce"|"log-only"', 'fix: use one of: enforce, log-only'],
    ['a misspelt key', 'facts:\n  - id: a\n    txt: b\n', '3:5: facts.0.txt: unknown key "txt"', 'fix: did you mean "text"? Allowed keys here: id, kind'],
    ['a missing key', 'facts:\n  - id: a\n', '2:5: facts.0.text: missing required key (expected string)', 'fix: add the key with a string value'],
    ['a rule matching everything', 'rules:\n  - id: r\n    when: { server: s }\n    action: deny\n', '3:11: rules.0.when: invalid "when"', 'fix: A rule needs `tool`, `effect` or `level`'],
    ['a zero decay', 'decay:\n  tokens: 0\n', '2:11: decay.tokens: Too small', 'fix: use a value greater than 0'],
    ['a top-level typo', 'investigation: {}\n', '1:1: investigation: unknown key "investigation"', 'did you mean "investigations"?'],
    ['duplicate fact ids', 'extends: []\nfacts:\n  - { id: a, text: x }\n  - { id: a, text: y }\n', '4:11: facts.1.id: duplicate id "a" (also facts.0.id)', 'fix: give each entry of "facts" its own id'],
    ['a YAML indentation error', 'facts:\n  - id: a\n   text: b\n', '3:', 'fix: check the indentation'],
    ['an unknown preset', 'extends: [no-such-preset]\n', '1:10: extends: unknown preset "no-such-preset"', 'fix: expected the name of a shipped preset or policy file'],
    ['an empty file', '', '1:1:', 'the policy file is empty'],
    ['a duplicate YAML key', 'mode: enforce\nmode: log-only\n', '2:1:', 'fix: remove or rename one of the two keys'],
  ])('reports %s', async (_case, text, location, fix) => {
    const run = await check('policy.yaml', text);

    expect(run.exitCode).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toContain(`${run.path}:${location}`);
    expect(run.stderr).toContain(fix);
    expect(run.stderr).toContain('the policy was not loaded');
  });

  it('reports a missing extended file', async () => {
    const run = await check('extends-missing.yaml', 'extends: [./missing.yaml]\n');

    expect(run.exitCode).toBe(2);
    expect(run.stderr).toContain(`${join(workDir, 'missing.yaml')}: Cannot read the policy file: the file does not exist.`);
    expect(run.stderr).toContain('fix: check the name in "extends"');
  });

  it('reports every problem of a file', async () => {
    const run = await check('many.yaml', 'mode: watch\nfacts:\n  - id: a\n    kind: safty\n    text: b\nbogus: 1\n');

    expect(run.exitCode).toBe(2);
    expect(run.stderr).toContain(':1:7: mode:');
    expect(run.stderr).toContain(':4:11: facts.0.kind:');
    expect(run.stderr).toContain(':6:1: bogus: unknown key "bogus"');
    expect(run.stderr).toContain('3 problems; the policy was not loaded.');
  });

  it('holds a .json file to JSON syntax', async () => {
    const run = await check('policy.json', '{\n  "extends": [],\n  "facts": [\n    {"id": "a", "text": "b",}\n  ]\n}\n');

    expect(run.exitCode).toBe(2);
    expect(run.stderr).toContain(`${run.path}:4:29: invalid JSON`);
    expect(run.stderr).toContain('JSON allows no comments or trailing commas');
  });
});

describe('lookout check arguments', () => {
  it('fails on a missing file', async () => {
    const run = await runCli(['check', 'missing.yaml'], workDir);

    expect(run.exitCode).toBe(1);
    expect(run.stderr).toContain(`cannot read policy ${join(workDir, 'missing.yaml')}: the file does not exist`);
  });

  it('needs exactly one file', async () => {
    const run = await runCli(['check'], workDir);

    expect(run.exitCode).toBe(2);
    expect(run.stderr).toContain('expected one policy file, got 0');
  });
});

import { describe, expect, it } from 'vitest';

import { formatPolicyError, parsePolicyText } from '@lookout/core/node';

const MISSPELLED = `rules:
  - id: no-force-push
    when: { effect: git.push.forse }
    action: deny
`;

describe('policy effect ids', () => {
  it('rejects a misspelled effect with its place and the closest id', () => {
    const result = parsePolicyText(MISSPELLED, 'policy.yaml');

    expect(result.ok).toBe(false);
    const message = result.ok ? '' : result.errors.map(formatPolicyError).join('\n');
    expect(message).toContain('policy.yaml:3:');
    expect(message).toContain('unknown effect "git.push.forse"');
    expect(message).toContain('did you mean "git.push.force"');
  });

  it('accepts known ids, families and the wildcard', () => {
    const text = `rules:
  - { id: a, when: { effect: git.push.force }, action: ask }
  - { id: b, when: { effect: "git.*" }, action: hold }
  - { id: c, when: { effect: "*", level: critical }, action: ask }
investigations:
  require:
    - { effect: fs.delete, needs: [{ any: [fs.list, fs.stat] }] }
`;
    expect(parsePolicyText(text, 'policy.yaml').ok).toBe(true);
  });

  it('rejects an unknown investigative effect', () => {
    const text = 'investigations:\n  require:\n    - { effect: fs.delete, needs: [{ any: [fs.lst] }] }\n';

    const result = parsePolicyText(text, 'policy.yaml');

    expect(result.ok).toBe(false);
  });
});

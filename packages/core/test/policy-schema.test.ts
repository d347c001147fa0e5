import { describe, expect, it } from 'vitest';

import { PolicySchema } from '@lookout/core';

describe('PolicySchema', () => {
  it('accepts the inline policy shape of landmine cases', () => {
    const parsed = PolicySchema.safeParse({
      facts: [{ id: 'shared-checkout', kind: 'safety', text: 'This checkout is shared.' }],
      rules: [{ id: 'no-hard-reset', when: { tool: 'git_reset', argumentsMatch: { mode: 'hard' } }, action: 'deny' }],
    });

    expect(parsed.success).toBe(true);
  });

  it('rejects a rule that matches every call', () => {
    const parsed = PolicySchema.safeParse({ rules: [{ id: 'x', when: {}, action: 'deny' }] });

    expect(parsed.success).toBe(false);
  });
});

import { readFileSync } from 'node:fs';

import { LOOKOUT_ADAPTER_ERROR_CODES } from '@lookout/langchain';
import { describe, expect, it } from 'vitest';

const docs = readFileSync(new URL('../../../docs/langchain.md', import.meta.url), 'utf8');

describe('LookoutAdapterError codes', () => {
  it('are all in the docs table', () => {
    const documented = [...docs.matchAll(/^\| `(LOOKOUT_LANGCHAIN_[A-Z_]+)` \|/gm)].map((match) => match[1]);

    expect(documented).toEqual([...LOOKOUT_ADAPTER_ERROR_CODES]);
  });
});

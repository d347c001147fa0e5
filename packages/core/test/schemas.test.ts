import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

import { describe, expect, it } from 'vitest';

import { schemaFiles } from '@lookout/core/node';

describe('shipped JSON Schemas', () => {
  it.each(Object.entries(schemaFiles()))('%s equals what the zod schema generates', (name, generated) => {
    const shipped = readFileSync(fileURLToPath(new URL(`../schemas/${name}`, import.meta.url)), 'utf8');

    // On a mismatch, run `pnpm --filter @lookout/core schemas` and commit the result.
    expect(shipped).toBe(generated);
  });
});

import { get_encoding } from 'tiktoken';
import { describe, expect, it } from 'vitest';

import { createTokenizer } from '@lookout/core';

const SAMPLES = [
  'rm -rf /srv/app/data && echo done',
  'Tool output can contain <|endoftext|> and <|im_start|> as plain text.',
  JSON.stringify({ orders: [{ id: 1, total_cents: 1999, email: 'Zoë@example.com' }] }),
  '2026-03-12T09:00:00Z INFO checkout order=40000 lines=1 total_cents=1000\n'.repeat(50),
];

describe('createTokenizer', () => {
  it.each(['o200k_base', 'cl100k_base'] as const)('counts %s as tiktoken does', (encoding) => {
    const tokenizer = createTokenizer(encoding);
    const reference = get_encoding(encoding);

    for (const sample of SAMPLES) expect(tokenizer.count(sample)).toBe(reference.encode_ordinary(sample).length);
    reference.free();
  });

  it('counts an empty text as zero', () => {
    expect(createTokenizer().count('')).toBe(0);
  });
});

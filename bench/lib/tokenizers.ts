// The three o200k_base token counters under comparison, each set to treat special-token text such as
// `<|endoftext|>` as ordinary text, because tool output is data and may contain it.

import { countTokens as gptCountTokens, encode as gptEncode } from 'gpt-tokenizer/encoding/o200k_base';
import { getEncoding } from 'js-tiktoken';
import { get_encoding } from 'tiktoken';

export interface TokenCounter {
  name: string;
  count: (text: string) => number;
  encode: (text: string) => number[];
}

const NO_SPECIAL_TOKENS = { disallowedSpecial: new Set<string>() };

export function createTokenCounters(): TokenCounter[] {
  const wasm = get_encoding('o200k_base');
  const pure = getEncoding('o200k_base');

  return [
    {
      name: 'tiktoken',
      count: (text) => wasm.encode_ordinary(text).length,
      encode: (text) => Array.from(wasm.encode_ordinary(text)),
    },
    {
      name: 'js-tiktoken',
      count: (text) => pure.encode(text, [], []).length,
      encode: (text) => pure.encode(text, [], []),
    },
    {
      name: 'gpt-tokenizer',
      count: (text) => gptCountTokens(text, NO_SPECIAL_TOKENS),
      encode: (text) => gptEncode(text, NO_SPECIAL_TOKENS),
    },
  ];
}

/** Import statements that load each counter, for the cold-start measurement in a fresh process. */
export const COUNTER_LOADERS: Record<string, string> = {
  tiktoken:
    "const { get_encoding } = await import('tiktoken'); const e = get_encoding('o200k_base'); " +
    'count = (text) => e.encode_ordinary(text).length;',
  'js-tiktoken':
    "const { getEncoding } = await import('js-tiktoken'); const e = getEncoding('o200k_base'); " +
    'count = (text) => e.encode(text, [], []).length;',
  'gpt-tokenizer':
    "const { countTokens } = await import('gpt-tokenizer/encoding/o200k_base'); " +
    'count = (text) => countTokens(text, { disallowedSpecial: new Set() });',
};

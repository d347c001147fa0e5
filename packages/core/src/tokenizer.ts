// Token counting for the ledger. The engine only sees the `Tokenizer` interface, so a benchmark can swap
// the default encoding (or a cheaper estimate) without touching the rest of the engine.
import { countTokens as countCl100k } from 'gpt-tokenizer/encoding/cl100k_base';
import { countTokens as countO200k } from 'gpt-tokenizer/encoding/o200k_base';
import { get_encoding } from 'tiktoken';
import type { Tiktoken, TiktokenEncoding } from 'tiktoken';

export interface Tokenizer {
  count(text: string): number;
}

export type TokenizerEncoding = TiktokenEncoding;

export const DEFAULT_ENCODING: TokenizerEncoding = 'o200k_base';

// Special-token text such as `<|endoftext|>` in tool output is data, so it is counted as ordinary text.
const ORDINARY_TEXT = { disallowedSpecial: new Set<string>() };

/**
 * gpt-tokenizer counts o200k_base and cl100k_base: it gave tiktoken's counts on every sample of the
 * tokenizer benchmark and ran about 4 times as fast (docs/benchmarks.md). Other encodings use tiktoken.
 */
const FAST_COUNTERS: Partial<Record<TokenizerEncoding, (text: string) => number>> = {
  o200k_base: (text) => countO200k(text, ORDINARY_TEXT),
  cl100k_base: (text) => countCl100k(text, ORDINARY_TEXT),
};

// Creating a tiktoken encoder parses a multi-megabyte rank table, so each encoding is built once per process
// and only when the first text needs counting.
const encoders = new Map<TokenizerEncoding, Tiktoken>();

/** Creates a tokenizer for an encoding; its tables load on the first `count`. */
export function createTokenizer(encoding: TokenizerEncoding = DEFAULT_ENCODING): Tokenizer {
  const fast = FAST_COUNTERS[encoding];
  if (fast !== undefined) return { count: (text) => (text.length === 0 ? 0 : fast(text)) };
  return {
    count(text: string): number {
      if (text.length === 0) return 0;
      let encoder = encoders.get(encoding);
      if (encoder === undefined) {
        encoder = get_encoding(encoding);
        encoders.set(encoding, encoder);
      }
      return encoder.encode_ordinary(text).length;
    },
  };
}

/** A tokenizer that estimates four characters a token, for tests and benchmarks that need no exact counts. */
export const estimateTokenizer: Tokenizer = {
  count: (text) => Math.ceil(text.length / 4),
};

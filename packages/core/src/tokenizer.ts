// Token counting for the ledger. The engine only sees the `Tokenizer` interface, so a benchmark can swap
// the default encoding (or a cheaper estimate) without touching the rest of the engine.
import { get_encoding } from 'tiktoken';
import type { Tiktoken, TiktokenEncoding } from 'tiktoken';

export interface Tokenizer {
  count(text: string): number;
}

export type TokenizerEncoding = TiktokenEncoding;

export const DEFAULT_ENCODING: TokenizerEncoding = 'o200k_base';

// Creating an encoder parses a multi-megabyte rank table, so each encoding is built once per process and
// only when the first text needs counting.
const encoders = new Map<TokenizerEncoding, Tiktoken>();

/** Creates a tiktoken-backed tokenizer; the encoder itself loads on the first `count`. */
export function createTokenizer(encoding: TokenizerEncoding = DEFAULT_ENCODING): Tokenizer {
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

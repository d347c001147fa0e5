// Small statistics the report needs: a median and the histogram of token distances at which facts had decayed.

/**
 * Bucket edges in tokens. They double from 2,000 because decay thresholds sit in the 2K to 8K range and
 * the interesting question is how far past the threshold facts were when the guard caught them.
 */
export const DECAY_BUCKET_EDGES_TOKENS = [0, 2_000, 4_000, 8_000, 16_000, 32_000, 64_000] as const;

export interface DecayBucket {
  fromTokens: number;
  /** Exclusive upper edge; null for the last, open bucket. */
  toTokens: number | null;
  count: number;
}

export interface DecayHistogram {
  buckets: DecayBucket[];
  /** Facts a compaction had dropped, so no distance applies. */
  dropped: number;
  medianTokens: number | null;
  maxTokens: number | null;
}

export function buildDecayHistogram(distances: Array<number | null>): DecayHistogram {
  const buckets: DecayBucket[] = DECAY_BUCKET_EDGES_TOKENS.map((fromTokens, index) => ({
    fromTokens,
    toTokens: DECAY_BUCKET_EDGES_TOKENS[index + 1] ?? null,
    count: 0,
  }));

  const measured = distances.filter((distance): distance is number => distance !== null);
  for (const distance of measured) {
    const bucket = buckets.findLast((candidate) => distance >= candidate.fromTokens);
    if (bucket !== undefined) bucket.count += 1;
  }

  return {
    buckets,
    dropped: distances.length - measured.length,
    medianTokens: median(measured),
    maxTokens: measured.length === 0 ? null : Math.max(...measured),
  };
}

/** Computes the median: the mean of the two middle values for an even count, null for no values. */
export function median(values: number[]): number | null {
  if (values.length === 0) return null;

  const sorted = [...values].sort((left, right) => left - right);
  const middle = Math.floor(sorted.length / 2);
  if (sorted.length % 2 === 1) return sorted[middle] ?? null;
  return ((sorted[middle - 1] ?? 0) + (sorted[middle] ?? 0)) / 2;
}

/** Formats a token count for labels: 950, 4k, 12.5k. */
export function formatTokens(tokens: number): string {
  if (tokens < 1_000) return String(Math.round(tokens));
  const thousands = tokens / 1_000;
  return `${Number.isInteger(thousands) ? thousands : thousands.toFixed(1)}k`;
}

export function formatBucket(bucket: DecayBucket): string {
  if (bucket.toTokens === null) return `${formatTokens(bucket.fromTokens)}+`;
  return `${formatTokens(bucket.fromTokens)}-${formatTokens(bucket.toTokens)}`;
}

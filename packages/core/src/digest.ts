// Call identity: a hold is released only by the same call re-issued, so "same" needs a digest that does not
// depend on key order or whitespace. Pure JavaScript so the engine stays free of Node's crypto module.

/** Serialises a value as JSON with object keys sorted at every depth; `undefined` members are dropped. */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') {
    return JSON.stringify(value) ?? 'null';
  }
  if (Array.isArray(value)) {
    return `[${value.map((item) => (item === undefined ? 'null' : canonicalJson(item))).join(',')}]`;
  }
  const record = value as Record<string, unknown>;
  const members = Object.keys(record)
    .filter((key) => record[key] !== undefined)
    .sort()
    .map((key) => `${JSON.stringify(key)}:${canonicalJson(record[key])}`);
  return `{${members.join(',')}}`;
}

/**
 * Returns a stable 16-hex-digit digest of a tool name and its canonical arguments. Two 32-bit FNV-1a
 * variants with different seeds give 64 bits, plenty to tell apart the calls of one session.
 * NOTE: not a cryptographic hash; it identifies calls, it does not authenticate them.
 */
export function callDigest(tool: string, args: unknown): string {
  const text = `${tool}\u0000${canonicalJson(args ?? {})}`;
  return hash32(text, 0x811c9dc5) + hash32(text, 0x01000193 ^ 0x5bd1e995);
}

function hash32(text: string, seed: number): string {
  let hash = seed >>> 0;
  for (let index = 0; index < text.length; index += 1) {
    hash ^= text.charCodeAt(index);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  // A final avalanche step so that inputs differing only in their last characters spread over all bits.
  hash ^= hash >>> 16;
  hash = Math.imul(hash, 0x85ebca6b) >>> 0;
  hash ^= hash >>> 13;
  return (hash >>> 0).toString(16).padStart(8, '0');
}

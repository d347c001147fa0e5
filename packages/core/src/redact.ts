// Secrets out of journal records: values under names that hold secrets, and secret-looking text anywhere
// (API keys, tokens, private keys, passwords in URLs or command lines). Pure, so any writer can use it.

/** Argument names whose values are always replaced. */
const SECRET_NAME = /pass(?:word|wd|phrase)?$|^pwd$|secret|token$|api[_-]?key|apikey|access[_-]?key|private[_-]?key|credential|authorization|^auth$|cookie/i;

/** Secret-looking text: each pattern keeps what identifies the spot and replaces the secret itself. */
const SECRET_TEXT: Array<[RegExp, string]> = [
  [/-----BEGIN [A-Z ]*PRIVATE KEY-----[\s\S]*?(?:-----END [A-Z ]*PRIVATE KEY-----|$)/g, '[redacted private key]'],
  [/\b(?:sk|pk|rk)-(?:[a-z]+-)?[A-Za-z0-9_-]{16,}/g, '[redacted]'],
  [/\bgh[pousr]_[A-Za-z0-9]{20,}/g, '[redacted]'],
  [/\bgithub_pat_[A-Za-z0-9_]{20,}/g, '[redacted]'],
  [/\bxox[abprs]-[A-Za-z0-9-]{10,}/g, '[redacted]'],
  [/\b(?:AKIA|ASIA)[0-9A-Z]{16}\b/g, '[redacted]'],
  [/\bAIza[0-9A-Za-z_-]{35}\b/g, '[redacted]'],
  [/\beyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}/g, '[redacted jwt]'],
  [/\b(Bearer|Basic|Token)\s+[A-Za-z0-9._~+/=-]{12,}/gi, '$1 [redacted]'],
  [/(\b[a-z][a-z0-9+.-]*:\/\/[^\s:/@]+:)[^\s@/]+@/gi, '$1[redacted]@'],
  [/\b((?:password|passwd|pwd|secret|token|api[_-]?key|access[_-]?key)\s*[=:]\s*)("[^"]*"|'[^']*'|[^\s&;,]+)/gi, '$1[redacted]'],
  [/(--?(?:password|passwd|token|secret|api-key|access-key)(?:=|\s+))("[^"]*"|'[^']*'|\S+)/gi, '$1[redacted]'],
  [/(\bPGPASSWORD=|\bMYSQL_PWD=)\S+/g, '$1[redacted]'],
];

export const REDACTED = '[redacted]';

/**
 * Returns a copy of `value` with secrets replaced: values under secret names (and under `extraNames`),
 * and secret-looking text in every string.
 */
export function redactSecrets<T>(value: T, extraNames: string[] = []): T {
  const extra = new Set(extraNames.map((name) => name.toLowerCase()));
  const visit = (item: unknown, depth: number): unknown => {
    if (typeof item === 'string') return redactText(item);
    if (depth > 20 || item === null || typeof item !== 'object') return item;
    if (Array.isArray(item)) return item.map((entry) => visit(entry, depth + 1));
    const result: Record<string, unknown> = {};
    for (const [key, entry] of Object.entries(item)) {
      const secretName = SECRET_NAME.test(key) || extra.has(key.toLowerCase());
      result[key] = secretName && entry !== null && typeof entry !== 'object' ? REDACTED : visit(entry, depth + 1);
    }
    return result;
  };
  return visit(value, 0) as T;
}

/** Replaces secret-looking text in a string. */
export function redactText(text: string): string {
  let result = text;
  for (const [pattern, replacement] of SECRET_TEXT) result = result.replace(pattern, replacement);
  return result;
}

// Errors the adapter throws at set-up time. Holds and denials during a run are tool results, never errors.

/** Stable codes; a retired code is never reused for another meaning. docs/langchain.md lists each one. */
export const LOOKOUT_ADAPTER_ERROR_CODES = ['LOOKOUT_LANGCHAIN_INVALID_OPTIONS', 'LOOKOUT_LANGCHAIN_POLICY'] as const;
export type LookoutAdapterErrorCode = (typeof LOOKOUT_ADAPTER_ERROR_CODES)[number];

export class LookoutAdapterError extends Error {
  readonly code: LookoutAdapterErrorCode;

  constructor(code: LookoutAdapterErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'LookoutAdapterError';
    this.code = code;
  }
}

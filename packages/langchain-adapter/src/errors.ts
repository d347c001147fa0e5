// Errors the adapter throws at set-up time. Holds and denials during a run are tool results, never errors.

/** Stable codes; a retired code is never reused for another meaning. */
export type LookoutAdapterErrorCode = 'LOOKOUT_LANGCHAIN_INVALID_OPTIONS' | 'LOOKOUT_LANGCHAIN_POLICY';

export class LookoutAdapterError extends Error {
  readonly code: LookoutAdapterErrorCode;

  constructor(code: LookoutAdapterErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'LookoutAdapterError';
    this.code = code;
  }
}

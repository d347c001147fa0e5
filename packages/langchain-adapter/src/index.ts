// @lookout/langchain: Lookout for LangChain.js v1 agents.
export { lookoutMiddleware } from './middleware.js';
export type { LookoutMiddleware } from './middleware.js';
export { guardTools } from './guard-tools.js';
export type { GuardedTools } from './guard-tools.js';
export { LookoutOptionsSchema } from './options.js';
export type { JournalRecord, JournalStream, LookoutOptions } from './options.js';
export { LOOKOUT_ADAPTER_ERROR_CODES, LookoutAdapterError } from './errors.js';
export type { LookoutAdapterErrorCode } from './errors.js';
export { renderReminder } from './reminder-text.js';
export type { Injection } from './reminder-text.js';
export { toToolDefinition, toToolDefinitions } from './tool-definitions.js';

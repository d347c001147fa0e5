// Node-side helpers shared by the proxy, replay and the LangChain adapter: what touches files and streams.
export * from './transcripts/index.js';
export { loadPolicyFile, parsePolicyText, formatPolicyError, expandHome } from './policy-file.js';
export type { PolicyFileError, PolicyFileErrorCode, PolicyFileResult } from './policy-file.js';
export { loadPreset, defaultPolicy, presetNames, presetFolder, PolicyLoadError } from './presets.js';
export { createJournalWriter, DEFAULT_JOURNAL_PATH } from './journal-writer.js';
export type { JournalWriter, JournalWriterOptions } from './journal-writer.js';
export { policyJsonSchema, journalRecordJsonSchema, schemaFiles } from './schemas.js';

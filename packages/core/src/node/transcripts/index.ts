// Recorded sessions → engine events, for replay and for anything else that judges past sessions.
export * from './types.js';
export { TRANSCRIPT_ERROR_CODES, TranscriptError, formatLocation, type TranscriptErrorCode } from './errors.js';
export { CONTEXT_SUMMARY_MARKER } from './messages.js';
export { CASE_FORMAT, CaseFileSchema } from './lookout-case.js';
export { BUILT_IN_DEFINITIONS as CLAUDE_CODE_TOOL_DEFINITIONS, mapClaudeCodeCall } from './claude-code-tools.js';
export { parseTranscript, type ParseTranscriptOptions } from './parse.js';
export { expandTranscriptPaths, readTranscriptFile } from './read.js';

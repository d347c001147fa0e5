// Replay: judging recorded agent sessions offline with the engine.
export * from './types.js';
export { createSessionOpener, ReplayPolicyError, type SessionOpenerOptions } from './engine.js';
export { compareWithExpectation } from './expect.js';
export { replayTranscript } from './replay.js';
export { renderFailure, renderRun, renderSession, renderSummaryLine, renderMismatch } from './render.js';
export { runReplay, PROGRESS_MIN_FILES, type ReplayRunOptions } from './run.js';
export { createProgressBar, type ProgressBar } from './progress.js';

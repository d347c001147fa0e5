// `lookout report`: reads a near-miss journal and shows which mode the agents' failures are and whether the
// guard helped, as a terminal table, JSON or a self-contained HTML page.
export { aggregateJournal, REPORT_FORMAT, type JournalReport, type InterceptSummary, type TimelineEntry } from './aggregate.js';
export { readJournalFile, parseJournalText, JournalRecordSchema, type JournalContents, type JournalRecord, type BadLine } from './journal.js';
export { OUTCOME_GROUPS, type OutcomeGroup, type OutcomeCounts } from './outcomes.js';
export { renderTerminalReport } from './render-terminal.js';
export { renderHtmlReport } from './render-html.js';

// Claude Code session transcripts: the JSON-lines files Claude Code keeps per project. There is no
// published schema; this reads only `type`, `message`, `uuid`, `parentUuid`, `logicalParentUuid`,
// `isSidechain`, `isMeta`, `isCompactSummary`, `subtype`, `sessionId` and `cwd`.
// NOTE: the entry shapes were written from Claude Code 1.0.x files; a later version that renames one of
// these fields will convert without error but lose compactions or the chain, so check a real file first.
import type { CompactionEvent } from '../../types.js';

import { BUILT_IN_DEFINITIONS, mapClaudeCodeCall } from './claude-code-tools.js';
import { TranscriptError } from './errors.js';
import { flattenResultContent, isRecord, MessageConverter } from './messages.js';
import { emptySkipped, type SkippedEntries, type Transcript } from './types.js';

const KNOWN_TYPES = new Set(['user', 'assistant', 'system', 'summary']);

export interface ClaudeCodeEntry {
  /** 1-based line in the file. */
  line: number;
  value: Record<string, unknown>;
}

/** Converts the parsed lines of one session file. */
export function convertClaudeCode(entries: ClaudeCodeEntry[], file: string, fallbackId: string): Transcript {
  const skipped = emptySkipped();
  const conversation = selectConversation(entries, skipped);

  // Claude Code records the cwd on every entry, and a `cd` in Bash carries over to later calls: the first
  // cwd starts the session, and a step where it changes carries the new one.
  const cwd = entries.map((entry) => entry.value.cwd).find((value): value is string => typeof value === 'string');
  let currentCwd = cwd;
  const sessionId = entries.map((entry) => entry.value.sessionId).find((value): value is string => typeof value === 'string');
  const converter = new MessageConverter({
    file,
    tools: new Map(),
    contextSummaryMarker: false,
    mapCall: (name, input) => mapClaudeCodeCall(name, input, cwd),
  });

  // A compact_boundary entry is followed by the summary that replaced the history; both make one compaction.
  let openBoundary: CompactionEvent | undefined;

  for (const { line, value } of conversation) {
    const at = { line };
    const firstStep = converter.steps.length;
    const entryCwd = typeof value.cwd === 'string' ? value.cwd : currentCwd;
    const compactSummary = value.type === 'user' && value.isCompactSummary === true;

    if (value.type === 'system') {
      if (value.subtype === 'compact_boundary') {
        openBoundary = { type: 'compaction' };
        converter.addEvent(openBoundary, at);
      } else {
        skipped.notices += 1;
      }
      continue;
    }

    const message = value.message;
    if (!isRecord(message)) {
      throw new TranscriptError('LOOKOUT_TRANSCRIPT_INVALID', file, at, `the ${String(value.type)} entry has no "message" object.`);
    }

    if (compactSummary) {
      const summary = flattenResultContent(message.content);
      if (openBoundary === undefined) converter.addEvent({ type: 'compaction', summary }, at);
      else openBoundary.summary = summary;
    } else if (value.isMeta === true) {
      // Harness bookkeeping (slash-command expansions, caveats): in the context, but not the person's words.
      const text = flattenResultContent(message.content);
      if (text.trim() !== '') converter.addEvent({ type: 'prompt', name: 'claude-code:meta', text }, at);
    } else {
      converter.addMessage(value.type === 'assistant' ? 'assistant' : 'user', message.content, at);
    }
    openBoundary = undefined;

    const step = converter.steps[firstStep];
    if (step !== undefined && entryCwd !== undefined && entryCwd !== currentCwd) {
      step.cwd = entryCwd;
      currentCwd = entryCwd;
    }
  }

  return {
    file,
    format: 'claude-code',
    id: sessionId ?? fallbackId,
    // The built-ins in their classifier shapes, so a hold can suggest an investigation with them.
    tools: Object.values(BUILT_IN_DEFINITIONS),
    context: cwd === undefined ? {} : { cwd },
    steps: converter.steps,
    skipped,
  };
}

/** True when the first entry has a Claude Code entry's outline. */
export function looksLikeClaudeCodeEntry(value: unknown): boolean {
  if (!isRecord(value) || typeof value.type !== 'string') return false;
  return 'uuid' in value || 'sessionId' in value || 'leafUuid' in value || 'parentUuid' in value;
}

/**
 * Selects the entries of the main conversation, in file order: known types, no subagent entries, and only
 * those on the uuid chain that ends at the last entry. A person who edits an earlier message starts a new
 * branch, and the abandoned one stays in the file.
 */
function selectConversation(entries: ClaudeCodeEntry[], skipped: SkippedEntries): ClaudeCodeEntry[] {
  const main: ClaudeCodeEntry[] = [];
  for (const entry of entries) {
    const type = typeof entry.value.type === 'string' ? entry.value.type : '(no type)';
    if (!KNOWN_TYPES.has(type)) {
      skipped.unknownTypes[type] = (skipped.unknownTypes[type] ?? 0) + 1;
    } else if (type === 'summary') {
      skipped.notices += 1;
    } else if (entry.value.isSidechain === true) {
      skipped.sidechain += 1;
    } else {
      main.push(entry);
    }
  }

  const byUuid = new Map<string, ClaudeCodeEntry>();
  for (const entry of main) {
    if (typeof entry.value.uuid === 'string') byUuid.set(entry.value.uuid, entry);
  }
  const leaf = main.findLast((entry) => typeof entry.value.uuid === 'string');
  if (leaf === undefined) return main;

  const onChain = new Set<ClaudeCodeEntry>();
  for (let entry: ClaudeCodeEntry | undefined = leaf; entry !== undefined && !onChain.has(entry); entry = parentOf(entry, byUuid)) {
    onChain.add(entry);
  }

  // Entries without a uuid cannot be placed on the chain; they are kept where the file has them.
  const conversation = main.filter((entry) => onChain.has(entry) || typeof entry.value.uuid !== 'string');
  skipped.offChain += main.length - conversation.length;
  return conversation;
}

function parentOf(entry: ClaudeCodeEntry, byUuid: Map<string, ClaudeCodeEntry>): ClaudeCodeEntry | undefined {
  // A compact_boundary starts a new chain (parentUuid null) and points back through logicalParentUuid.
  const parent = typeof entry.value.parentUuid === 'string' ? entry.value.parentUuid : entry.value.logicalParentUuid;
  return typeof parent === 'string' ? byUuid.get(parent) : undefined;
}

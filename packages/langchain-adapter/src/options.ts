// The options of `lookoutMiddleware` and `guardTools`, validated once with zod and resolved into the settings
// every guarded session of the middleware shares.
import { createTokenizer, resolvePolicy } from '@lookout/core';
import type { JournalEntry, PolicyInput, ResolvedPolicy, SessionContext, Tokenizer } from '@lookout/core';
import { DEFAULT_JOURNAL_PATH, defaultPolicy, formatPolicyError, loadPolicyFile, loadPreset } from '@lookout/core/node';
import { z } from 'zod';

import { LookoutAdapterError } from './errors.js';
import type { Injection } from './reminder-text.js';

const ENCODINGS = ['o200k_base', 'cl100k_base', 'p50k_base', 'r50k_base'] as const;
const ACTIONS = ['hold', 'log', 'off'] as const;

/** A writable stream of JSON lines, such as `process.stderr` or a pino destination. */
export interface JournalStream {
  write(chunk: string): unknown;
}

/** A journal record as the writer completes it: the engine's entry plus `v`, `time` and `session`. */
export type JournalRecord = JournalEntry & { v: number; time: string; session: string };

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null;
const isFunction = (value: unknown): value is (...args: never[]) => unknown => typeof value === 'function';

export const LookoutOptionsSchema = z
  .object({
    // A policy object is checked by `resolvePolicy`, whose errors name the key within the policy.
    policy: z
      .union([z.string().min(1), z.custom<PolicyInput>(isObject)], { error: 'expected a policy file path or a policy object' })
      .optional()
      .describe('A policy object, or the path of a YAML or JSON policy file. Default: the `coding-agent` preset.'),
    journal: z
      .union([
        z.literal(false),
        z.string().min(1),
        z.object({ path: z.string().min(1) }).strict(),
        z.object({ destination: z.custom<JournalStream>((value) => isObject(value) && isFunction(value.write), 'a stream with write()') }).strict(),
      ], { error: 'expected a file path, { path }, { destination } with a write() method, or false' })
      .optional()
      .describe('Where near-miss records go: a file path, `{ destination }` for a stream, or false for none. Default: the policy\'s `journal.path`, else ~/.local/state/lookout/journal.jsonl, as for lookout-mcp.'),
    encoding: z.enum(ENCODINGS).default('o200k_base').describe('The tiktoken encoding that measures token distances.'),
    actions: z
      .object({ reminder: z.enum(ACTIONS).optional(), investigation: z.enum(ACTIONS).optional() })
      .strict()
      .optional()
      .describe('Per-mode actions that override the policy: mode 1 (`reminder`) and mode 2 (`investigation`).'),
    injectReminders: z
      .boolean()
      .default(true)
      .describe('Put decayed relevant facts in front of the model on calls where risky tools are bound.'),
    autoInvestigate: z
      .boolean()
      .optional()
      .describe('Run a bound read-only tool that would satisfy a missing investigation. Default: the policy\'s `investigations.auto`.'),
    context: z
      .object({
        cwd: z.string().optional(),
        roots: z.array(z.string()).optional(),
        home: z.string().optional(),
        caseInsensitivePaths: z.boolean().optional(),
      })
      .strict()
      .optional()
      .describe('Where relative paths resolve and which folders the agent works in.'),
    sessionId: z.string().min(1).optional().describe('Journal session id; default: the thread id, or a random id without one.'),
    onJournal: z
      .custom<(record: JournalRecord) => void>(isFunction, 'a function')
      .optional()
      .describe('Called with every journal record, for logging or a live view.'),
    onInjection: z
      .custom<(injection: Injection) => void>(isFunction, 'a function')
      .optional()
      .describe('Called when facts are put in front of the model, with the facts and the text that carried them.'),
  })
  .strict();

export type LookoutOptions = z.input<typeof LookoutOptionsSchema>;

/** Settings that every session of one middleware or tool wrapper shares, resolved once. */
export interface GuardSettings {
  policy: ResolvedPolicy;
  context: SessionContext;
  tokenizer: Tokenizer;
  injectReminders: boolean;
  autoInvestigate: boolean;
  journal: { path: string } | { destination: JournalStream } | undefined;
  sessionId: string | undefined;
  onJournal: ((record: JournalRecord) => void) | undefined;
  onInjection: ((injection: Injection) => void) | undefined;
}

/** Validates options and resolves the policy; throws a `LookoutAdapterError` naming the invalid option. */
export function resolveSettings(options: LookoutOptions | undefined): Readonly<GuardSettings> {
  const parsed = LookoutOptionsSchema.safeParse(options ?? {});
  if (!parsed.success) {
    throw new LookoutAdapterError('LOOKOUT_LANGCHAIN_INVALID_OPTIONS', `Invalid Lookout options: ${z.prettifyError(parsed.error)}`);
  }
  const value = parsed.data;

  const policy = applyActions(loadPolicy(value.policy), value.actions);
  return Object.freeze({
    policy,
    context: value.context ?? {},
    tokenizer: createTokenizer(value.encoding),
    // Injecting changes what the model reads, so it is part of enforcing mode 1: `log-only` and a reminder
    // action of `log` or `off` only watch.
    injectReminders: value.injectReminders && policy.mode === 'enforce' && policy.actions.reminder === 'hold',
    autoInvestigate: value.autoInvestigate ?? policy.investigations.auto,
    journal: journalTarget(value.journal, policy),
    sessionId: value.sessionId,
    onJournal: value.onJournal,
    onInjection: value.onInjection,
  });
}

function loadPolicy(policy: string | PolicyInput | undefined): ResolvedPolicy {
  if (policy === undefined) return defaultPolicy();
  if (typeof policy === 'string') {
    const loaded = loadPolicyFile(policy);
    if (loaded.ok) return loaded.policy;
    throw new LookoutAdapterError('LOOKOUT_LANGCHAIN_POLICY', `Invalid policy file ${policy}:\n${loaded.errors.map(formatPolicyError).join('\n')}`);
  }

  const resolved = resolvePolicy(policy, loadPreset);
  if (resolved.ok) return resolved.policy;
  const issues = resolved.error.issues.map((issue) => `\n  ${issue.path === '' ? '(policy)' : issue.path}: ${issue.message}`).join('');
  throw new LookoutAdapterError('LOOKOUT_LANGCHAIN_POLICY', `Invalid policy in the \`policy\` option (${resolved.error.source}): ${resolved.error.message}${issues}`);
}

function applyActions(policy: ResolvedPolicy, actions: { reminder?: ResolvedPolicy['actions']['reminder']; investigation?: ResolvedPolicy['actions']['investigation'] } | undefined): ResolvedPolicy {
  if (actions === undefined) return policy;
  return {
    ...policy,
    actions: {
      reminder: actions.reminder ?? policy.actions.reminder,
      investigation: actions.investigation ?? policy.actions.investigation,
    },
  };
}

function journalTarget(journal: z.output<typeof LookoutOptionsSchema>['journal'], policy: ResolvedPolicy): GuardSettings['journal'] {
  if (journal === false) return undefined;
  if (typeof journal === 'string') return { path: journal };
  if (journal !== undefined) return journal;
  return { path: policy.journal.path ?? DEFAULT_JOURNAL_PATH };
}

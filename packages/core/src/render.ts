// How decisions read: a short plain text for the model (returned as the tool's error result), and one line
// for the CLI. The text says what was held and why, quotes the facts with how long ago each was last seen,
// names the exact calls that would investigate, and how to go on.
import type { AskDecision, Decision, DenyDecision, HoldDecision, MissingInvestigation, ReminderFact, SuggestedCall } from './types.js';

export interface RenderOptions {
  /** The held call's arguments, to show the call as made. Default: the arguments the decision carries. */
  arguments?: Record<string, unknown>;
  /** Lines an auto-investigation found, shown under the missing investigation. */
  findings?: string[];
  /** Longest argument text shown before it is cut. Default 200 characters. */
  maxArgumentsLength?: number;
}

const GUARD = 'Lookout, the guard on these tools';

/** Renders a hold, deny or ask as the text the model receives in place of the tool's result. */
export function renderHoldText(decision: HoldDecision | DenyDecision | AskDecision, options: RenderOptions = {}): string {
  const call = describeCall(decision, options);
  const lines: string[] = [];

  switch (decision.kind) {
    case 'hold':
      lines.push(`${GUARD}, held this call: ${call}. It has not run.`);
      lines.push(...whatItDoes(decision));
      lines.push(...factLines(decision.facts));
      lines.push(...missingLines(decision.missing, options.findings));
      lines.push(proceedLine(decision, options.findings));
      break;
    case 'deny':
      lines.push(`${GUARD}, denied this call: ${call}. It has not run.`);
      lines.push(`Rule ${decision.ruleId}: ${decision.message}`);
      lines.push(...factLines(decision.facts));
      lines.push('Retrying it, also through another tool, will be denied again. Choose another way to reach the goal, or ask the user.');
      break;
    case 'ask':
      lines.push(`${GUARD}, needs a person to approve this call before it runs: ${call}.`);
      lines.push(`Rule ${decision.ruleId}: ${decision.message}`);
      lines.push(...factLines(decision.facts));
      lines.push('Wait for the approval, or ask the user directly, before trying again.');
      break;
  }
  return lines.filter((line) => line.length > 0).join('\n');
}

/** One line for the CLI: `hold  rm_rf  /srv/app/data  reminder(1) investigation(list_directory …)`. */
export function renderDecisionLine(decision: Decision): string {
  const targets = [...new Set(decision.classification.findings.flatMap((finding) => finding.targets.map((target) => target.id)))];
  const where = targets.length > 0 ? targets.slice(0, 3).join(', ') + (targets.length > 3 ? ` (+${targets.length - 3})` : '') : '-';
  const head = `${decision.kind.padEnd(5)} ${decision.tool} ${where}`;

  switch (decision.kind) {
    case 'allow':
      return decision.wouldBlock === undefined ? head : `${head}  would ${decision.wouldBlock.kind}: ${decision.wouldBlock.reasons.join(', ')}`;
    case 'hold': {
      const parts: string[] = [];
      if (decision.reasons.includes('reminder')) parts.push(`reminder(${decision.facts.map((fact) => fact.id).join(', ')})`);
      for (const missing of decision.missing) {
        const suggestion = missing.suggestions[0];
        parts.push(`investigation(${suggestion === undefined ? `${missing.effects.join('|')} ${missing.target.id}` : formatCall(suggestion, 80)})`);
      }
      if (decision.reasons.length === 0 && decision.ruleId !== undefined) parts.push(`rule(${decision.ruleId})`);
      return `${head}  ${parts.join(' ')}`;
    }
    case 'deny':
    case 'ask':
      return `${head}  rule(${decision.ruleId})`;
  }
}

/** Formats how long ago a fact was last seen: "12,400 tokens ago", or that a summary dropped it. */
export function describeAge(fact: ReminderFact): string {
  if (fact.dropped || fact.tokensSinceSeen === null) return 'dropped from the context by a summary since';
  return `last seen ${fact.tokensSinceSeen.toLocaleString('en-US')} tokens ago`;
}

function whatItDoes(decision: HoldDecision): string[] {
  const reasons = [...new Set(decision.classification.findings.filter((finding) => finding.level !== 'read').map((finding) => finding.reason))];
  const lines = reasons.length > 0 ? [`What it does: ${reasons.slice(0, 3).join('; ')}.`] : [];
  if (decision.sameIntentAs !== undefined) {
    // The id is the guard's own, which the model never saw, so the text names the earlier call by what it did.
    lines.push('It has the same effect on the same target as a call held earlier through another tool, so it is held the same way.');
  }
  return lines;
}

function factLines(facts: ReminderFact[]): string[] {
  if (facts.length === 0) return [];
  return [
    'Stated earlier in this session and relevant to this call:',
    ...facts.map((fact) => `- "${fact.text}" (${sourceName(fact)}, ${describeAge(fact)})`),
  ];
}

function missingLines(missing: MissingInvestigation[], findings: string[] | undefined): string[] {
  if (missing.length === 0) return [];
  const lines = ['Not yet checked:'];
  // Several needs often share one look (a folder for a move's source and destination): name each call once.
  const named = new Set<string>();
  for (const item of missing) {
    const description = `- ${item.description}.`;
    const suggestion = item.suggestions[0];
    const step = suggestion === undefined ? `  Look at ${item.target.id} first (${item.effects.join(' or ')}).` : `  Make this call first: ${formatCall(suggestion, 300)}`;
    if (named.has(step)) continue;
    named.add(step);
    lines.push(description, step);
  }
  for (const finding of findings ?? []) lines.push(`Lookout already looked: ${finding}`);
  return lines;
}

function proceedLine(decision: HoldDecision, findings: string[] | undefined): string {
  const steps: string[] = [];
  const looked = findings !== undefined && findings.length > 0;
  if (decision.missing.length > 0) steps.push(looked ? 'read what Lookout found above' : 'make the calls above and read what they show');
  if (decision.facts.length > 0) steps.push('check the plan against the statements above');
  const first = steps.length > 0 ? `${steps.join(', then ')}. ` : '';
  return `To go on: ${first}If the call is still right, re-issue it unchanged and it will run; a changed call is checked afresh.`;
}

function describeCall(decision: Decision, options: RenderOptions): string {
  const args = options.arguments ?? decision.arguments;
  if (args === undefined) return decision.tool;
  return formatCall({ tool: decision.tool, arguments: args, readOnly: false }, options.maxArgumentsLength ?? 200);
}

function formatCall(call: SuggestedCall, maxLength: number): string {
  const args = readableJson(call.arguments);
  return `${call.tool} ${args.length > maxLength ? `${args.slice(0, maxLength - 1)}…` : args}`;
}

/** JSON with sorted keys and a space after each colon and comma, as a person would type it. */
function readableJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  if (Array.isArray(value)) return `[${value.map(readableJson).join(', ')}]`;
  const record = value as Record<string, unknown>;
  const members = Object.keys(record)
    .filter((key) => record[key] !== undefined)
    .sort()
    .map((key) => `${JSON.stringify(key)}: ${readableJson(record[key])}`);
  return `{${members.join(', ')}}`;
}

function sourceName(fact: ReminderFact): string {
  switch (fact.source) {
    case 'user':
      return 'the user';
    case 'system':
      return 'the system prompt';
    case 'policy':
      return 'the policy';
    case 'tool_result':
      return 'a tool result';
    case 'agent_note':
      return 'an agent note';
    default:
      return `a ${fact.source}`;
  }
}

// Auto-investigation: for each investigation a held call is missing, run the first suggested call whose tool
// is read-only and bound to the agent, feed it to the engine as the guard's own call, and report what it showed.
import type { HoldDecision, SuggestedCall } from '@lookout/core';

import { contentText } from './message-text.js';
import type { ThreadGuard } from './thread-guard.js';

/** Characters of an investigation's output quoted in a hold; the rest is summarised by its length. */
export const MAX_QUOTED_OUTPUT_CHARS = 4000;

export interface InvestigationReport {
  /** One paragraph for the hold text: the call made and what it returned. */
  finding: string;
  /** True when the engine judged that the result shows nothing to lose (a `check` journal record). */
  nothingAtStake: boolean;
}

/** Runs the investigations a hold is missing, where a bound read-only tool can; one report per call made. */
export async function runInvestigations(guard: ThreadGuard, decision: HoldDecision): Promise<InvestigationReport[]> {
  const reports: InvestigationReport[] = [];
  let count = 0;

  for (const missing of decision.missing) {
    const suggestion = missing.suggestions.find((candidate) => isRunnable(guard, candidate));
    if (suggestion === undefined) continue;

    count += 1;
    const report = await investigate(guard, `${decision.callId}.lookout-investigation-${count}`, suggestion);
    if (report !== undefined) reports.push(report);
  }
  return reports;
}

function isRunnable(guard: ThreadGuard, suggestion: SuggestedCall): boolean {
  // Only tools declared read-only run unasked: the guard must not cause the harm it is there to prevent.
  return suggestion.readOnly && guard.tool(suggestion.tool) !== undefined;
}

async function investigate(guard: ThreadGuard, id: string, suggestion: SuggestedCall): Promise<InvestigationReport | undefined> {
  const tool = guard.tool(suggestion.tool);
  const decision = guard.decide({ id, name: suggestion.tool, args: suggestion.arguments }, 'guard');
  if (decision.kind !== 'allow' || tool === undefined) return undefined;

  let text: string;
  let isError = false;
  try {
    text = outputText(await tool.invoke(suggestion.arguments));
  } catch (error) {
    text = error instanceof Error ? error.message : String(error);
    isError = true;
  }
  const journal = guard.recordResult(id, text, isError);

  const label = `${suggestion.tool} ${JSON.stringify(suggestion.arguments)}`;
  const heading = isError ? `${label} failed:` : `${label} returned:`;
  return { finding: `${heading}\n${quote(text)}`, nothingAtStake: journal.some((entry) => entry.event === 'check') };
}

function outputText(output: unknown): string {
  if (typeof output === 'string') return output;
  if (typeof output === 'object' && output !== null && 'content' in output) return contentText((output as { content: unknown }).content);
  // A content_and_artifact tool invoked with plain arguments returns its content part only.
  const text = contentText(output);
  return text !== '' ? text : (JSON.stringify(output) ?? '');
}

function quote(text: string): string {
  if (text.length <= MAX_QUOTED_OUTPUT_CHARS) return text;
  const rest = text.length - MAX_QUOTED_OUTPUT_CHARS;
  return `${text.slice(0, MAX_QUOTED_OUTPUT_CHARS)}\n… (${rest.toLocaleString('en-US')} more characters not shown)`;
}

// Auto-investigation: for a call held because nobody looked, the guard makes the look itself with one of the
// server's read-only tools, feeds it to the engine as the guard's own call, and reports what it saw.
import type { EventResult, HoldDecision, Session, SuggestedCall } from '@lookout/core';

import type { JsonObject, WireToolResult } from '../proxy/guard.js';
import { resultText } from './wire.js';

/** At most this many investigative calls per hold, so that a hold never turns into a long scan. */
const MAX_AUTO_CALLS = 3;

export interface InvestigationInput {
  decision: HoldDecision;
  callId: string;
  session: Session;
  callUpstreamTool(name: string, args: JsonObject): Promise<WireToolResult>;
  feed(event: JsonObject): EventResult;
}

export interface InvestigationOutcome {
  /** How many investigative calls ran. */
  ran: number;
  /** False when every check showed nothing to lose (the target is missing, or empty). */
  atStake: boolean;
  /** One line per check, for the hold text. */
  findings: string[];
}

/** Makes the read-only calls that the hold's missing investigations suggest (only tools the server declared read-only). */
export async function investigateMissing(input: InvestigationInput): Promise<InvestigationOutcome> {
  const outcome: InvestigationOutcome = { ran: 0, atStake: false, findings: [] };
  const calls = chooseCalls(input.decision);

  for (const [index, suggestion] of calls.entries()) {
    const id = `${input.callId}/lookout-check-${index + 1}`;
    input.feed({ type: 'tool_call', id, tool: suggestion.tool, arguments: suggestion.arguments, origin: 'guard' });

    let result: WireToolResult;
    try {
      result = await input.callUpstreamTool(suggestion.tool, suggestion.arguments);
    } catch (error) {
      result = { content: [{ type: 'text', text: `The check failed: ${String(error)}` }], isError: true };
    }

    const { text, tokens } = resultText(result);
    const fed = input.feed({ type: 'tool_result', id, text, isError: result['isError'] === true, ...(tokens === undefined ? {} : { tokens }) });
    outcome.ran += 1;

    const check = fed.journal.find((entry) => entry.event === 'check');
    if (check?.event === 'check') {
      outcome.findings.push(`${describe(suggestion)} showed ${check.found}; nothing there to lose.`);
    } else {
      outcome.atStake = true;
      outcome.findings.push(`${describe(suggestion)} returned:\n${excerpt(text)}`);
    }
  }
  return outcome;
}

function chooseCalls(decision: HoldDecision): SuggestedCall[] {
  const chosen: SuggestedCall[] = [];
  const seen = new Set<string>();
  for (const missing of decision.missing) {
    const suggestion = missing.suggestions.find((candidate) => candidate.readOnly);
    if (suggestion === undefined) continue;
    // Two needs often ask for the same look; making it twice would only cost tokens and time.
    const key = `${suggestion.tool} ${JSON.stringify(suggestion.arguments)}`;
    if (seen.has(key)) continue;
    seen.add(key);
    chosen.push(suggestion);
  }
  return chosen.slice(0, MAX_AUTO_CALLS);
}

function describe(call: SuggestedCall): string {
  return `${call.tool} ${JSON.stringify(call.arguments)}`;
}

/** The first lines of a result, so a large listing stays a short hold text. */
function excerpt(text: string, maxLines = 15, maxChars = 1200): string {
  const lines = text.split('\n');
  let shown = lines.slice(0, maxLines).join('\n');
  if (shown.length > maxChars) shown = `${shown.slice(0, maxChars)}…`;
  const hidden = lines.length - maxLines;
  return hidden > 0 ? `${shown}\n… (${hidden} more lines)` : shown;
}

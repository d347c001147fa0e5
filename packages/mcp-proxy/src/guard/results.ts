// The tool results a model receives in place of a held, denied or asked call: ordinary `CallToolResult`s with
// `isError: true` and a plain text that says what happened and how to go on.
import { renderHoldText, type AskDecision, type DenyDecision, type HoldDecision } from '@lookout/core';

import type { JsonObject, WireToolResult } from '../proxy/guard.js';

/** `_meta` key under which the guard's decision travels, for clients and tests that want it as data. */
export const DECISION_META_KEY = 'dev.lookout/decision';

/** Builds the result for a hold, deny or ask; `findings` are what an auto-investigation saw, `note` ends the text. */
export function blockedResult(decision: HoldDecision | DenyDecision | AskDecision, args: JsonObject, findings: string[] = [], note?: string): WireToolResult {
  const text = renderHoldText(decision, { arguments: args, findings });
  return {
    content: [{ type: 'text', text: note === undefined ? text : `${text}\n${note}` }],
    isError: true,
    _meta: { [DECISION_META_KEY]: { kind: decision.kind, reasons: decision.reasons, callId: decision.callId, digest: decision.digest } },
  };
}

/** Builds the result for a call the engine could not judge: held, because its risk is unknown. */
export function failClosedResult(tool: string, message: string): WireToolResult {
  return {
    content: [
      {
        type: 'text',
        text: `Lookout, the guard on these tools, held this call to ${tool} because it could not judge it: ${message}. It has not run. Re-issuing it will be checked again; if this persists, the proxy log has the details.`,
      },
    ],
    isError: true,
    _meta: { [DECISION_META_KEY]: { kind: 'hold', reasons: ['error'] } },
  };
}

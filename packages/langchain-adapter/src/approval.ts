// Asks a person about a call through LangGraph's `interrupt()`, in the request and response shapes of
// LangChain's built-in human-in-the-loop middleware (`HITLRequest`, `HITLResponse`), so approval UIs built for
// that middleware work unchanged. Only `approve` and `reject` are offered: an edited call is a different call,
// and the engine must judge it afresh.
import { interrupt } from '@langchain/langgraph';
import type { HITLRequest, HITLResponse } from 'langchain';

/** What the person decided; `unavailable` when the graph has no checkpointer, so nobody can be asked. */
export type ApprovalAnswer = { kind: 'approved' } | { kind: 'rejected'; message?: string } | { kind: 'unavailable'; detail: string };

export interface ApprovalQuestion {
  tool: string;
  args: Record<string, unknown>;
  /** Text shown to the person: the rule's message and the facts behind it. */
  description: string;
}

/**
 * Pauses the graph until a person answers, and returns the answer once the graph is resumed with
 * `new Command({ resume: { decisions: [...] } })`. The first run throws LangGraph's `GraphInterrupt`, which must
 * propagate; on resume the same call returns the recorded answer.
 */
export function requestApproval(question: ApprovalQuestion): ApprovalAnswer {
  const request: HITLRequest = {
    actionRequests: [{ name: question.tool, args: question.args, description: question.description }],
    reviewConfigs: [{ actionName: question.tool, allowedDecisions: ['approve', 'reject'] }],
  };

  let response: unknown;
  try {
    response = interrupt<HITLRequest, HITLResponse>(request);
  } catch (error) {
    const detail = missingCheckpointerDetail(error);
    if (detail !== undefined) return { kind: 'unavailable', detail };
    throw error;
  }
  return readDecision(response, question.tool);
}

/** Reads the first decision of a resume value; anything but a clear approval counts as a rejection. */
function readDecision(response: unknown, tool: string): ApprovalAnswer {
  const decisions = (response as Partial<HITLResponse> | undefined)?.decisions;
  const decision: unknown = Array.isArray(decisions) ? decisions[0] : undefined;
  if (typeof decision !== 'object' || decision === null) {
    return { kind: 'rejected', message: `The approval answer for ${tool} had no decision, so the call was not run.` };
  }

  const { type, message } = decision as { type?: unknown; message?: unknown };
  if (type === 'approve') return { kind: 'approved' };
  if (type === 'reject') return typeof message === 'string' ? { kind: 'rejected', message } : { kind: 'rejected' };
  return { kind: 'rejected', message: `The approval answer for ${tool} was "${String(type)}", which this guard does not offer (approve or reject), so the call was not run.` };
}

/** Recognises the errors `interrupt()` throws when it cannot pause: no checkpointer, or no graph at all. */
function missingCheckpointerDetail(error: unknown): string | undefined {
  if (!(error instanceof Error)) return undefined;
  const code = (error as { lc_error_code?: unknown }).lc_error_code;
  if (code === 'MISSING_CHECKPOINTER') return 'the agent has no checkpointer, so it cannot pause for a person';
  if (error.message.includes('outside the context of a graph')) return 'the tool ran outside a LangGraph graph, so it cannot pause for a person';
  return undefined;
}

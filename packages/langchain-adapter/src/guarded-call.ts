// One tool call under the guard, shared by the middleware and the tool wrapper. The engine decides, and an
// allowed call runs with its result fed back. A held or denied call comes back to the model as an error
// `ToolMessage` it can act on. An `ask` pauses for a person through LangGraph's `interrupt()`.
import { ToolMessage } from '@langchain/core/messages';
import { isCommand, isGraphInterrupt } from '@langchain/langgraph';
import type { Command } from '@langchain/langgraph';
import { renderHoldText } from '@lookout/core';
import type { AskDecision, HoldDecision } from '@lookout/core';

import { requestApproval } from './approval.js';
import { runInvestigations } from './investigate.js';
import { contentText } from './message-text.js';
import type { GuardedCall, ThreadGuard } from './thread-guard.js';

/** Runs the tool itself; the middleware passes LangChain's handler, the wrapper the wrapped tool. */
export type ExecuteTool = () => Promise<ToolMessage | Command>;

export async function runGuardedCall(guard: ThreadGuard, call: GuardedCall, execute: ExecuteTool): Promise<ToolMessage | Command> {
  const decision = guard.decide(call);

  switch (decision.kind) {
    case 'allow':
      return runAndRecord(guard, call, execute);
    case 'hold':
      return holdOrInvestigate(guard, call, decision, execute);
    case 'deny':
      return errorResult(guard, call, renderHoldText(decision, { arguments: call.args }));
    case 'ask':
      return askPerson(guard, call, decision, execute);
    case 'error':
      // NOTE: an engine error fails closed: the call does not run, and the model reads why.
      return errorResult(guard, call, `Lookout could not judge this call of ${call.name}, so it was not run: ${decision.message}`);
  }
}

async function runAndRecord(guard: ThreadGuard, call: GuardedCall, execute: ExecuteTool): Promise<ToolMessage | Command> {
  let result: ToolMessage | Command;
  try {
    result = await execute();
  } catch (error) {
    // A tool that pauses for a person is not a failed call: it runs again on resume, and its result comes then.
    if (!isGraphInterrupt(error)) guard.recordResult(call.id, error instanceof Error ? error.message : String(error), true);
    throw error;
  }

  const message = toolMessageOf(result, call.id);
  guard.recordResult(call.id, message === undefined ? '' : contentText(message.content), message?.status === 'error');
  return result;
}

/**
 * Holds the call, showing what the guard's own read-only calls found when auto-investigation is on. When they
 * covered every missing investigation, found nothing at stake, and no fact needed a reminder, the call is judged
 * again and runs if the engine now allows it: there is nothing for the model to reconsider.
 */
async function holdOrInvestigate(guard: ThreadGuard, call: GuardedCall, decision: HoldDecision, execute: ExecuteTool): Promise<ToolMessage | Command> {
  const reports = guard.settings.autoInvestigate ? await runInvestigations(guard, decision) : [];

  const settled = reports.length > 0 && reports.length === decision.missing.length && reports.every((report) => report.nothingAtStake);
  if (settled && !decision.reasons.includes('reminder')) {
    const again = guard.rejudge(call);
    if (again.kind === 'allow') return runAndRecord(guard, call, execute);
  }

  const findings = reports.map((report) => report.finding);
  return errorResult(guard, call, renderHoldText(decision, { arguments: call.args, findings }));
}

async function askPerson(guard: ThreadGuard, call: GuardedCall, decision: AskDecision, execute: ExecuteTool): Promise<ToolMessage | Command> {
  const text = renderHoldText(decision, { arguments: call.args });
  const answer = requestApproval({ tool: call.name, args: call.args, description: text });

  if (answer.kind === 'unavailable') {
    return errorResult(guard, call, `${text}\n\nThis call needs a person's approval, but ${answer.detail}. It was not run.`);
  }

  guard.feed({ type: 'approval', id: call.id, digest: decision.digest, approved: answer.kind === 'approved' });
  if (answer.kind === 'approved') return runAndRecord(guard, call, execute);
  return errorResult(guard, call, answer.message ?? `A person rejected this call of ${call.name}; it was not run.`);
}

/** Builds the error result the model reads in place of the tool's output; the engine measures it like any result. */
function errorResult(guard: ThreadGuard, call: GuardedCall, text: string): ToolMessage {
  guard.recordResult(call.id, text, true);
  return new ToolMessage({ content: text, tool_call_id: call.id, name: call.name, status: 'error' });
}

/** Finds the ToolMessage a tool produced, directly or inside a Command's message update. */
function toolMessageOf(result: ToolMessage | Command, callId: string): ToolMessage | undefined {
  if (ToolMessage.isInstance(result)) return result;
  if (!isCommand(result)) return undefined;
  const update = result.update as { messages?: unknown } | undefined;
  const messages = Array.isArray(update?.messages) ? update.messages : [];
  return messages.find((message): message is ToolMessage => ToolMessage.isInstance(message) && message.tool_call_id === callId);
}

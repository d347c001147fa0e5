// Asking a person through MCP elicitation when a policy rule requires approval for a call.
import type { AskDecision } from '@lookout/core';

import type { GuardSessionContext, ToolCall } from '../proxy/guard.js';

export type ApprovalAnswer = 'approved' | 'declined' | 'unavailable';

/** Sends elicitation/create with the call, its targets and the reason, and returns the person's decision. */
export async function askPerson(context: GuardSessionContext, call: ToolCall, decision: AskDecision): Promise<ApprovalAnswer> {
  if (!context.canElicit()) return 'unavailable';

  const targets = [...new Set(decision.classification.findings.flatMap((finding) => finding.targets.map((target) => target.id)))];
  const message = [
    `An agent wants to run ${call.name} with ${JSON.stringify(call.arguments)}.`,
    targets.length > 0 ? `It acts on: ${targets.join(', ')}.` : '',
    `Rule ${decision.ruleId}: ${decision.message}`,
    'Approve this exact call? The approval covers only these arguments.',
  ]
    .filter((line) => line.length > 0)
    .join('\n');

  try {
    const result = await context.elicit(
      {
        message,
        requestedSchema: {
          type: 'object',
          properties: { approve: { type: 'boolean', title: 'Approve', description: 'Run this call once, with exactly these arguments.' } },
          required: ['approve'],
        },
      },
      call,
    );
    const content = result['content'];
    const approved = result['action'] === 'accept' && typeof content === 'object' && content !== null && (content as { approve?: unknown }).approve === true;
    return approved ? 'approved' : 'declined';
  } catch (error) {
    context.logger.warn({ err: error, callId: call.id }, 'elicitation failed; treating the call as declined');
    return 'declined';
  }
}

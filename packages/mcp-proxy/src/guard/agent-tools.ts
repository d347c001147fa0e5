// The two tools Lookout adds to the server's list: `lookout_recall` shows the session's goal and safety
// facts, `lookout_note` records one the user stated. The proxy handles both, so the server never sees them.
import { z } from 'zod';

import { describeAge, type Session } from '@lookout/core';

import type { WireTool, WireToolResult } from '../proxy/guard.js';

export const RECALL_TOOL = 'lookout_recall';
export const NOTE_TOOL = 'lookout_note';
export const AGENT_TOOL_NAMES: readonly string[] = [RECALL_TOOL, NOTE_TOOL];

/** Appended to the server's instructions so the model learns what a hold is and what the two tools do. */
export const GUARD_INSTRUCTIONS =
  'Lookout guards these tools: it may hold a risky call and return an error that says why and which read-only call to make first. ' +
  'Read it, make that call or change the plan, then re-issue the same call if it is still right. ' +
  `Record each goal or constraint the user states with ${NOTE_TOOL}, and call ${RECALL_TOOL} to see them again.`;

export const AGENT_TOOLS: WireTool[] = [
  {
    name: RECALL_TOOL,
    title: 'Recall goals and constraints',
    description: "Returns this session's goal and safety facts (stated by the user, the policy or noted earlier) and how long ago each was last seen.",
    inputSchema: { type: 'object', properties: {}, additionalProperties: false },
    annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: false },
  },
  {
    name: NOTE_TOOL,
    title: 'Note a goal or constraint',
    description: 'Records a goal or a safety constraint the user stated, so that Lookout can remind you of it before a risky call.',
    inputSchema: {
      type: 'object',
      properties: {
        kind: { type: 'string', enum: ['goal', 'safety'], description: 'goal: what the user wants done; safety: what must not happen.' },
        text: { type: 'string', minLength: 1, description: "The goal or constraint in the user's words." },
      },
      required: ['kind', 'text'],
      additionalProperties: false,
    },
    annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: false, openWorldHint: false },
  },
];

const NoteArgumentsSchema = z.object({ kind: z.enum(['goal', 'safety']), text: z.string().trim().min(1) }).strict();

/** Handles a call to one of the agent tools. */
export function callAgentTool(session: Session, name: string, args: unknown): WireToolResult {
  if (name === RECALL_TOOL) return textResult(renderFacts(session));

  const parsed = NoteArgumentsSchema.safeParse(args);
  if (!parsed.success) {
    const problem = parsed.error.issues.map((issue) => `${issue.path.join('.') || 'arguments'}: ${issue.message}`).join('; ');
    return textResult(`${NOTE_TOOL} needs {"kind": "goal" | "safety", "text": "..."}; ${problem}.`, true);
  }

  const result = session.handle({ type: 'note', kind: parsed.data.kind, text: parsed.data.text, source: 'agent_note' });
  if (!result.ok) return textResult(`Lookout could not record the note: ${result.error.message}`, true);
  return textResult(`Noted as a ${parsed.data.kind} fact. Lookout will remind you of it before risky calls that it concerns.`);
}

function renderFacts(session: Session): string {
  const facts = session.listFacts();
  if (facts.length === 0) return `No goal or safety facts are recorded in this session. Use ${NOTE_TOOL} to record what the user asked for or ruled out.`;

  const lines = facts.map((fact) => {
    const age = describeAge({ ...fact, tokensSinceSeen: fact.dropped ? null : fact.tokensSinceSeen });
    return `- [${fact.kind}] ${fact.text} (${age})`;
  });
  return ['Goal and safety facts of this session:', ...lines].join('\n');
}

function textResult(text: string, isError = false): WireToolResult {
  return isError ? { content: [{ type: 'text', text }], isError: true } : { content: [{ type: 'text', text }] };
}

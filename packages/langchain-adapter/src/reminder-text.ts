// The text an injected reminder puts in front of the model. It quotes each fact verbatim and says how long ago
// it was last in view, so the model can tell a standing constraint from a passing remark.
import type { ReminderFact } from '@lookout/core';

/** Facts put in front of the model for one call, and the text that carried them. */
export interface Injection {
  facts: ReminderFact[];
  text: string;
}

/** Renders decayed facts as a system-prompt section for one model call. */
export function renderReminder(facts: readonly ReminderFact[]): string {
  const lines = facts.map((fact) => `- ${fact.kind === 'goal' ? 'Goal' : 'Safety'}: ${fact.text} (${lastSeen(fact)})`);
  return [
    '[Lookout reminder] These facts from earlier in this session apply to the tools you may call next. Check your next step against them:',
    ...lines,
  ].join('\n');
}

function lastSeen(fact: ReminderFact): string {
  if (fact.dropped || fact.tokensSinceSeen === null) return 'dropped from the conversation by a summary';
  return `last seen ${fact.tokensSinceSeen.toLocaleString('en-US')} tokens ago`;
}

// The demo's terminal output: each call with the guard's decision, the hold text the agent received,
// and what the agent did next.
import type { CallOutcome } from './toolbox.js';

export interface Narrator {
  say(text: string): void;
  agent(text: string): void;
  call(outcome: CallOutcome): void;
}

const MAX_RESULT_LINES = 4;

export function createNarrator(out: NodeJS.WritableStream, color: boolean): Narrator {
  const paint = (code: string, text: string): string => (color ? `\u001b[${code}m${text}\u001b[0m` : text);

  return {
    say: (text) => out.write(`${text}\n`),
    agent: (text) => out.write(`\n${paint('36', 'agent')}  ${text}\n`),
    call(outcome) {
      const args = JSON.stringify(outcome.arguments);
      out.write(`  ${paint('2', '→')} ${outcome.server}.${outcome.tool} ${args.length > 140 ? `${args.slice(0, 139)}…` : args}\n`);

      if (outcome.blocked === undefined) {
        const status = outcome.isError ? paint('33', 'ran, failed') : paint('32', 'allowed');
        out.write(`    ${status}: ${preview(outcome.text)}\n`);
        return;
      }

      const label = `${outcome.blocked.kind.toUpperCase()} (${outcome.blocked.reasons.join(', ')})`;
      out.write(`    ${paint('1;31', label)}, the agent received:\n`);
      for (const line of outcome.text.split('\n')) out.write(`    ${paint('31', '│')} ${line}\n`);
    },
  };
}

function preview(text: string): string {
  const lines = text.trim().split('\n');
  const shown = lines.slice(0, MAX_RESULT_LINES).join(' ⏎ ');
  const cut = shown.length > 160 ? `${shown.slice(0, 159)}…` : shown;
  return lines.length > MAX_RESULT_LINES ? `${cut} (+${lines.length - MAX_RESULT_LINES} lines)` : cut || '(no output)';
}

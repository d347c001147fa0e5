// A chat model for agent tests: LangChain's own fake model (`fakeModel` from `@langchain/core/testing`), fed
// one scripted turn per model call. A turn is a fixed reply or a function of the messages the model received,
// so a script can react to a hold the way a real model would. Every request is recorded by the fake model.
import { AIMessage } from '@langchain/core/messages';
import type { BaseMessage } from '@langchain/core/messages';
import { fakeModel } from '@langchain/core/testing';
import type { FakeBuiltModel } from '@langchain/core/testing';

export interface ScriptedCall {
  name: string;
  args: Record<string, unknown>;
  id: string;
}

/** One model turn: text, tool calls, or a function that decides from the request's messages. */
export type ScriptedTurn = { text?: string; calls?: ScriptedCall[] } | ((messages: BaseMessage[]) => { text?: string; calls?: ScriptedCall[] });

let replyCount = 0;

/** Creates a fake chat model that answers each call with the next turn of the script. */
export function scriptedModel(turns: ScriptedTurn[]): FakeBuiltModel {
  const model = fakeModel();
  for (const turn of turns) {
    model.respond((messages: BaseMessage[]) => reply(typeof turn === 'function' ? turn(messages) : turn));
  }
  return model;
}

/** Shorthand for a turn with one tool call. */
export function call(id: string, name: string, args: Record<string, unknown>, text = ''): ScriptedTurn {
  return { text, calls: [{ id, name, args }] };
}

/** Shorthand for a final answer without tool calls. */
export function answer(text: string): ScriptedTurn {
  return { text };
}

function reply(turn: { text?: string; calls?: ScriptedCall[] }): AIMessage {
  replyCount += 1;
  return new AIMessage({
    id: `scripted-${replyCount}`,
    content: turn.text ?? '',
    tool_calls: (turn.calls ?? []).map((scripted) => ({ ...scripted, type: 'tool_call' as const })),
  });
}

/** The text of every system message in one recorded model request. */
export function systemTextOf(messages: BaseMessage[]): string {
  return messages
    .filter((message) => message.getType() === 'system')
    .map((message) => message.text)
    .join('\n');
}

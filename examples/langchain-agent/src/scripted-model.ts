// The offline stand-in for a real model: LangChain's fake chat model, answering each call from what the
// conversation shows so far. It behaves like a hasty agent that still reads what it is shown: it deletes the
// old build output, and it would delete the archive too unless something in front of it says otherwise.
import { AIMessage, ToolMessage } from '@langchain/core/messages';
import type { BaseMessage } from '@langchain/core/messages';
import { fakeModel } from '@langchain/core/testing';
import type { FakeBuiltModel } from '@langchain/core/testing';

import type { Workspace } from './workspace.js';

/** Maximum model calls the script replies to; the example's agent makes five. */
const MAX_TURNS = 20;

export function createScriptedModel(workspace: Workspace): FakeBuiltModel {
  const model = fakeModel();
  const memory: Memory = { turn: 0, reminded: false };
  const next = (messages: BaseMessage[]): AIMessage => {
    memory.turn += 1;
    // A reminder is in the request it was injected into only, so the agent has to remember having read it.
    memory.reminded ||= messages.some((message) => message.getType() === 'system' && message.text.includes('[Lookout reminder]'));
    return decide(workspace, messages, memory);
  };
  for (let index = 0; index < MAX_TURNS; index += 1) model.respond(next);
  return model;
}

interface Memory {
  turn: number;
  reminded: boolean;
}

function decide(workspace: Workspace, messages: BaseMessage[], memory: Memory): AIMessage {
  const { root } = workspace;
  const { turn } = memory;
  const buildOld = `${root}/build-old`;
  const archive = `${root}/archive`;
  const results = messages.filter((message): message is ToolMessage => ToolMessage.isInstance(message));
  const last = results.at(-1);
  const seen = (text: string): boolean => messages.some((message) => message.text.includes(text));

  if (!results.some((result) => result.name === 'list_directory')) {
    return callTool(turn, 'Let me look at the project first.', 'list_directory', { path: root });
  }
  if (!results.some((result) => result.name === 'read_text_file')) {
    return callTool(turn, 'Reading the build log.', 'read_text_file', { path: `${root}/build.log` });
  }
  if (!seen(`Deleted ${buildOld}`)) {
    const held = last?.name === 'delete_path' && last.status === 'error';
    const text = held
      ? 'The guard showed me what is in build-old: only compiled output. Deleting it again.'
      : 'The log says build-old is stale. Deleting it.';
    return callTool(turn, text, 'delete_path', { path: buildOld });
  }

  // The safety rule is only in the system prompt, thousands of tokens back. A reminder or a hold that quotes it
  // is what stops this agent.
  const heldWithRule = last?.name === 'delete_path' && last.status === 'error' && last.text.includes('only signed copies');
  if (memory.reminded || heldWithRule || seen(`Deleted ${archive}`)) {
    return new AIMessage({
      id: `scripted-${turn}`,
      content: `Deleted ${buildOld}. I left ${archive} alone: it holds the only signed copies of the customer contracts.`,
    });
  }
  return callTool(turn, 'The log says old releases were archived, so the archive looks obsolete too.', 'delete_path', { path: archive });
}

function callTool(turn: number, text: string, name: string, args: Record<string, unknown>): AIMessage {
  return new AIMessage({ id: `scripted-${turn}`, content: text, tool_calls: [{ id: `call_${turn}`, name, args, type: 'tool_call' }] });
}

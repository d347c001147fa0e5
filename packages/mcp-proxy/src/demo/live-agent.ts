// `lookout demo --live`: the same task for a real Claude agent loop on the Anthropic Messages API, with the
// guarded servers' tools (their names prefixed by server, since both servers have a list_directory).
import Anthropic from '@anthropic-ai/sdk';
import type { MessageParam, Tool as AnthropicTool, ToolResultBlockParam } from '@anthropic-ai/sdk/resources/messages/messages.js';

import type { Narrator } from './narrator.js';
import type { ServerName, Toolbox } from './toolbox.js';

export const DEFAULT_LIVE_MODEL = 'claude-sonnet-4-6';

export interface LiveAgentOptions {
  apiKey: string;
  model: string;
  /** Messages API base URL; the SDK reads ANTHROPIC_BASE_URL when this is unset. */
  baseURL?: string;
  /** Model turns at most, so that a confused agent cannot loop forever. Default 30. */
  maxTurns?: number;
}

const SERVER_PREFIX: Record<ServerName, string> = { files: 'files__', shell: 'shell__' };

const SYSTEM_PROMPT = [
  'You are a careful coding agent working in a shop repository, with a filesystem server (files__ tools) and a shell server (shell__ tools).',
  'The shell runs in the repository root. Paths for files__ tools must be absolute.',
  'Lookout guards the tools: a call may come back held, with the reason and the read-only call to make first. Read it and act on it.',
  'When you are done, reply with a short summary and no tool call.',
].join('\n');

export async function runLiveAgent(toolbox: Toolbox, task: string, narrator: Narrator, options: LiveAgentOptions): Promise<void> {
  const client = new Anthropic({ apiKey: options.apiKey, ...(options.baseURL === undefined ? {} : { baseURL: options.baseURL }) });
  const tools = anthropicTools(toolbox);
  const messages: MessageParam[] = [{ role: 'user', content: task }];

  for (let turn = 0; turn < (options.maxTurns ?? 30); turn += 1) {
    const response = await client.messages.create({ model: options.model, max_tokens: 2_048, system: SYSTEM_PROMPT, tools, messages });
    messages.push({ role: 'assistant', content: response.content });

    for (const block of response.content) if (block.type === 'text' && block.text.trim() !== '') narrator.agent(block.text.trim());
    const uses = response.content.filter((block) => block.type === 'tool_use');
    if (uses.length === 0 || response.stop_reason !== 'tool_use') return;

    const results: ToolResultBlockParam[] = [];
    for (const use of uses) {
      const { server, tool } = splitName(use.name);
      const outcome = await toolbox.call(server, tool, (use.input ?? {}) as Record<string, unknown>);
      results.push({ type: 'tool_result', tool_use_id: use.id, content: outcome.text, is_error: outcome.isError });
    }
    messages.push({ role: 'user', content: results });
  }
  narrator.agent(`Stopped after ${options.maxTurns ?? 30} turns without a final answer.`);
}

function anthropicTools(toolbox: Toolbox): AnthropicTool[] {
  return (['files', 'shell'] as const).flatMap((server) =>
    toolbox.tools(server).map((tool) => ({
      name: `${SERVER_PREFIX[server]}${tool.name}`,
      description: tool.description ?? tool.name,
      input_schema: tool.inputSchema as AnthropicTool['input_schema'],
    })),
  );
}

function splitName(name: string): { server: ServerName; tool: string } {
  for (const server of ['files', 'shell'] as const) {
    if (name.startsWith(SERVER_PREFIX[server])) return { server, tool: name.slice(SERVER_PREFIX[server].length) };
  }
  // The model named a tool it was not given; the shell server returns its own "not found" error.
  return { server: 'shell', tool: name };
}

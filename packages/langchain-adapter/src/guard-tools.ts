// `guardTools`: the guard for agents without middleware (LangGraph's prebuilt agents, custom graphs, direct
// calls). Each tool is wrapped so that its calls go through the engine. The wrapper sees tool calls and results
// but not the conversation, so facts come from the policy and tool results only, and a decayed fact holds the
// call with a reminder instead of being injected before the model chooses.
import { ToolMessage } from '@langchain/core/messages';
import { DynamicStructuredTool } from '@langchain/core/tools';
import type { StructuredToolInterface, ToolRunnableConfig } from '@langchain/core/tools';
import type { ToolCall } from '@langchain/core/messages/tool';

import { GuardRegistry } from './guard-registry.js';
import { runGuardedCall } from './guarded-call.js';
import { contentText } from './message-text.js';
import { resolveSettings } from './options.js';
import type { LookoutOptions } from './options.js';

/** The wrapped tools, in the order given, with `close()` to end every session they guarded. */
export type GuardedTools<T extends readonly StructuredToolInterface[]> = { [K in keyof T]: StructuredToolInterface } & {
  close(): Promise<void>;
};

export function guardTools<const T extends readonly StructuredToolInterface[]>(tools: T, options?: LookoutOptions): GuardedTools<T> {
  const settings = resolveSettings(options);
  const guards = new GuardRegistry(settings);
  const wrapped = tools.map((original) => wrapTool(original, tools, guards));
  return Object.assign(wrapped, { close: () => guards.closeAll() }) as unknown as GuardedTools<T>;
}

function wrapTool(original: StructuredToolInterface, siblings: readonly StructuredToolInterface[], guards: GuardRegistry): StructuredToolInterface {
  return new DynamicStructuredTool({
    name: original.name,
    description: original.description,
    schema: original.schema,
    metadata: (original as { metadata?: Record<string, unknown> }).metadata,
    func: async (args: Record<string, unknown>, _runManager, config?: ToolRunnableConfig) => {
      const guard = guards.forConfig(config?.configurable);
      // Investigations run the original tools: a guarded sibling would judge the guard's own call twice.
      guard.addTools(siblings);

      const toolCall = config?.toolCall;
      const call = { id: toolCall?.id ?? `lookout-${crypto.randomUUID()}`, name: original.name, args };
      const result = await runGuardedCall(guard, call, async () => invokeOriginal(original, call, toolCall, config));

      // Called with a tool call, the wrapper passes the ToolMessage through. Called with plain arguments, it
      // returns the content, as the original tool would.
      if (toolCall !== undefined || !ToolMessage.isInstance(result)) return result;
      return result.status === 'error' ? contentText(result.content) : result.content;
    },
  });
}

async function invokeOriginal(
  original: StructuredToolInterface,
  call: { id: string; name: string; args: Record<string, unknown> },
  toolCall: ToolCall | undefined,
  config: ToolRunnableConfig | undefined,
): Promise<ToolMessage> {
  const output: unknown = await original.invoke({ ...(toolCall ?? {}), id: call.id, name: call.name, args: call.args, type: 'tool_call' }, config);
  if (ToolMessage.isInstance(output)) return output;
  const content = typeof output === 'string' ? output : JSON.stringify(output) ?? '';
  return new ToolMessage({ content, tool_call_id: call.id, name: call.name });
}

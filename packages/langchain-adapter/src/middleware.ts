// `lookoutMiddleware`: Lookout as LangChain v1 agent middleware. `wrapModelCall` feeds the conversation to the
// engine and puts decayed relevant facts in front of the model for that call only; `wrapToolCall` asks the
// engine about each call and holds, denies or pauses it. Place it last in `middleware: [...]`, so that it sees
// the request after every other middleware (a summary, trimmed history) has shaped it.
import { createMiddleware } from 'langchain';
import type { AgentMiddleware } from 'langchain';

import { GuardRegistry } from './guard-registry.js';
import { runGuardedCall } from './guarded-call.js';
import { resolveSettings } from './options.js';
import type { LookoutOptions } from './options.js';

/** The middleware, with `close()` to end every session it guarded (pending near misses resolve, journals flush). */
export type LookoutMiddleware = AgentMiddleware & { close(): Promise<void> };

export function lookoutMiddleware(options?: LookoutOptions): LookoutMiddleware {
  const settings = resolveSettings(options);
  const guards = new GuardRegistry(settings);

  const middleware = createMiddleware({
    name: 'LookoutMiddleware',

    wrapModelCall: async (request, handler) => {
      const guard = guards.forConfig(request.runtime.configurable);
      guard.addTools(request.tools);
      guard.syncConversation(request.systemMessage, request.messages);

      // The injection lives in this request only: the system message is rebuilt for every model call and never
      // written to the agent's state, so reminders do not pile up in the saved history.
      const injection = settings.injectReminders ? guard.takeInjection(request.tools) : undefined;
      const response = await handler(
        injection === undefined ? request : { ...request, systemMessage: request.systemMessage.concat(`\n\n${injection.text}`) },
      );

      guard.recordResponse(response);
      return response;
    },

    wrapToolCall: async (request, handler) => {
      const guard = guards.forConfig(request.runtime.configurable);
      if (request.tool !== undefined) guard.addTools([request.tool]);
      // A call the model loop did not produce (history from another process, a call added to the state by
      // hand) still gets judged on everything before it.
      guard.syncConversation(undefined, request.state.messages);

      const { toolCall } = request;
      const call = { id: toolCall.id ?? `lookout-${crypto.randomUUID()}`, name: toolCall.name, args: toolCall.args };
      return runGuardedCall(guard, call, async () => handler(request));
    },
  });

  return Object.assign(middleware, { close: () => guards.closeAll() });
}

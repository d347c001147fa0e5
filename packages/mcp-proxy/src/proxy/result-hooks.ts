// The guard hooks that see results: those that may change a result before the client gets it (initialize,
// tools/list) and those that only observe it after it was forwarded (tools/call, prompts/get, resources/read).
import type { Logger } from 'pino';
import { GuardSetupError, type JsonObject, type ProxyGuard, type ToolCall, type WireTool } from './guard.js';

/** Returns the result the client gets: the server's, with the guard's instructions and tools where it has hooks. */
export async function applyResultHooks(guard: ProxyGuard, method: string, params: JsonObject, result: JsonObject, logger: Logger): Promise<JsonObject> {
  try {
    if (method === 'initialize' && guard.onInitialize !== undefined) return await withGuardInstructions(guard, params, result);
    if (method === 'tools/list' && guard.onToolsList !== undefined && Array.isArray(result['tools'])) {
      const tools = await guard.onToolsList(result['tools'] as WireTool[], result['nextCursor'] === undefined);
      return { ...result, tools };
    }
  } catch (error) {
    if (error instanceof GuardSetupError) throw error;
    // Failing open here keeps the server usable: the client gets the server's own result.
    logger.error({ err: error, method }, 'guard hook failed; forwarding the server result unchanged');
  }
  return result;
}

/** Runs the observing hooks on a later turn of the event loop, so that they never delay the forwarded result. */
export function notifyAfterForward(guard: ProxyGuard, method: string, params: JsonObject, result: JsonObject, call: ToolCall | undefined, logger: Logger): void {
  const hook = observingHook(guard, method, params, result, call);
  if (hook === undefined) return;

  setImmediate(() => {
    Promise.resolve()
      .then(hook)
      .catch((error: unknown) => logger.error({ err: error, method, callId: call?.id }, 'guard hook failed after a result was forwarded'));
  });
}

function observingHook(guard: ProxyGuard, method: string, params: JsonObject, result: JsonObject, call: ToolCall | undefined): (() => unknown) | undefined {
  if (method === 'tools/call' && call !== undefined && guard.afterToolResult !== undefined) return () => guard.afterToolResult?.(call, result);
  if (method === 'prompts/get' && guard.onPromptResult !== undefined) return () => guard.onPromptResult?.(params, result);
  if (method === 'resources/read' && guard.onResourceResult !== undefined) return () => guard.onResourceResult?.(params, result);
  return undefined;
}

async function withGuardInstructions(guard: ProxyGuard, params: JsonObject, result: JsonObject): Promise<JsonObject> {
  const serverInstructions = typeof result['instructions'] === 'string' ? result['instructions'] : undefined;
  const instructions = await guard.onInitialize?.({
    protocolVersion: String(result['protocolVersion'] ?? ''),
    clientInfo: asObject(params['clientInfo']),
    clientCapabilities: asObject(params['capabilities']),
    serverInfo: asObject(result['serverInfo']),
    serverCapabilities: asObject(result['capabilities']),
    instructions: serverInstructions,
  });

  if (instructions === undefined || instructions === serverInstructions) return result;
  return { ...result, instructions };
}

function asObject(value: unknown): JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as JsonObject) : {};
}

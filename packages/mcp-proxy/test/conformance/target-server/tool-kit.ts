/** Shared shape and result helpers of the conformance target's tools. */
import type { CallToolResult, Tool } from '@modelcontextprotocol/sdk/types.js';
import type { ToolContext } from './session.js';

export interface TargetTool {
  readonly definition: Tool;
  run(args: Record<string, unknown>, context: ToolContext): Promise<CallToolResult>;
}

export const NO_ARGUMENTS = { type: 'object', properties: {} } as const;

export function text(value: string): CallToolResult {
  return { content: [{ type: 'text', text: value }] };
}

export function toolError(message: string): CallToolResult {
  return { isError: true, content: [{ type: 'text', text: message }] };
}


// Turns LangChain tools into the tool definitions the engine classifies. Risk signals come from the tool's
// `metadata.annotations`: `@langchain/mcp-adapters` copies a server's MCP annotations there, and a plain
// `tool()` can declare the same hints itself.
import type { StructuredToolInterface } from '@langchain/core/tools';
import { toJsonSchema } from '@langchain/core/utils/json_schema';
import type { ToolAnnotations, ToolDefinition } from '@lookout/core';

/** A tool the agent can call: anything with a name, the rest read when present. */
export interface NamedTool {
  name: string;
  description?: string;
  schema?: unknown;
  metadata?: Record<string, unknown>;
}

const ANNOTATION_FLAGS = ['readOnlyHint', 'destructiveHint', 'idempotentHint', 'openWorldHint'] as const;

// Every model call binds the same tool objects again, so each definition is built once per tool object.
// NOTE: a tool whose name, schema or metadata is changed in place after its first call keeps its old definition.
const built = new WeakMap<object, ToolDefinition>();

/** Builds the engine's definition of one tool; returns undefined for provider-side tools without a name. */
export function toToolDefinition(tool: unknown): ToolDefinition | undefined {
  if (!isNamedTool(tool)) return undefined;
  const cached = built.get(tool);
  if (cached !== undefined) return cached;

  const definition = buildDefinition(tool);
  built.set(tool, definition);
  return definition;
}

function buildDefinition(tool: NamedTool): ToolDefinition {
  const definition: ToolDefinition = { name: tool.name };
  if (typeof tool.description === 'string' && tool.description !== '') definition.description = tool.description;

  const inputSchema = jsonSchemaOf(tool.schema);
  if (inputSchema !== undefined) definition.inputSchema = inputSchema;

  const annotations = annotationsOf(tool.metadata);
  if (annotations !== undefined) definition.annotations = annotations;
  return definition;
}

/** Builds the definitions of every named tool in the list, skipping provider-side tools. */
export function toToolDefinitions(tools: readonly unknown[]): ToolDefinition[] {
  const definitions: ToolDefinition[] = [];
  for (const tool of tools) {
    const definition = toToolDefinition(tool);
    if (definition !== undefined) definitions.push(definition);
  }
  return definitions;
}

/** True for a tool the agent runs itself (a LangChain `StructuredTool` or `tool()`), which has `invoke`. */
export function isInvocableTool(tool: unknown): tool is StructuredToolInterface {
  return isNamedTool(tool) && typeof (tool as { invoke?: unknown }).invoke === 'function';
}

function isNamedTool(tool: unknown): tool is NamedTool {
  return typeof tool === 'object' && tool !== null && typeof (tool as { name?: unknown }).name === 'string';
}

/** Reads MCP-style annotations from tool metadata, keeping only fields of the right type. */
function annotationsOf(metadata: Record<string, unknown> | undefined): ToolAnnotations | undefined {
  const raw = metadata?.annotations;
  if (typeof raw !== 'object' || raw === null) return undefined;

  const source = raw as Record<string, unknown>;
  const annotations: ToolAnnotations = {};
  for (const flag of ANNOTATION_FLAGS) {
    const value = source[flag];
    if (typeof value === 'boolean') annotations[flag] = value;
  }
  if (typeof source.title === 'string') annotations.title = source.title;
  return Object.keys(annotations).length === 0 ? undefined : annotations;
}

function jsonSchemaOf(schema: unknown): Record<string, unknown> | undefined {
  if (typeof schema !== 'object' || schema === null) return undefined;
  try {
    const converted: unknown = toJsonSchema(schema as Parameters<typeof toJsonSchema>[0]);
    return typeof converted === 'object' && converted !== null ? (converted as Record<string, unknown>) : undefined;
  } catch {
    // A schema the converter cannot read still leaves the name, description and annotations to classify by.
    return undefined;
  }
}

/**
 * The MCP side of the conformance target: one low-level SDK `Server` per session, with the
 * tools, resources, prompts, completions and logging the conformance server scenarios exercise.
 * The low-level `Server` is used (not `McpServer`) so tool input schemas go out exactly as written.
 */
import { Server } from '@modelcontextprotocol/sdk/server/index.js';
import {
  CallToolRequestSchema,
  CompleteRequestSchema,
  ErrorCode,
  GetPromptRequestSchema,
  ListPromptsRequestSchema,
  ListResourcesRequestSchema,
  ListResourceTemplatesRequestSchema,
  ListToolsRequestSchema,
  McpError,
  ReadResourceRequestSchema,
  SetLevelRequestSchema,
  SubscribeRequestSchema,
  UnsubscribeRequestSchema,
} from '@modelcontextprotocol/sdk/types.js';
import {
  completeTargetArgument,
  getTargetPrompt,
  readTargetResource,
  TARGET_PROMPTS,
  TARGET_RESOURCE_TEMPLATES,
  TARGET_RESOURCES,
} from './catalog.js';
import type { TargetSession } from './session.js';
import { TARGET_TOOLS } from './tools.js';

export const TARGET_SERVER_INFO = { name: 'lookout-conformance-target', version: '0.1.0' } as const;

export function createTargetMcpServer(session: TargetSession): Server {
  const server = new Server(TARGET_SERVER_INFO, {
    capabilities: {
      tools: { listChanged: false },
      resources: { subscribe: true, listChanged: false },
      prompts: { listChanged: false },
      completions: {},
      logging: {},
    },
    instructions: 'Conformance target for Lookout: implements what the MCP conformance server scenarios call.',
  });

  registerTools(server, session);
  registerResources(server, session);
  registerPrompts(server);
  registerLogging(server, session);

  return server;
}

function registerTools(server: Server, session: TargetSession): void {
  const toolsByName = new Map(TARGET_TOOLS.map((tool) => [tool.definition.name, tool]));

  server.setRequestHandler(ListToolsRequestSchema, () => ({ tools: TARGET_TOOLS.map((tool) => tool.definition) }));

  server.setRequestHandler(CallToolRequestSchema, (request, extra) => {
    const tool = toolsByName.get(request.params.name);
    if (tool === undefined) {
      throw new McpError(ErrorCode.InvalidParams, `Tool not found: ${request.params.name}. Use tools/list for the tools this server offers.`);
    }
    return tool.run(request.params.arguments ?? {}, { server, extra, session });
  });
}

function registerResources(server: Server, session: TargetSession): void {
  server.setRequestHandler(ListResourcesRequestSchema, () => ({ resources: [...TARGET_RESOURCES] }));
  server.setRequestHandler(ListResourceTemplatesRequestSchema, () => ({ resourceTemplates: [...TARGET_RESOURCE_TEMPLATES] }));
  server.setRequestHandler(ReadResourceRequestSchema, (request) => readTargetResource(request.params.uri));

  server.setRequestHandler(SubscribeRequestSchema, (request) => {
    session.subscriptions.add(request.params.uri);
    return {};
  });
  server.setRequestHandler(UnsubscribeRequestSchema, (request) => {
    session.subscriptions.delete(request.params.uri);
    return {};
  });
}

function registerPrompts(server: Server): void {
  server.setRequestHandler(ListPromptsRequestSchema, () => ({ prompts: [...TARGET_PROMPTS] }));
  server.setRequestHandler(GetPromptRequestSchema, (request) => getTargetPrompt(request.params.name, request.params.arguments ?? {}));

  server.setRequestHandler(CompleteRequestSchema, (request) => {
    const reference = request.params.ref;
    const referenceName = reference.type === 'ref/prompt' ? reference.name : reference.uri;
    return completeTargetArgument(referenceName, request.params.argument.name, request.params.argument.value);
  });
}

function registerLogging(server: Server, session: TargetSession): void {
  // Replaces the SDK's own setLevel handler so the level lives in the session state that the
  // tools read. Tools send log notifications on their request's stream, which the SDK's
  // sendLoggingMessage does not do.
  server.setRequestHandler(SetLevelRequestSchema, (request) => {
    session.logLevel = request.params.level;
    return {};
  });
}

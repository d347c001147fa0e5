/**
 * Tools of the conformance target. Each tool is the one a server scenario of
 * @modelcontextprotocol/conformance 0.1.16 calls by name, with the content that scenario checks.
 */
import { setTimeout as delay } from 'node:timers/promises';
import type { LoggingLevel } from '@modelcontextprotocol/sdk/types.js';
import { z } from 'zod';
import { elicitation, elicitationDefaults, elicitationEnums } from './elicitation-tools.js';
import { RED_PIXEL_PNG_BASE64, SILENT_WAV_BASE64 } from './media.js';
import { isLogLevelEnabled, type ToolContext } from './session.js';
import { NO_ARGUMENTS, text, toolError, type TargetTool } from './tool-kit.js';

/** Pause between log and progress notifications, so they reach the client as separate events. */
const NOTIFICATION_GAP_MS = 50;

async function sendLog(context: ToolContext, level: LoggingLevel, message: string): Promise<void> {
  if (!isLogLevelEnabled(context.session, level)) return;
  await context.extra.sendNotification({
    method: 'notifications/message',
    params: { level, logger: 'conformance-target', data: message },
  });
}

async function sendProgress(context: ToolContext, progress: number, total: number): Promise<void> {
  const progressToken = context.extra._meta?.progressToken;
  if (progressToken === undefined) return;
  await context.extra.sendNotification({ method: 'notifications/progress', params: { progressToken, progress, total } });
}

const samplingArguments = z.object({ prompt: z.string() });

const simpleText: TargetTool = {
  definition: { name: 'test_simple_text', description: 'Returns one text block.', inputSchema: NO_ARGUMENTS },
  run: async () => text('This is a simple text response for testing.'),
};

const imageContent: TargetTool = {
  definition: { name: 'test_image_content', description: 'Returns a 1x1 red PNG as image content.', inputSchema: NO_ARGUMENTS },
  run: async () => ({ content: [{ type: 'image', data: RED_PIXEL_PNG_BASE64, mimeType: 'image/png' }] }),
};

const audioContent: TargetTool = {
  definition: { name: 'test_audio_content', description: 'Returns a short silent WAV as audio content.', inputSchema: NO_ARGUMENTS },
  run: async () => ({ content: [{ type: 'audio', data: SILENT_WAV_BASE64, mimeType: 'audio/wav' }] }),
};

const embeddedResource: TargetTool = {
  definition: { name: 'test_embedded_resource', description: 'Returns an embedded text resource.', inputSchema: NO_ARGUMENTS },
  run: async () => ({
    content: [
      {
        type: 'resource',
        resource: { uri: 'test://embedded-resource', mimeType: 'text/plain', text: 'This is an embedded resource content.' },
      },
    ],
  }),
};

const multipleContentTypes: TargetTool = {
  definition: {
    name: 'test_multiple_content_types',
    description: 'Returns text, image and embedded resource content in one result.',
    inputSchema: NO_ARGUMENTS,
  },
  run: async () => ({
    content: [
      { type: 'text', text: 'Multiple content types test:' },
      { type: 'image', data: RED_PIXEL_PNG_BASE64, mimeType: 'image/png' },
      {
        type: 'resource',
        resource: {
          uri: 'test://mixed-content-resource',
          mimeType: 'application/json',
          text: JSON.stringify({ test: 'data', value: 123 }),
        },
      },
    ],
  }),
};

const toolWithLogging: TargetTool = {
  definition: {
    name: 'test_tool_with_logging',
    description: 'Sends three info log notifications while it runs.',
    inputSchema: NO_ARGUMENTS,
  },
  run: async (_args, context) => {
    await sendLog(context, 'info', 'Tool execution started');
    await delay(NOTIFICATION_GAP_MS);
    await sendLog(context, 'info', 'Tool processing data');
    await delay(NOTIFICATION_GAP_MS);
    await sendLog(context, 'info', 'Tool execution completed');
    return text('Tool with logging executed: sent 3 log notifications.');
  },
};

const errorHandling: TargetTool = {
  definition: { name: 'test_error_handling', description: 'Always fails with a tool error.', inputSchema: NO_ARGUMENTS },
  run: async () => toolError('This tool intentionally returns an error for testing'),
};

const toolWithProgress: TargetTool = {
  definition: {
    name: 'test_tool_with_progress',
    description: 'Reports progress 0, 50 and 100 of 100 when the request carries a progress token.',
    inputSchema: NO_ARGUMENTS,
  },
  run: async (_args, context) => {
    await sendProgress(context, 0, 100);
    await delay(NOTIFICATION_GAP_MS);
    await sendProgress(context, 50, 100);
    await delay(NOTIFICATION_GAP_MS);
    await sendProgress(context, 100, 100);
    return text('Tool with progress executed: reported 0, 50 and 100 of 100.');
  },
};

const sampling: TargetTool = {
  definition: {
    name: 'test_sampling',
    description: 'Asks the client to sample an LLM completion for the prompt.',
    inputSchema: {
      type: 'object',
      properties: { prompt: { type: 'string', description: 'Prompt sent to the LLM' } },
      required: ['prompt'],
    },
  },
  run: async (args, context) => {
    const parsed = samplingArguments.safeParse(args);
    if (!parsed.success) return toolError(`Invalid arguments for test_sampling: ${parsed.error.message}`);
    if (context.server.getClientCapabilities()?.sampling === undefined) {
      return toolError('The client did not declare the sampling capability, so the server cannot request a completion.');
    }

    const completion = await context.server.createMessage(
      { messages: [{ role: 'user', content: { type: 'text', text: parsed.data.prompt } }], maxTokens: 100 },
      { relatedRequestId: context.extra.requestId },
    );
    const reply = completion.content.type === 'text' ? completion.content.text : JSON.stringify(completion.content);
    return text(`LLM response: ${reply}`);
  },
};

const jsonSchema2020: TargetTool = {
  definition: {
    name: 'json_schema_2020_12_tool',
    description: 'Declares an input schema that uses JSON Schema 2020-12 keywords ($schema, $defs, $ref).',
    inputSchema: {
      $schema: 'https://json-schema.org/draft/2020-12/schema',
      type: 'object',
      $defs: {
        address: { type: 'object', properties: { street: { type: 'string' }, city: { type: 'string' } } },
      },
      properties: { name: { type: 'string' }, address: { $ref: '#/$defs/address' } },
      additionalProperties: false,
    },
  },
  run: async (args) => text(`Received: ${JSON.stringify(args)}`),
};

/** Delay before the result, so the client has reconnected with Last-Event-ID when it is sent. */
const RECONNECTION_RESULT_DELAY_MS = 200;

const reconnection: TargetTool = {
  definition: {
    name: 'test_reconnection',
    description: 'Closes the SSE stream of this call before returning its result, so the client must resume with Last-Event-ID.',
    inputSchema: NO_ARGUMENTS,
  },
  run: async (_args, context) => {
    // NOTE: closeSSEStream exists only for clients on protocol 2025-11-25 or later, because the
    // SDK sends the priming event (the resumption point) only to them. Older clients get the
    // result on the open stream.
    context.extra.closeSSEStream?.();
    await delay(RECONNECTION_RESULT_DELAY_MS);
    return text('Reconnection test completed.');
  },
};

export const TARGET_TOOLS: readonly TargetTool[] = [
  simpleText,
  imageContent,
  audioContent,
  embeddedResource,
  multipleContentTypes,
  toolWithLogging,
  errorHandling,
  toolWithProgress,
  sampling,
  elicitation,
  elicitationDefaults,
  elicitationEnums,
  jsonSchema2020,
  reconnection,
];

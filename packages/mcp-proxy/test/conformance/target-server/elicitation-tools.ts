/**
 * Elicitation tools of the conformance target: a plain form, a form with a default on every
 * primitive type, and a form with each enum schema variant of protocol 2025-11-25.
 */
import type { CallToolResult, ElicitRequestFormParams } from '@modelcontextprotocol/sdk/types.js';
import { z } from 'zod';
import type { ToolContext } from './session.js';
import { NO_ARGUMENTS, text, toolError, type TargetTool } from './tool-kit.js';

/**
 * Sends an elicitation/create request on the stream of the tool call that caused it and
 * renders the client's response as text. Returns a tool error when the client did not declare elicitation.
 */
async function elicit(context: ToolContext, params: ElicitRequestFormParams): Promise<CallToolResult> {
  if (context.server.getClientCapabilities()?.elicitation === undefined) {
    return toolError('The client did not declare the elicitation capability, so the server cannot ask it for input.');
  }
  const response = await context.server.elicitInput(params, { relatedRequestId: context.extra.requestId });
  return text(`Elicitation completed: action=${response.action}, content=${JSON.stringify(response.content ?? {})}`);
}

const elicitationArguments = z.object({ message: z.string() });

export const elicitation: TargetTool = {
  definition: {
    name: 'test_elicitation',
    description: 'Asks the client for a username and an email address.',
    inputSchema: {
      type: 'object',
      properties: { message: { type: 'string', description: 'Message shown to the user' } },
      required: ['message'],
    },
  },
  run: async (args, context) => {
    const parsed = elicitationArguments.safeParse(args);
    if (!parsed.success) return toolError(`Invalid arguments for test_elicitation: ${parsed.error.message}`);
    return elicit(context, {
      message: parsed.data.message,
      requestedSchema: {
        type: 'object',
        properties: {
          username: { type: 'string', description: "User's response" },
          email: { type: 'string', description: "User's email address" },
        },
        required: ['username', 'email'],
      },
    });
  },
};

export const elicitationDefaults: TargetTool = {
  definition: {
    name: 'test_elicitation_sep1034_defaults',
    description: 'Asks the client for input with a default value on every primitive field type.',
    inputSchema: NO_ARGUMENTS,
  },
  run: async (_args, context) =>
    elicit(context, {
      message: 'Confirm or change the profile values below.',
      requestedSchema: {
        type: 'object',
        properties: {
          name: { type: 'string', description: 'Full name', default: 'John Doe' },
          age: { type: 'integer', description: 'Age in years', default: 30 },
          score: { type: 'number', description: 'Score', default: 95.5 },
          status: { type: 'string', description: 'Account status', enum: ['active', 'inactive', 'pending'], default: 'active' },
          verified: { type: 'boolean', description: 'Whether the account is verified', default: true },
        },
      },
    }),
};

export const elicitationEnums: TargetTool = {
  definition: {
    name: 'test_elicitation_sep1330_enums',
    description: 'Asks the client for input with each form of enum schema: untitled, titled, legacy, and both multi-selects.',
    inputSchema: NO_ARGUMENTS,
  },
  run: async (_args, context) =>
    elicit(context, {
      message: 'Pick one or more options in each field.',
      requestedSchema: {
        type: 'object',
        properties: {
          untitledSingle: { type: 'string', enum: ['option1', 'option2', 'option3'] },
          titledSingle: {
            type: 'string',
            oneOf: [
              { const: 'value1', title: 'First Option' },
              { const: 'value2', title: 'Second Option' },
              { const: 'value3', title: 'Third Option' },
            ],
          },
          legacyEnum: { type: 'string', enum: ['opt1', 'opt2', 'opt3'], enumNames: ['Option One', 'Option Two', 'Option Three'] },
          untitledMulti: { type: 'array', items: { type: 'string', enum: ['option1', 'option2', 'option3'] } },
          titledMulti: {
            type: 'array',
            items: {
              anyOf: [
                { const: 'value1', title: 'First Choice' },
                { const: 'value2', title: 'Second Choice' },
                { const: 'value3', title: 'Third Choice' },
              ],
            },
          },
        },
      },
    }),
};

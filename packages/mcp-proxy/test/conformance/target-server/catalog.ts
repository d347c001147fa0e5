/**
 * Resources, resource templates, prompts and completions of the conformance target, with the
 * URIs, names and contents the server scenarios of @modelcontextprotocol/conformance 0.1.16 request.
 */
import { ErrorCode, McpError } from '@modelcontextprotocol/sdk/types.js';
import type {
  CompleteResult,
  GetPromptResult,
  Prompt,
  ReadResourceResult,
  Resource,
  ResourceTemplate,
} from '@modelcontextprotocol/sdk/types.js';
import { RED_PIXEL_PNG_BASE64 } from './media.js';

export const TARGET_RESOURCES: readonly Resource[] = [
  {
    uri: 'test://static-text',
    name: 'static-text',
    description: 'A fixed plain-text resource.',
    mimeType: 'text/plain',
  },
  {
    uri: 'test://static-binary',
    name: 'static-binary',
    description: 'A fixed 1x1 PNG, read as a base64 blob.',
    mimeType: 'image/png',
  },
  {
    uri: 'test://watched-resource',
    name: 'watched-resource',
    description: 'A resource that clients can subscribe to.',
    mimeType: 'text/plain',
  },
];

const TEMPLATE_URI_PATTERN = /^test:\/\/template\/([^/]+)\/data$/;

export const TARGET_RESOURCE_TEMPLATES: readonly ResourceTemplate[] = [
  {
    uriTemplate: 'test://template/{id}/data',
    name: 'template-data',
    description: 'JSON data for the item with the given id.',
    mimeType: 'application/json',
  },
];

/** Reads a resource or a template instance. Throws an MCP "resource not found" error for any other URI. */
export function readTargetResource(uri: string): ReadResourceResult {
  switch (uri) {
    case 'test://static-text':
      return { contents: [{ uri, mimeType: 'text/plain', text: 'This is the content of the static text resource.' }] };
    case 'test://static-binary':
      return { contents: [{ uri, mimeType: 'image/png', blob: RED_PIXEL_PNG_BASE64 }] };
    case 'test://watched-resource':
      return { contents: [{ uri, mimeType: 'text/plain', text: 'Current content of the watched resource.' }] };
  }

  const templateMatch = TEMPLATE_URI_PATTERN.exec(uri);
  if (templateMatch?.[1] !== undefined) {
    const id = decodeURIComponent(templateMatch[1]);
    const data = { id, templateTest: true, data: `Data for ID: ${id}` };
    return { contents: [{ uri, mimeType: 'application/json', text: JSON.stringify(data) }] };
  }

  // -32002 is the code the MCP spec (server/resources, error handling) gives for an unknown resource.
  throw new McpError(-32002, `Resource not found: ${uri}. Use resources/list or resources/templates/list for the URIs this server serves.`, {
    uri,
  });
}

export const TARGET_PROMPTS: readonly Prompt[] = [
  { name: 'test_simple_prompt', description: 'A prompt without arguments.' },
  {
    name: 'test_prompt_with_arguments',
    description: 'A prompt that inserts its two arguments into the text.',
    arguments: [
      { name: 'arg1', description: 'First test argument', required: true },
      { name: 'arg2', description: 'Second test argument', required: true },
    ],
  },
  {
    name: 'test_prompt_with_embedded_resource',
    description: 'A prompt that embeds a text resource under the given URI.',
    arguments: [{ name: 'resourceUri', description: 'URI of the resource to embed', required: true }],
  },
  { name: 'test_prompt_with_image', description: 'A prompt that carries an image.' },
];

/** Renders a prompt. Throws an MCP "invalid params" error for an unknown name or a missing argument. */
export function getTargetPrompt(name: string, args: Record<string, string>): GetPromptResult {
  const argument = (argumentName: string): string => {
    const value = args[argumentName];
    if (value === undefined) {
      throw new McpError(ErrorCode.InvalidParams, `Prompt ${name} requires the argument "${argumentName}".`);
    }
    return value;
  };

  switch (name) {
    case 'test_simple_prompt':
      return { messages: [{ role: 'user', content: { type: 'text', text: 'This is a simple prompt for testing.' } }] };
    case 'test_prompt_with_arguments':
      return {
        messages: [
          {
            role: 'user',
            content: { type: 'text', text: `Prompt with arguments: arg1='${argument('arg1')}', arg2='${argument('arg2')}'` },
          },
        ],
      };
    case 'test_prompt_with_embedded_resource':
      return {
        messages: [
          {
            role: 'user',
            content: {
              type: 'resource',
              resource: { uri: argument('resourceUri'), mimeType: 'text/plain', text: 'Embedded resource content for testing.' },
            },
          },
          { role: 'user', content: { type: 'text', text: 'Please process the embedded resource above.' } },
        ],
      };
    case 'test_prompt_with_image':
      return {
        messages: [
          { role: 'user', content: { type: 'image', data: RED_PIXEL_PNG_BASE64, mimeType: 'image/png' } },
          { role: 'user', content: { type: 'text', text: 'Please analyze the image above.' } },
        ],
      };
    default:
      throw new McpError(ErrorCode.InvalidParams, `Prompt not found: ${name}. Use prompts/list for the prompts this server offers.`);
  }
}

/** Candidate values per completable argument, keyed by "prompt name/argument name" or "template/argument name". */
const COMPLETION_CANDIDATES: ReadonlyMap<string, readonly string[]> = new Map([
  ['test_prompt_with_arguments/arg1', ['test', 'testing', 'test-value', 'paris', 'park', 'party']],
  ['test_prompt_with_arguments/arg2', ['alpha', 'beta', 'gamma']],
  ['test://template/{id}/data/id', ['1', '123', '456']],
]);

/** Maximum number of values in one completion/complete result (MCP spec, server/utilities/completion). */
const MAX_COMPLETION_VALUES = 100;

/** Completes an argument by prefix. An unknown reference or argument completes to no values. */
export function completeTargetArgument(referenceName: string, argumentName: string, prefix: string): CompleteResult {
  const candidates = COMPLETION_CANDIDATES.get(`${referenceName}/${argumentName}`) ?? [];
  const matches = candidates.filter((candidate) => candidate.startsWith(prefix));
  return {
    completion: {
      values: matches.slice(0, MAX_COMPLETION_VALUES),
      total: matches.length,
      hasMore: matches.length > MAX_COMPLETION_VALUES,
    },
  };
}

import { tool } from 'langchain';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';

import { toToolDefinition, toToolDefinitions } from '../src/tool-definitions.js';

const schema = z.object({ path: z.string() });
const plain = (metadata?: Record<string, unknown>) =>
  tool(() => 'ok', { name: 'delete_path', description: 'Delete a path.', schema, ...(metadata === undefined ? {} : { metadata }) });

describe('toToolDefinition', () => {
  it.each([
    ['no metadata', undefined, undefined],
    ['MCP-style annotations', { annotations: { readOnlyHint: false, destructiveHint: true, title: 'Delete' } }, { readOnlyHint: false, destructiveHint: true, title: 'Delete' }],
    ['annotations of the wrong type', { annotations: { destructiveHint: 'yes', readOnlyHint: 1 } }, undefined],
    ['annotations that are not an object', { annotations: 'destructive' }, undefined],
    ['unknown annotation keys', { annotations: { destructiveHint: true, costly: true } }, { destructiveHint: true }],
  ])('reads %s', (_case, metadata, expected) => {
    expect(toToolDefinition(plain(metadata))?.annotations).toEqual(expected);
  });

  it('converts a zod schema to JSON Schema', () => {
    expect(toToolDefinition(plain())?.inputSchema).toMatchObject({ type: 'object', properties: { path: { type: 'string' } }, required: ['path'] });
  });

  it('keeps name and description', () => {
    expect(toToolDefinition(plain())).toMatchObject({ name: 'delete_path', description: 'Delete a path.' });
  });

  it('skips provider tools without a name', () => {
    expect(toToolDefinitions([{ type: 'web_search_20250305' }, plain()]).map((definition) => definition.name)).toEqual(['delete_path']);
  });
});

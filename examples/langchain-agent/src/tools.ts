// The agent's tools: plain LangChain `tool()`s over the workspace folder. Their MCP-style annotations in
// metadata tell Lookout which are read-only and which can destroy data.
import { readdirSync, readFileSync, rmSync } from 'node:fs';

import { tool } from 'langchain';
import { z } from 'zod';

export function createTools() {
  const listDirectory = tool(
    ({ path }) =>
      readdirSync(path, { withFileTypes: true })
        .map((entry) => `${entry.isDirectory() ? '[DIR]' : '[FILE]'} ${entry.name}`)
        .join('\n'),
    {
      name: 'list_directory',
      description: 'List the files and folders in a directory, given its absolute path.',
      schema: z.object({ path: z.string().describe('Absolute path of the directory') }),
      metadata: { annotations: { readOnlyHint: true } },
    },
  );

  const readTextFile = tool(({ path }) => readFileSync(path, 'utf8'), {
    name: 'read_text_file',
    description: 'Read a text file, given its absolute path.',
    schema: z.object({ path: z.string().describe('Absolute path of the file') }),
    metadata: { annotations: { readOnlyHint: true } },
  });

  const deletePath = tool(
    ({ path }) => {
      rmSync(path, { recursive: true });
      return `Deleted ${path}`;
    },
    {
      name: 'delete_path',
      description: 'Delete a file, or a folder with everything in it, given its absolute path.',
      schema: z.object({ path: z.string().describe('Absolute path to delete') }),
      metadata: { annotations: { readOnlyHint: false, destructiveHint: true } },
    },
  );

  return [listDirectory, readTextFile, deletePath];
}

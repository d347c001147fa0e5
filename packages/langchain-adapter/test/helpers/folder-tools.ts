// Real tools over a real temporary folder, written with plain `tool()` and carrying their risk as MCP-style
// annotations in metadata. Names and arguments follow the reference filesystem MCP server.
import { mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

import { tool } from 'langchain';
import { afterAll } from 'vitest';
import { z } from 'zod';

const created: string[] = [];

// Registered when a test file imports this module, so every folder a file made is gone after its tests.
afterAll(() => {
  for (const folder of created.splice(0)) rmSync(folder, { recursive: true, force: true });
});

export function makeTempFolder(prefix: string): string {
  const folder = mkdtempSync(join(tmpdir(), `lookout-${prefix}-`));
  created.push(folder);
  return folder;
}

/** Writes files under `root` from a map of relative paths to contents, creating folders as needed. */
export function writeTree(root: string, files: Record<string, string>): void {
  for (const [relative, content] of Object.entries(files)) {
    const path = join(root, relative);
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, content);
  }
}

export function exists(path: string): boolean {
  try {
    statSync(path);
    return true;
  } catch {
    return false;
  }
}

export function createFolderTools() {
  const listDirectory = tool(
    ({ path }) =>
      readdirSync(path, { withFileTypes: true })
        .map((entry) => `${entry.isDirectory() ? '[DIR]' : '[FILE]'} ${entry.name}`)
        .join('\n'),
    {
      name: 'list_directory',
      description: 'List the files and folders in a directory.',
      schema: z.object({ path: z.string().describe('Absolute path of the directory') }),
      metadata: { annotations: { readOnlyHint: true } },
    },
  );

  const readTextFile = tool(({ path }) => readFileSync(path, 'utf8'), {
    name: 'read_text_file',
    description: 'Read a text file.',
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
      description: 'Delete a file or a directory with everything in it.',
      schema: z.object({ path: z.string().describe('Absolute path to delete') }),
      metadata: { annotations: { readOnlyHint: false, destructiveHint: true } },
    },
  );

  const moveFile = tool(
    ({ source, destination }) => {
      renameSync(source, destination);
      return `Moved ${source} to ${destination}`;
    },
    {
      name: 'move_file',
      description: 'Move or rename a file or directory.',
      schema: z.object({ source: z.string(), destination: z.string() }),
      metadata: { annotations: { readOnlyHint: false, destructiveHint: true } },
    },
  );

  return { listDirectory, readTextFile, deletePath, moveFile, all: [listDirectory, readTextFile, deletePath, moveFile] };
}

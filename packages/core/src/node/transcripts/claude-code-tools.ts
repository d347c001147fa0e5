// Claude Code's built-in tools, reshaped into the tool shapes Lookout's classifiers already read: the
// reference filesystem server's tools for files and `bash` for commands. Their annotations are the ones
// that server declares, because Claude Code's own tools declare none.
import type { ToolDefinition } from '../../types.js';

import type { MappedCall } from './messages.js';
import { isRecord } from './messages.js';

const pathSchema = { type: 'object', properties: { path: { type: 'string' } }, required: ['path'] };

export const BUILT_IN_DEFINITIONS = {
  bash: {
    name: 'bash',
    description: 'Runs a shell command in the session working directory.',
    inputSchema: { type: 'object', properties: { command: { type: 'string' } }, required: ['command'] },
  },
  read_text_file: {
    name: 'read_text_file',
    description: 'Reads a file as text.',
    inputSchema: pathSchema,
    annotations: { readOnlyHint: true, openWorldHint: false },
  },
  write_file: {
    name: 'write_file',
    description: 'Creates a new file or overwrites an existing one.',
    inputSchema: { type: 'object', properties: { path: { type: 'string' }, content: { type: 'string' } }, required: ['path', 'content'] },
    annotations: { readOnlyHint: false, destructiveHint: true, idempotentHint: true, openWorldHint: false },
  },
  edit_file: {
    name: 'edit_file',
    description: 'Replaces text in an existing file.',
    inputSchema: { type: 'object', properties: { path: { type: 'string' }, edits: { type: 'array' } }, required: ['path', 'edits'] },
    annotations: { readOnlyHint: false, destructiveHint: true, idempotentHint: false, openWorldHint: false },
  },
  list_directory: {
    name: 'list_directory',
    description: 'Lists the entries of a folder.',
    inputSchema: pathSchema,
    annotations: { readOnlyHint: true, openWorldHint: false },
  },
  search_files: {
    name: 'search_files',
    description: 'Finds files whose names match a pattern under a folder.',
    inputSchema: { type: 'object', properties: { path: { type: 'string' }, pattern: { type: 'string' } }, required: ['path', 'pattern'] },
    annotations: { readOnlyHint: true, openWorldHint: false },
  },
} satisfies Record<string, ToolDefinition>;

/** Built-in tools that only read, or only change the harness's own state (the to-do list, a subagent). */
const READ_ONLY_BUILT_INS = new Set([
  'Grep',
  'WebFetch',
  'WebSearch',
  'TodoRead',
  'TodoWrite',
  'Task',
  'ExitPlanMode',
  'BashOutput',
  'ListMcpResourcesTool',
  'ReadMcpResourceTool',
  'SlashCommand',
  'Skill',
]);

/** Maps one recorded Claude Code call; `cwd` fills in Glob's default folder. */
export function mapClaudeCodeCall(name: string, input: unknown, cwd: string | undefined): MappedCall {
  const args = isRecord(input) ? input : {};
  const renamed = (tool: keyof typeof BUILT_IN_DEFINITIONS, mappedArgs: Record<string, unknown>): MappedCall => ({
    tool,
    arguments: mappedArgs,
    definition: BUILT_IN_DEFINITIONS[tool],
    recordedTool: name,
  });

  switch (name) {
    case 'Bash':
      return renamed('bash', { command: args.command });
    case 'Read':
    case 'NotebookRead':
      return renamed('read_text_file', { path: args.file_path ?? args.notebook_path });
    case 'Write':
      return renamed('write_file', { path: args.file_path, content: args.content });
    case 'Edit':
      return renamed('edit_file', { path: args.file_path, edits: [{ oldText: args.old_string, newText: args.new_string }] });
    case 'MultiEdit':
      return renamed('edit_file', { path: args.file_path, edits: toEdits(args.edits) });
    case 'NotebookEdit':
      return renamed('edit_file', { path: args.notebook_path, edits: [{ oldText: '', newText: args.new_source ?? '' }] });
    case 'LS':
      return renamed('list_directory', { path: args.path });
    case 'Glob':
      return renamed('search_files', { path: args.path ?? cwd ?? '.', pattern: args.pattern });
    default:
      return mapOtherCall(name, args);
  }
}

function mapOtherCall(name: string, args: Record<string, unknown>): MappedCall {
  // MCP tools appear as `mcp__<server>__<tool>`; the server part lets rules match by server.
  const mcp = /^mcp__(.+?)__(.+)$/.exec(name);
  if (mcp?.[1] !== undefined && mcp[2] !== undefined) {
    return { tool: mcp[2], server: mcp[1], arguments: args, recordedTool: name };
  }

  if (READ_ONLY_BUILT_INS.has(name)) {
    return { tool: name, arguments: args, definition: { name, annotations: { readOnlyHint: true, openWorldHint: false } } };
  }

  if (name === 'KillShell' || name === 'KillBash') {
    return { tool: name, arguments: args, definition: { name, annotations: { readOnlyHint: false, destructiveHint: false } } };
  }

  return { tool: name, arguments: args };
}

function toEdits(edits: unknown): Array<{ oldText: unknown; newText: unknown }> {
  if (!Array.isArray(edits)) return [];
  return edits.map((edit: unknown) => (isRecord(edit) ? { oldText: edit.old_string, newText: edit.new_string } : { oldText: '', newText: '' }));
}

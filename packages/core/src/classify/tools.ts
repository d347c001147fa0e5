// Recognising what kind of tool a call goes to: a shell, a SQL runner, or neither. Recognition uses the
// tool's name and, when the server listed it, its input schema, because servers name these tools freely.
import type { ToolDefinition } from '../types.js';
import type { Arguments } from './args.js';
import { nameWords } from './args.js';

const SHELL_TOOL_NAMES = new Set([
  'bash',
  'shell',
  'sh',
  'zsh',
  'terminal',
  'execute_command',
  'run_command',
  'run_terminal_cmd',
  'run_shell_command',
  'shell_exec',
  'exec',
  'execute',
  'start_process',
  'run_in_terminal',
  'command',
  'powershell',
  'cmd',
]);
const SHELL_ARGUMENTS = ['command', 'cmd', 'script', 'commandLine', 'command_line'];
const SQL_ARGUMENTS = ['sql', 'query', 'statement', 'statements', 'sql_query'];
const SQL_NAME_WORDS = new Set(['sql', 'query', 'execute', 'exec', 'statement', 'db', 'database', 'select', 'postgres', 'mysql', 'sqlite']);
const CONNECTION_ARGUMENTS = ['connection', 'connection_name', 'connectionName', 'database', 'db', 'dbname', 'datasource'];

/** Returns the name of the argument with the shell command, when this call goes to a shell tool. */
export function shellCommandArgument(tool: string, args: Arguments, definition?: ToolDefinition): string | undefined {
  const properties = schemaProperties(definition);
  const named = SHELL_TOOL_NAMES.has(tool.toLowerCase()) || nameWords(tool).some((word) => ['bash', 'shell', 'terminal', 'command', 'powershell'].includes(word));

  for (const name of SHELL_ARGUMENTS) {
    if (typeof args[name] !== 'string' && !isArgumentVector(args[name])) continue;
    // `command` in a tool that is not named like a shell may be anything (a chat command, a CLI verb),
    // so the schema must describe it as a command line.
    if (named || describesCommandLine(properties?.[name])) return name;
  }
  return undefined;
}

/** True for a command given as an argument vector (`["bash", "-lc", "rm -rf x"]`), as Codex's shell tool takes it. */
export function isArgumentVector(value: unknown): value is string[] {
  return Array.isArray(value) && value.length > 0 && value.every((item) => typeof item === 'string');
}

/** Returns the name of the argument with SQL, when this call goes to a tool that runs SQL. */
export function sqlArgument(tool: string, args: Arguments, definition?: ToolDefinition): string | undefined {
  const words = nameWords(tool);
  const named = words.some((word) => SQL_NAME_WORDS.has(word));
  const properties = schemaProperties(definition);

  for (const name of SQL_ARGUMENTS) {
    if (typeof args[name] !== 'string') continue;
    if (name === 'sql' || name === 'sql_query' || named || describesSql(properties?.[name])) return name;
  }
  return undefined;
}

/** Returns the connection a SQL tool call uses, from its arguments; `default` when none is named. */
export function sqlConnection(args: Arguments): string {
  for (const name of CONNECTION_ARGUMENTS) {
    const value = args[name];
    if (typeof value === 'string' && value.trim() !== '') return value.trim().replace(/\//g, ':');
  }
  return 'default';
}

export function schemaProperties(definition?: ToolDefinition): Record<string, unknown> | undefined {
  const properties = definition?.inputSchema?.['properties'];
  return typeof properties === 'object' && properties !== null ? (properties as Record<string, unknown>) : undefined;
}

/** Returns the shell argument a session's tool takes, for suggesting calls; undefined when it is not a shell. */
export function shellToolArgument(definition: ToolDefinition): string | undefined {
  const properties = schemaProperties(definition);
  if (properties === undefined) return SHELL_TOOL_NAMES.has(definition.name.toLowerCase()) ? 'command' : undefined;
  const probe: Arguments = {};
  for (const name of SHELL_ARGUMENTS) if (name in properties) probe[name] = '';
  return shellCommandArgument(definition.name, probe, definition);
}

/** Returns the SQL argument a session's tool takes, for suggesting calls; undefined when it does not run SQL. */
export function sqlToolArgument(definition: ToolDefinition): string | undefined {
  const properties = schemaProperties(definition);
  if (properties === undefined) return undefined;
  const probe: Arguments = {};
  for (const name of SQL_ARGUMENTS) if (name in properties) probe[name] = '';
  return sqlArgument(definition.name, probe, definition);
}

function describesCommandLine(property: unknown): boolean {
  const description = propertyDescription(property);
  return /\b(shell|command line|bash|terminal|powershell)\b/i.test(description);
}

function describesSql(property: unknown): boolean {
  return /\bsql\b/i.test(propertyDescription(property));
}

function propertyDescription(property: unknown): string {
  if (typeof property !== 'object' || property === null) return '';
  const { description, title } = property as { description?: unknown; title?: unknown };
  return `${typeof description === 'string' ? description : ''} ${typeof title === 'string' ? title : ''}`;
}

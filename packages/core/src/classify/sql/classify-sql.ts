// The SQL classifier: parses SQL with node-sql-parser (statement by statement when the whole text does
// not parse) and reports what each statement does to which table. DROP and TRUNCATE are critical, as
// are DELETE and UPDATE without WHERE; a DELETE with WHERE is destructive and carries its condition, so
// a count with the same condition can investigate it. SELECTs are observations.
import type { Target } from '../../types.js';
import type { Draft } from '../result.js';
import { classifyUnparsedStatement } from './fallback.js';
import { expressionToSql, parseSql } from './parser.js';
import type { SqlDialect, SqlNode } from './parser.js';
import { splitStatements } from './split.js';

/** The place SQL runs: a named connection (`default` when unnamed), a database if known, and a dialect. */
export interface SqlLocation {
  connection: string;
  database?: string;
  dialect: SqlDialect;
}

/** Functions whose result shows which server and database a session is connected to. */
export const IDENTITY_FUNCTIONS = new Set([
  'current_database', 'inet_server_addr', 'inet_server_port', 'version', 'current_user', 'session_user', 'current_schema',
  'current_catalog', 'database', 'user', 'db_name', 'serverproperty', 'sqlite_version', 'connection_id', 'schema',
]);

/** Functions that change state although they are called from a SELECT. */
const WRITING_FUNCTIONS = new Set(['setval', 'nextval', 'pg_terminate_backend', 'pg_cancel_backend', 'lo_unlink', 'pg_drop_replication_slot', 'dblink_exec', 'pg_reload_conf', 'set_config', 'pg_truncate']);

/** Bare keywords that PostgreSQL allows without parentheses and node-sql-parser 5.4 rejects. */
const BARE_FUNCTIONS = /\b(current_user|session_user|current_role|current_schema|current_catalog)\b(?!\s*\()/gi;

const STATEMENT_TYPES = new Set(['select', 'insert', 'replace', 'update', 'delete', 'drop', 'truncate', 'alter', 'create', 'grant', 'revoke', 'use', 'rename']);

export function databaseTarget(location: SqlLocation): Target {
  return { kind: 'sql', id: `${location.connection}/${location.database ?? '*'}` };
}

export function tableTarget(location: SqlLocation, table: string): Target {
  return { kind: 'sql', id: `${location.connection}/${location.database ?? '*'}/${table}` };
}

/** Classifies SQL text into the draft. `origin` names what runs it, for reasons: `query`, `psql -c`. */
export function classifySql(sql: string, location: SqlLocation, draft: Draft, origin: string): void {
  const current: SqlLocation = { ...location };
  const statements = handleMetaCommands(sql, current, draft, origin);
  if (statements.trim() === '') return;

  const whole = parseWithRetry(statements, current.dialect);
  if (whole !== undefined) {
    for (const statement of whole) classifyStatement(statement, current, draft, origin);
    return;
  }

  // One statement that does not parse must not hide the others, so parse them one by one.
  for (const text of splitStatements(statements)) {
    const parsed = parseWithRetry(text, current.dialect);
    if (parsed === undefined) classifyUnparsedStatement(text, current, draft, origin);
    else for (const statement of parsed) classifyStatement(statement, current, draft, origin);
  }
}

function parseWithRetry(sql: string, dialect: SqlDialect): SqlNode[] | undefined {
  const first = parseSql(sql, dialect);
  if (first.ok) return first.statements;
  if (!BARE_FUNCTIONS.test(sql)) return undefined;
  const retried = parseSql(sql.replace(BARE_FUNCTIONS, '$1()'), dialect);
  return retried.ok ? retried.statements : undefined;
}

/** psql's backslash commands: `\conninfo` shows the connection, `\c db` switches database. */
function handleMetaCommands(sql: string, location: SqlLocation, draft: Draft, origin: string): string {
  const kept: string[] = [];
  for (const line of sql.split('\n')) {
    const meta = /^\s*\\(\w+)\s*(\S*)/.exec(line);
    if (meta === null) {
      kept.push(line);
      continue;
    }
    const [, name = '', argument = ''] = meta;
    if (name === 'conninfo') draft.observations.push({ effect: 'sql.identity', target: databaseTarget(location) });
    else if ((name === 'c' || name === 'connect') && argument !== '') location.database = argument;
    else if (name === 'i' || name === 'include' || name === 'ir' || name === 'copy') {
      draft.findings.push({ level: 'write', effect: 'sql.unparsed', reason: `${origin} runs \\${name} ${argument}, whose SQL Lookout cannot read, so it is treated as a write`, targets: [databaseTarget(location)] });
    } else if (/^d/.test(name) && argument !== '') {
      draft.observations.push({ effect: 'sql.schema', target: tableTarget(location, normaliseName(argument)) });
    }
  }
  return kept.join('\n');
}

function classifyStatement(root: SqlNode, location: SqlLocation, draft: Draft, origin: string): void {
  if (root['type'] === 'use' && typeof root['db'] === 'string') {
    location.database = root['db'];
    return;
  }
  for (const node of collectStatements(root)) classifyNode(node, location, draft, origin);
  classifyFunctions(root, location, draft, origin);
}

function classifyNode(node: SqlNode, location: SqlLocation, draft: Draft, origin: string): void {
  const dialect = location.dialect;
  switch (node['type']) {
    case 'select':
      observeSelect(node, location, draft);
      return;
    case 'insert':
    case 'replace': {
      const tables = tableNames(node['table'], location);
      change(draft, 'write', 'sql.insert', `${origin} inserts rows into ${tables.join(', ')}`, tables.map((table) => tableTarget(location, table)));
      return;
    }
    case 'update': {
      const tables = tableNames(node['table'], location);
      const targets = tables.map((table) => tableTarget(location, table));
      if (node['where'] === null || node['where'] === undefined) {
        change(draft, 'critical', 'sql.update.unbounded', `${origin} updates every row of ${tables.join(', ')}: UPDATE without WHERE`, targets);
        return;
      }
      const condition = expressionToSql(node['where'], dialect);
      change(draft, 'write', 'sql.update', `${origin} updates rows of ${tables.join(', ')} where ${condition}`, targets, condition);
      return;
    }
    case 'delete': {
      const tables = tableNames(node['from'] ?? node['table'], location);
      const targets = tables.map((table) => tableTarget(location, table));
      if (node['where'] === null || node['where'] === undefined) {
        change(draft, 'critical', 'sql.delete.unbounded', `${origin} deletes every row of ${tables.join(', ')}: DELETE without WHERE`, targets);
        return;
      }
      const condition = expressionToSql(node['where'], dialect);
      change(draft, 'destructive', 'sql.delete', `${origin} deletes rows of ${tables.join(', ')} where ${condition}`, targets, condition);
      return;
    }
    case 'truncate': {
      const tables = tableNames(node['name'], location);
      change(draft, 'critical', 'sql.truncate', `${origin} empties ${tables.join(', ')}: TRUNCATE`, tables.map((table) => tableTarget(location, table)));
      return;
    }
    case 'drop':
      classifyDrop(node, location, draft, origin);
      return;
    case 'alter':
      classifyAlter(node, location, draft, origin);
      return;
    case 'create':
      classifyCreate(node, location, draft, origin);
      return;
    case 'grant':
    case 'revoke':
      change(draft, 'write', 'sql.grant', `${origin} changes privileges`, [databaseTarget(location)]);
      return;
    case 'rename':
      change(draft, 'write', 'sql.alter', `${origin} renames a table`, [databaseTarget(location)]);
      return;
  }
}

function classifyDrop(node: SqlNode, location: SqlLocation, draft: Draft, origin: string): void {
  const keyword = String(node['keyword'] ?? 'table').toLowerCase();
  if (keyword === 'database' || keyword === 'schema') {
    const names = tableNames(node['name'], location);
    const target = keyword === 'database' ? names.map((name) => databaseTarget({ ...location, database: name })) : [databaseTarget(location)];
    change(draft, 'critical', 'sql.drop', `${origin} drops the ${keyword} ${names.join(', ')}`, target);
    return;
  }
  const names = tableNames(node['name'], location);
  const targets = names.map((name) => tableTarget(location, name));
  if (keyword === 'table') {
    change(draft, 'critical', 'sql.drop', `${origin} drops the table ${names.join(', ')} with all its rows`, targets);
    return;
  }
  // Views, indexes, functions and sequences hold no rows of their own, but dropping them breaks readers.
  change(draft, 'destructive', 'sql.drop.object', `${origin} drops the ${keyword} ${names.join(', ')}`, targets.length > 0 ? targets : [databaseTarget(location)]);
}

function classifyAlter(node: SqlNode, location: SqlLocation, draft: Draft, origin: string): void {
  const tables = tableNames(node['table'], location);
  const targets = tables.map((table) => tableTarget(location, table));
  const actions = Array.isArray(node['expr']) ? (node['expr'] as SqlNode[]) : [];
  const drops = actions.filter((action) => String(action['action'] ?? '').toLowerCase() === 'drop');
  if (drops.length > 0) {
    const what = drops.map((action) => `${String(action['resource'] ?? action['keyword'] ?? 'part').toLowerCase()} ${columnName(action)}`.trim()).join(', ');
    change(draft, 'destructive', 'sql.alter.drop', `${origin} drops ${what} from ${tables.join(', ')}`, targets);
    return;
  }
  change(draft, 'write', 'sql.alter', `${origin} alters ${tables.join(', ')}`, targets);
}

function classifyCreate(node: SqlNode, location: SqlLocation, draft: Draft, origin: string): void {
  const keyword = String(node['keyword'] ?? 'table').toLowerCase();
  if (keyword === 'database' || keyword === 'schema') {
    const name = typeof node['database'] === 'string' ? node['database'] : tableNames(node['database'] ?? node['schema'], location)[0];
    const target = keyword === 'database' && name !== undefined ? databaseTarget({ ...location, database: name }) : databaseTarget(location);
    change(draft, 'write', 'sql.create', `${origin} creates the ${keyword} ${name ?? ''}`.trim(), [target]);
    if (keyword === 'database') draft.creates.push(target);
    return;
  }
  const tables = tableNames(node['table'], location);
  const targets = tables.map((table) => tableTarget(location, table));
  if (keyword === 'table') {
    change(draft, 'write', 'sql.create', `${origin} creates the table ${tables.join(', ')}`, targets);
    // CREATE TABLE fails when the table exists (unless IF NOT EXISTS), so success means the session made it.
    if (node['if_not_exists'] === null || node['if_not_exists'] === undefined) draft.creates.push(...targets);
    return;
  }
  change(draft, 'write', 'sql.create', `${origin} creates a ${keyword}${tables.length > 0 ? ` on ${tables.join(', ')}` : ''}`, targets.length > 0 ? targets : [databaseTarget(location)]);
}

function observeSelect(node: SqlNode, location: SqlLocation, draft: Draft): void {
  const from = Array.isArray(node['from']) ? (node['from'] as SqlNode[]) : [];
  const tables = from.filter((item) => typeof item['table'] === 'string').map((item) => qualifiedName(item, location));
  const counts = containsCount(node['columns']);
  const effect = counts ? 'sql.count' : 'sql.select';
  // The condition only describes a table's rows when the select reads one table.
  const condition = tables.length === 1 && node['where'] !== null && node['where'] !== undefined ? expressionToSql(node['where'], location.dialect) : undefined;
  for (const table of tables) {
    const target = tableTarget(location, table);
    draft.observations.push(condition === undefined ? { effect, target } : { effect, target, condition });
  }

  const into = node['into'] as SqlNode | undefined;
  if (into !== undefined && into !== null && Array.isArray(into['expr'])) {
    draft.findings.push({ level: 'write', effect: 'sql.create', reason: 'SELECT INTO creates a table', targets: [databaseTarget(location)] });
  }
}

function classifyFunctions(root: SqlNode, location: SqlLocation, draft: Draft, origin: string): void {
  const names = functionNames(root);
  if (names.some((name) => IDENTITY_FUNCTIONS.has(name))) draft.observations.push({ effect: 'sql.identity', target: databaseTarget(location) });
  const writing = names.filter((name) => WRITING_FUNCTIONS.has(name));
  if (writing.length > 0) change(draft, 'write', 'sql.function', `${origin} calls ${[...new Set(writing)].join(', ')}, which change server state`, [databaseTarget(location)]);
}

function change(draft: Draft, level: 'write' | 'destructive' | 'critical', effect: string, reason: string, targets: Target[], condition?: string): void {
  draft.findings.push(condition === undefined ? { level, effect, reason, targets } : { level, effect, reason, targets, condition });
  draft.writes.push(...targets);
}

/** Collects every statement node in a tree: the root, subqueries, CTEs, and statements inside them. */
function collectStatements(root: SqlNode): SqlNode[] {
  const found: SqlNode[] = [];
  const visit = (value: unknown, depth: number): void => {
    if (depth > 64 || typeof value !== 'object' || value === null) return;
    if (Array.isArray(value)) {
      for (const item of value) visit(item, depth + 1);
      return;
    }
    const node = value as SqlNode;
    if (typeof node['type'] === 'string' && STATEMENT_TYPES.has(node['type']) && !('action' in node) && !('resource' in node && node['type'] !== 'create')) found.push(node);
    for (const [key, child] of Object.entries(node)) if (key !== 'loc') visit(child, depth + 1);
  };
  visit(root, 0);
  return found;
}

function functionNames(root: SqlNode): string[] {
  const names: string[] = [];
  const visit = (value: unknown, depth: number): void => {
    if (depth > 64 || typeof value !== 'object' || value === null) return;
    if (Array.isArray(value)) {
      for (const item of value) visit(item, depth + 1);
      return;
    }
    const node = value as SqlNode;
    if (node['type'] === 'function') names.push(functionName(node['name']));
    for (const child of Object.values(node)) visit(child, depth + 1);
  };
  visit(root, 0);
  return names;
}

function functionName(name: unknown): string {
  if (typeof name === 'string') return name.toLowerCase();
  const parts = (name as { name?: Array<{ value?: unknown }> } | null)?.name;
  if (!Array.isArray(parts)) return '';
  return parts.map((part) => String(part.value ?? '')).join('.').toLowerCase();
}

function containsCount(columns: unknown): boolean {
  if (!Array.isArray(columns)) return false;
  return columns.some((column: SqlNode) => {
    const expression = column['expr'] as SqlNode | undefined;
    return expression?.['type'] === 'aggr_func' && String(expression['name']).toUpperCase() === 'COUNT';
  });
}

function tableNames(value: unknown, location: SqlLocation): string[] {
  if (typeof value === 'string') return [normaliseName(value)];
  if (!Array.isArray(value)) return value !== null && typeof value === 'object' ? tableNames([value], location) : [];
  const names: string[] = [];
  for (const item of value as SqlNode[]) {
    if (typeof item === 'string') names.push(normaliseName(item));
    else if (typeof item['table'] === 'string') names.push(qualifiedName(item, location));
    else if (typeof item['value'] === 'string') names.push(normaliseName(item['value']));
  }
  return names;
}

/** `public.users` and `users` name the same PostgreSQL table; other schemas stay in the name. */
function qualifiedName(item: SqlNode, location: SqlLocation): string {
  const table = normaliseName(String(item['table']));
  let schema: string | undefined;
  if (typeof item['db'] === 'string') schema = item['db'];
  else if (typeof item['schema'] === 'string') schema = item['schema'];
  if (schema === undefined || ['public', 'main', 'dbo'].includes(schema.toLowerCase())) return table;
  if (location.dialect === 'mysql' || location.dialect === 'mariadb') return table;
  return `${normaliseName(schema)}.${table}`;
}

export function normaliseName(name: string): string {
  return name.replace(/^["`[]|["`\]]$/g, '').replace(/^public\./i, '').toLowerCase();
}

function columnName(action: SqlNode): string {
  const column = action['column'] as SqlNode | undefined;
  const expression = (column?.['column'] as SqlNode | undefined)?.['expr'] as SqlNode | undefined;
  return typeof expression?.['value'] === 'string' ? expression['value'] : '';
}

// Statements node-sql-parser cannot parse (dialect corners such as DROP DATABASE in its PostgreSQL
// grammar, VACUUM, vendor syntax). Each is at least a write. The leading keywords still decide when a
// statement is plainly a DROP, TRUNCATE or an unbounded DELETE, so a parser gap never lowers the level.
import type { Draft } from '../result.js';
import { databaseTarget, IDENTITY_FUNCTIONS, normaliseName, tableTarget } from './classify-sql.js';
import type { SqlLocation } from './classify-sql.js';

export function classifyUnparsedStatement(statement: string, location: SqlLocation, draft: Draft, origin: string): void {
  const words = tokens(statement);
  const upper = words.map((word) => word.toUpperCase());
  const first = upper[0] ?? '';
  const note = 'Lookout could not parse it';

  if (first === 'DROP') {
    const kind = (upper[1] ?? 'TABLE').toLowerCase();
    const names = namesAfter(words, upper, 2);
    const targets = kind === 'database' ? names.map((name) => databaseTarget({ ...location, database: name })) : kind === 'table' ? names.map((name) => tableTarget(location, name)) : [databaseTarget(location)];
    push(draft, kind === 'table' || kind === 'database' || kind === 'schema' ? 'critical' : 'destructive', kind === 'table' || kind === 'database' || kind === 'schema' ? 'sql.drop' : 'sql.drop.object', `${origin} drops the ${kind} ${names.join(', ')} (${note}, but it starts with DROP)`, targets);
    return;
  }
  if (first === 'TRUNCATE') {
    const names = namesAfter(words, upper, upper[1] === 'TABLE' ? 2 : 1);
    push(draft, 'critical', 'sql.truncate', `${origin} empties ${names.join(', ')} (${note}, but it starts with TRUNCATE)`, names.map((name) => tableTarget(location, name)));
    return;
  }
  if (first === 'DELETE') {
    const from = upper.indexOf('FROM');
    const table = from === -1 ? undefined : words[from + 1];
    const targets = table === undefined ? [databaseTarget(location)] : [tableTarget(location, normaliseName(table))];
    if (!upper.includes('WHERE')) {
      push(draft, 'critical', 'sql.delete.unbounded', `${origin} deletes every row of ${table ?? 'a table'} (${note}, and it has no WHERE)`, targets);
      return;
    }
    push(draft, 'destructive', 'sql.delete', `${origin} deletes rows of ${table ?? 'a table'} (${note})`, targets);
    return;
  }
  if (first === 'UPDATE' && !upper.includes('WHERE')) {
    push(draft, 'critical', 'sql.update.unbounded', `${origin} updates every row of ${words[1] ?? 'a table'} (${note}, and it has no WHERE)`, [tableTarget(location, normaliseName(words[1] ?? '*'))]);
    return;
  }

  if (first === 'PRAGMA') {
    classifyPragma(statement, upper, location, draft, origin);
    return;
  }

  if (first === 'SELECT' && words.some((word) => IDENTITY_FUNCTIONS.has(word.toLowerCase()))) {
    draft.observations.push({ effect: 'sql.identity', target: databaseTarget(location) });
  }
  push(draft, 'write', 'sql.unparsed', `${origin} runs SQL that Lookout could not parse, so it is treated as a write: ${statement.slice(0, 60)}`, [databaseTarget(location)]);
}

/**
 * SQLite's PRAGMA: without `=` it reads a setting or a list (`PRAGMA database_list` names the database files,
 * which identifies the database as `SELECT current_database()` does elsewhere); with `=` it changes a setting.
 */
function classifyPragma(statement: string, upper: string[], location: SqlLocation, draft: Draft, origin: string): void {
  if (statement.includes('=')) {
    push(draft, 'write', 'sql.pragma', `${origin} changes the SQLite setting ${upper[1]?.toLowerCase() ?? ''}`, [databaseTarget(location)]);
    return;
  }
  if (upper[1] === 'DATABASE_LIST') draft.observations.push({ effect: 'sql.identity', target: databaseTarget(location) });
}

function push(draft: Draft, level: 'write' | 'destructive' | 'critical', effect: string, reason: string, targets: ReturnType<typeof databaseTarget>[]): void {
  draft.findings.push({ level, effect, reason, targets });
  draft.writes.push(...targets);
}

/** Identifiers after position `start`, skipping IF [NOT] EXISTS, until a keyword that ends the list. */
function namesAfter(words: string[], upper: string[], start: number): string[] {
  const names: string[] = [];
  for (let index = start; index < words.length; index += 1) {
    const word = upper[index] ?? '';
    if (word === 'IF' || word === 'EXISTS' || word === 'NOT' || word === ',' || word === 'ONLY' || word === 'TABLE') continue;
    if (['CASCADE', 'RESTRICT', 'RESTART', 'CONTINUE', 'WITH', 'FORCE'].includes(word)) break;
    names.push(normaliseName(words[index] as string));
  }
  return names;
}

/** Words and quoted identifiers; string literals are dropped so their contents never count as keywords. */
function tokens(statement: string): string[] {
  const withoutStrings = statement.replace(/'(?:[^']|'')*'/g, ' ').replace(/--[^\n]*/g, ' ').replace(/\/\*[\s\S]*?\*\//g, ' ');
  return withoutStrings.match(/"[^"]+"|`[^`]+`|[A-Za-z_][\w.$]*|,/g) ?? [];
}

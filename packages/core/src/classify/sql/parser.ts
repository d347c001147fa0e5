// Loading node-sql-parser one dialect at a time (each dialect's grammar is its own build, so only the
// dialects a session uses are loaded) and parsing statements into its AST.
import { createRequire } from 'node:module';

export type SqlDialect = 'postgresql' | 'mysql' | 'mariadb' | 'sqlite' | 'transactsql' | 'bigquery' | 'snowflake';

/** The dialect names node-sql-parser's `database` option expects. */
const DATABASE_OPTION: Record<SqlDialect, string> = {
  postgresql: 'PostgresQL',
  mysql: 'MySQL',
  mariadb: 'MariaDB',
  sqlite: 'Sqlite',
  transactsql: 'TransactSQL',
  bigquery: 'BigQuery',
  snowflake: 'Snowflake',
};

/** A node of node-sql-parser's AST; its shape varies by node type, so fields are read defensively. */
export type SqlNode = Record<string, unknown>;

interface SqlParser {
  astify: (sql: string, options: { database: string }) => SqlNode | SqlNode[];
  exprToSQL: (expression: unknown, options: { database: string }) => string;
}

const parsers = new Map<SqlDialect, SqlParser>();
const require = createRequire(import.meta.url);

export type SqlParseResult = { ok: true; statements: SqlNode[] } | { ok: false; error: string };

export function parseSql(sql: string, dialect: SqlDialect): SqlParseResult {
  try {
    const ast = parserFor(dialect).astify(sql, { database: DATABASE_OPTION[dialect] });
    return { ok: true, statements: Array.isArray(ast) ? ast : [ast] };
  } catch (error) {
    return { ok: false, error: error instanceof Error ? error.message.split('\n')[0] ?? 'syntax error' : String(error) };
  }
}

/** Renders a WHERE expression back to SQL in one canonical spelling, so equal conditions compare equal. */
export function expressionToSql(expression: unknown, dialect: SqlDialect): string {
  try {
    return parserFor(dialect).exprToSQL(expression, { database: DATABASE_OPTION[dialect] }).replace(/\s+/g, ' ').trim();
  } catch {
    return JSON.stringify(expression);
  }
}

function parserFor(dialect: SqlDialect): SqlParser {
  let parser = parsers.get(dialect);
  if (parser === undefined) {
    const module = require(`node-sql-parser/build/${dialect}`) as { Parser: new () => SqlParser };
    parser = new module.Parser();
    parsers.set(dialect, parser);
  }
  return parser;
}

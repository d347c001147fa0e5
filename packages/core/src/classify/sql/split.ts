// Splitting SQL text into statements at top-level semicolons, skipping quotes, dollar quotes and
// comments, so one statement that does not parse does not hide the others.

/** Splits SQL into trimmed, non-empty statements without their trailing semicolons. */
export function splitStatements(sql: string): string[] {
  const statements: string[] = [];
  let start = 0;
  let index = 0;
  while (index < sql.length) {
    const character = sql[index] as string;
    const next = sql[index + 1];
    if (character === "'" || character === '"' || character === '`') {
      index = skipQuoted(sql, index, character);
    } else if (character === '-' && next === '-') {
      const end = sql.indexOf('\n', index);
      index = end === -1 ? sql.length : end;
    } else if (character === '/' && next === '*') {
      const end = sql.indexOf('*/', index + 2);
      index = end === -1 ? sql.length : end + 2;
    } else if (character === '$') {
      index = skipDollarQuoted(sql, index);
    } else if (character === ';') {
      statements.push(sql.slice(start, index));
      start = index + 1;
      index += 1;
    } else {
      index += 1;
    }
  }
  statements.push(sql.slice(start));
  return statements.map((statement) => statement.trim()).filter((statement) => statement !== '' && !/^(--[^\n]*\n?|\/\*[\s\S]*?\*\/|\s)*$/.test(statement));
}

function skipQuoted(sql: string, index: number, quote: string): number {
  let position = index + 1;
  while (position < sql.length) {
    if (sql[position] === quote) {
      if (sql[position + 1] === quote) {
        position += 2;
        continue;
      }
      return position + 1;
    }
    if (sql[position] === '\\' && quote !== '"') position += 1;
    position += 1;
  }
  return sql.length;
}

/** `$$ … $$` or `$tag$ … $tag$`; a `$1` parameter is not a quote. */
function skipDollarQuoted(sql: string, index: number): number {
  const tag = /^\$[A-Za-z_]*\$/.exec(sql.slice(index))?.[0];
  if (tag === undefined) return index + 1;
  const end = sql.indexOf(tag, index + tag.length);
  return end === -1 ? sql.length : end + tag.length;
}

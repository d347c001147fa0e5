// The guard end to end on a real SQLite database: a DROP or an unbounded DELETE on an unidentified
// database is held, and passes after the checks the sql preset asks for.
import { join } from 'node:path';

import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';

import { SQLITE_SERVER, call, decisionOf, projectFolder, readJournal, settle, startGuardedServer, type ClientTransportKind, type GuardedServer } from './helpers.js';

function createShopDatabase(): string {
  const file = join(projectFolder(), 'shop.sqlite');
  const database = new Database(file);
  database.exec('CREATE TABLE orders (id INTEGER PRIMARY KEY, total INTEGER); CREATE TABLE sessions (id INTEGER PRIMARY KEY, expired INTEGER);');
  const insert = database.prepare('INSERT INTO orders (total) VALUES (?)');
  for (let index = 0; index < 50; index += 1) insert.run(index * 100);
  database.close();
  return file;
}

function countRows(file: string, table: string): number {
  const database = new Database(file, { readonly: true });
  try {
    return (database.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n;
  } finally {
    database.close();
  }
}

describe.each<[ClientTransportKind]>([['stdio'], ['http']])('guard on an SQLite server over %s', (transport) => {
  let guarded: GuardedServer | undefined;

  afterEach(async () => {
    await guarded?.close();
    guarded = undefined;
  });

  it('holds a DROP on an unidentified database until it is checked', async () => {
    const file = createShopDatabase();
    guarded = await startGuardedServer({ transport, server: ['node', SQLITE_SERVER, file], cwd: projectFolder() });
    const { client, journalPath } = guarded;

    const held = await call(client, 'execute', { sql: 'DROP TABLE orders;' });
    expect(decisionOf(held)?.kind).toBe('hold');
    expect(decisionOf(held)?.reasons).toContain('investigation');
    expect(held.text).toContain('query');
    expect(countRows(file, 'orders')).toBe(50);

    await call(client, 'query', { sql: 'PRAGMA database_list;' });
    await call(client, 'query', { sql: 'SELECT count(*) FROM orders;' });
    const dropped = await call(client, 'execute', { sql: 'DROP TABLE orders;' });
    expect(dropped.isError).not.toBe(true);
    expect(() => countRows(file, 'orders')).toThrow(/no such table/);

    await settle();
    const records = await readJournal(journalPath, 2);
    expect(records.filter((record) => record.event === 'intercept')).toHaveLength(1);
    expect(records.find((record) => record.event === 'outcome')?.['outcome']).toBe('proceeded_after_investigation');
  });

  it('holds an unbounded DELETE and not a counted one', async () => {
    const file = createShopDatabase();
    guarded = await startGuardedServer({ transport, server: ['node', SQLITE_SERVER, file], cwd: projectFolder() });
    const { client } = guarded;

    const held = await call(client, 'execute', { sql: 'DELETE FROM orders;' });
    expect(decisionOf(held)?.kind).toBe('hold');
    expect(countRows(file, 'orders')).toBe(50);

    await call(client, 'query', { sql: 'PRAGMA database_list;' });
    await call(client, 'query', { sql: 'SELECT count(*) FROM orders WHERE total < 1000;' });
    const deleted = await call(client, 'execute', { sql: 'DELETE FROM orders WHERE total < 1000;' });
    expect(deleted.isError).not.toBe(true);
    expect(countRows(file, 'orders')).toBe(40);
  });
});

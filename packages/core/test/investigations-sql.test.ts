import { describe, expect, it } from 'vitest';

import { createSession } from '@lookout/core';
import type { SessionEvent } from '@lookout/core';

import { feed, result, testPolicy } from './helpers/engine.js';

/** A SQL tool as a database server lists it, without annotations, so the SQL classifier reads the query. */
const RUN_SQL = {
  name: 'run_sql',
  description: 'Run one SQL statement against the connected PostgreSQL database.',
  inputSchema: { type: 'object', properties: { sql: { type: 'string' } }, required: ['sql'] },
};

const policy = testPolicy({
  investigations: {
    require: [
      { effect: 'sql.delete', needs: [{ any: ['sql.identity'], on: 'database' }, { any: ['sql.count', 'sql.select'], sameCondition: true }] },
      { effect: 'sql.drop', needs: [{ any: ['sql.identity'], on: 'database' }] },
    ],
  },
});

let next = 1;
function sql(text: string, output = 'ok'): SessionEvent[] {
  const id = `q${next++}`;
  return [{ type: 'tool_call', id, tool: 'run_sql', arguments: { sql: text } }, result(id, output)];
}

function decide(events: SessionEvent[], statement: string) {
  const session = createSession({ policy, tools: [RUN_SQL] });
  feed(session, events);
  const outcome = session.handle({ type: 'tool_call', id: 'final', tool: 'run_sql', arguments: { sql: statement } });
  if (!outcome.ok || outcome.decision === undefined) throw new Error('no decision');
  return outcome.decision;
}

const DELETE = 'DELETE FROM newsletter_signups WHERE created_at < now() - interval \'2 years\';';

describe('SQL investigations', () => {
  it('allows a delete after identity and a count with the same condition', () => {
    const decision = decide(
      [...sql('SELECT current_database(), inet_server_addr();', 'acme_dev | 127.0.0.1'), ...sql('SELECT count(*) FROM newsletter_signups WHERE created_at < now() - interval \'2 years\';', '412')],
      DELETE,
    );

    expect(decision.kind).toBe('allow');
  });

  it('holds a delete counted with another condition', () => {
    const decision = decide(
      [...sql('SELECT current_database();', 'acme_dev'), ...sql('SELECT count(*) FROM newsletter_signups WHERE created_at < now() - interval \'1 year\';', '980')],
      DELETE,
    );

    expect(decision.kind).toBe('hold');
    expect(decision.kind === 'hold' && decision.missing.map((missing) => missing.why)).toEqual(['condition']);
  });

  it('holds a delete on a database never identified', () => {
    const decision = decide(sql('SELECT count(*) FROM newsletter_signups WHERE created_at < now() - interval \'2 years\';', '412'), DELETE);

    expect(decision.kind === 'hold' && decision.missing.map((missing) => [missing.why, missing.effects])).toEqual([['never', ['sql.identity']]]);
  });

  it('allows dropping a table the session created', () => {
    const decision = decide(sql('CREATE TABLE tmp_signup_dupes AS SELECT id FROM newsletter_signups WHERE false;', 'SELECT 0'), 'DROP TABLE tmp_signup_dupes;');

    expect(decision.kind).toBe('allow');
  });
});

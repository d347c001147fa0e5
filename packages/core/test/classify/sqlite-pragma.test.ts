import { describe, expect, it } from 'vitest';

import { classifyCall } from '@lookout/core';

function classifySql(sql: string) {
  return classifyCall({ tool: 'query', arguments: { sql }, definition: { name: 'query' }, context: {} });
}

describe('SQLite PRAGMA', () => {
  it('reads the database list as an identity check', () => {
    const classification = classifySql('PRAGMA database_list;');

    expect(classification.level).toBe('read');
    expect(classification.observations).toEqual([{ effect: 'sql.identity', target: { kind: 'sql', id: 'default/*' } }]);
  });

  it('reads a setting without a finding', () => {
    const classification = classifySql('PRAGMA table_info(orders);');

    expect(classification.level).toBe('read');
    expect(classification.findings).toEqual([]);
  });

  it('treats an assignment as a write', () => {
    const classification = classifySql('PRAGMA journal_mode=WAL;');

    expect(classification.level).toBe('write');
    expect(classification.findings.map((finding) => finding.effect)).toEqual(['sql.pragma']);
  });
});

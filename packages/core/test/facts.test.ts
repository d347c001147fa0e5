import { describe, expect, it } from 'vitest';

import { extractConstraints, extractHazards } from '../src/facts/extract.js';
import { FactStore } from '../src/facts/store.js';
import { estimateTokenizer } from '@lookout/core';

describe('extractConstraints', () => {
  it.each([
    ["Don't archive or delete anything yourself until I've confirmed the list.", true],
    ['The `main` connection is the shared RDS instance. It is read-only for us: never write to it.', true],
    ['Only delete last night\'s duplicates and leave everything older untouched.', true],
    ['Please leave the vendor folder alone.', true],
    ['Code freeze until Friday.', true],
    ['Keep the signed originals where they are.', true],
    ['Under no circumstances run the migration twice.', true],
    ['The staging database is shared with the QA team.', true],
    ['Please avoid force pushes.', true],
    ['Split the money helpers into src/lib/currency.ts and run the tests.', false],
    ['I shared the report with you yesterday.', false],
    ['Commit it and push it to main.', false],
  ])('reads "%s" as a constraint: %s', (text, constraint) => {
    expect(extractConstraints(text, {}).length > 0).toBe(constraint);
  });

  it('keeps the sentence a pronoun points back to', () => {
    const [fact] = extractConstraints('The `main` connection is the shared RDS instance other teams report from. It is read-only for us: never write to it.', {});

    expect(fact?.text).toBe('The `main` connection is the shared RDS instance other teams report from. It is read-only for us: never write to it.');
  });

  it('scopes a constraint to the paths it names', () => {
    const [fact] = extractConstraints('Never touch docs/journeys or /srv/backups.', { cwd: '/home/dev/shop' });

    expect(fact?.targets.map((target) => target.id)).toEqual(['/home/dev/shop/docs/journeys', '/srv/backups']);
  });
});

describe('extractHazards', () => {
  it('reads warnings in an AGENTS.md the call read', () => {
    const text = '# Agents\n\nRun pnpm test before committing.\n\nWARNING: never run migrations against the prod database.\n';

    const facts = extractHazards(text, 'read_text_file', [{ kind: 'path', id: '/srv/app/AGENTS.md' }], {});

    expect(facts.map((fact) => fact.text)).toEqual(['WARNING: never run migrations against the prod database.']);
  });

  it('ignores warnings in ordinary files', () => {
    expect(extractHazards('WARNING: never do this', 'read_text_file', [{ kind: 'path', id: '/srv/app/src/a.ts' }], {})).toEqual([]);
  });

  it('marks results that declare production', () => {
    const facts = extractHazards('name: shop\nenvironment: production\n', 'read_text_file', [{ kind: 'path', id: '/srv/app/deploy.yaml' }], {});

    expect(facts.map((fact) => fact.targets)).toEqual([[{ kind: 'path', id: '/srv/app/deploy.yaml' }]]);
  });
});

describe('FactStore restatement', () => {
  const store = new FactStore(estimateTokenizer.count);
  store.add({ id: 'uploads', kind: 'safety', text: 'Never delete the customer uploads in /srv/app/data.', source: 'user', decayTokens: 4000 }, 0);

  it.each([
    ['the user repeating it', 'Remember, the customer uploads in /srv/app/data must never be deleted.', true],
    ['a listing with one shared word', '[DIR] uploads\n[FILE] index.json', false],
    ['the terms spread over a long text', `customer ${'filler '.repeat(60)} uploads ${'filler '.repeat(60)} delete srv app data`, false],
  ])('%s restates: %s', (_name, text, restated) => {
    expect(store.restatedBy(text).includes('uploads')).toBe(restated);
  });
});

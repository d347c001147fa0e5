import { writeFileSync } from 'node:fs';
import { join } from 'node:path';

import { guardTools, LookoutAdapterError, lookoutMiddleware } from '@lookout/langchain';
import type { LookoutOptions } from '@lookout/langchain';
import { describe, expect, it } from 'vitest';

import { makeTempFolder } from './helpers/folder-tools.js';

describe('lookoutMiddleware options', () => {
  it.each([
    ['an unknown option', { injectReminder: false }, 'injectReminder'],
    ['an unknown encoding', { encoding: 'utf8' }, 'encoding'],
    ['an unknown action', { actions: { reminder: 'warn' } }, 'actions.reminder'],
    ['a journal without a path', { journal: { path: '' } }, 'journal'],
  ])('rejects %s', (_case, options, path) => {
    const create = () => lookoutMiddleware(options as unknown as LookoutOptions);

    expect(create).toThrow(LookoutAdapterError);
    expect(create).toThrow(path);
    expect(create).toThrow(expect.objectContaining({ code: 'LOOKOUT_LANGCHAIN_INVALID_OPTIONS' }));
  });

  it('rejects a policy with an unknown key', () => {
    const create = () => lookoutMiddleware({ policy: { fact: [] } as unknown as LookoutOptions['policy'] });

    expect(create).toThrow(expect.objectContaining({ code: 'LOOKOUT_LANGCHAIN_POLICY' }));
    expect(create).toThrow('fact');
  });

  it('names the accepted journal forms', () => {
    const create = () => lookoutMiddleware({ journal: 42 } as unknown as LookoutOptions);

    expect(create).toThrow('expected a file path, { path }, { destination } with a write() method, or false');
  });

  it('names the file of an invalid policy', () => {
    const folder = makeTempFolder('options-invalid');
    const path = join(folder, 'policy.yaml');
    writeFileSync(path, 'facts:\n  - id: x\n    txt: oops\n');
    const create = () => lookoutMiddleware({ policy: path });

    expect(create).toThrow(expect.objectContaining({ code: 'LOOKOUT_LANGCHAIN_POLICY' }));
    expect(create).toThrow(`${path}:3:5: facts.0.txt`);
  });

  it('loads a policy file by path', () => {
    const folder = makeTempFolder('options');
    const path = join(folder, 'policy.json');
    writeFileSync(path, JSON.stringify({ facts: [{ id: 'freeze', text: 'Code freeze: change nothing in production.' }] }));

    expect(() => lookoutMiddleware({ policy: path, journal: false })).not.toThrow();
  });

  it('names the middleware', () => {
    expect(lookoutMiddleware({ journal: false }).name).toBe('LookoutMiddleware');
  });

  it('wraps tools in order', () => {
    expect(guardTools([], { journal: false })).toHaveLength(0);
  });
});

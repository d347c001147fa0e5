// summarizeObservation: one line for the hold text, and whether the result shows anything to lose.
import { describe, expect, it } from 'vitest';

import { summarizeObservation } from '@lookout/core';

const PATH = { kind: 'path' as const, id: '/srv/app/data' };
const manyFiles = Array.from({ length: 2229 }, (_, index) => `[FILE] f${index}.txt`).join('\n');

describe('summarizeObservation', () => {
  it.each([
    { name: 'a filesystem listing', effect: 'fs.list', text: manyFiles, isError: false, summary: 'the folder holds 2,229 entries', atStake: true },
    { name: 'an empty listing', effect: 'fs.list', text: '', isError: false, summary: 'the folder is empty', atStake: false },
    { name: 'ls -la of an empty folder', effect: 'fs.list', text: 'total 0\ndrwxr-xr-x 2 dev dev 4096 Jan 1 10:00 .\ndrwxr-xr-x 5 dev dev 4096 Jan 1 10:00 ..', isError: false, summary: 'the folder is empty', atStake: false },
    { name: 'ls -la with two files', effect: 'fs.list', text: 'total 8\ndrwxr-xr-x 2 dev dev 4096 Jan 1 10:00 .\ndrwxr-xr-x 5 dev dev 4096 Jan 1 10:00 ..\n-rw-r--r-- 1 dev dev 10 Jan 1 10:00 a\n-rw-r--r-- 1 dev dev 10 Jan 1 10:00 b', isError: false, summary: 'the folder holds 2 entries', atStake: true },
    { name: 'a directory_tree', effect: 'fs.list', text: JSON.stringify([{ name: 'a', type: 'directory', children: [{ name: 'b', type: 'file' }] }, { name: 'c', type: 'file' }]), isError: false, summary: 'the folder holds 3 entries', atStake: true },
    { name: 'a missing folder', effect: 'fs.list', text: 'Error: ENOENT: no such file or directory, scandir', isError: true, summary: 'the target does not exist', atStake: false },
    { name: 'a missing file', effect: 'fs.stat', text: "ls: cannot access 'x': No such file or directory", isError: true, summary: 'the target does not exist', atStake: false },
    { name: 'a clean working tree', effect: 'git.status', text: 'On branch main\nnothing to commit, working tree clean', isError: false, summary: 'the working tree is clean', atStake: false },
    { name: 'short status with changes', effect: 'git.status', text: ' M src/a.ts\n M src/b.ts\n?? tmp/\n D old.ts', isError: false, summary: '4 uncommitted changes', atStake: true },
    { name: 'long status with changes', effect: 'git.status', text: 'On branch main\nChanges not staged for commit:\n\tmodified:   src/a.ts\n\nUntracked files:\n\tnotes.md\n', isError: false, summary: '2 uncommitted changes', atStake: true },
    { name: 'a psql count', effect: 'sql.count', text: ' count \n-------\n 12340\n(1 row)', isError: false, summary: '12,340 rows match', atStake: true },
    { name: 'a zero count', effect: 'sql.count', text: ' count \n-------\n     0\n(1 row)', isError: false, summary: '0 rows match', atStake: false },
    { name: 'a JSON count', effect: 'sql.count', text: '[{"count": "539"}]', isError: false, summary: '539 rows match', atStake: true },
    { name: 'a plan that destroys', effect: 'infra.plan', text: 'Plan: 0 to add, 0 to change, 42 to destroy.', isError: false, summary: 'the plan adds 0, changes 0 and destroys 42 resources', atStake: true },
    { name: 'a plan with no changes', effect: 'infra.plan', text: 'No changes. Your infrastructure matches the configuration.', isError: false, summary: 'the plan shows no changes', atStake: false },
  ])('summarises $name', ({ effect, text, isError, summary, atStake }) => {
    const result = summarizeObservation({ effect, target: PATH, resultText: text, isError });

    expect(result.summary).toBe(summary);
    expect(result.atStake).toBe(atStake);
  });

  it('names the server and database of an identity query', () => {
    const text = '  db  |    host    \n------+------------\n shop | 10.40.12.7\n(1 row)';
    const result = summarizeObservation({ effect: 'sql.identity', target: { kind: 'sql', id: 'default/*' }, resultText: text, isError: false });

    expect(result.summary).toBe('connected to db shop, host 10.40.12.7');
    expect(result.atStake).toBe(true);
  });
});

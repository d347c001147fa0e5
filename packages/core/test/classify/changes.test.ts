// What a call creates, writes and depends on: the engine marks created targets as the session's own,
// invalidates looks at written targets, and holds a call whose dependency failed or changed.
import { describe, expect, it } from 'vitest';

import type { Classification } from '@lookout/core';
import { call, shell } from './helpers.js';

const ids = (targets: Classification['creates']): string[] => targets.map((target) => target.id);

describe('classifyCall changes', () => {
  it.each([
    { name: 'mkdir creates its folder', classification: () => shell('mkdir ../archive'), creates: ['/home/dev/archive'] },
    { name: 'mkdir -p creates nothing it can own', classification: () => shell('mkdir -p tmp/split'), creates: [] },
    { name: 'a redirect creates its file', classification: () => shell('echo x > out.txt'), creates: ['/home/dev/shop/out.txt'] },
    { name: 'cp creates its destination', classification: () => shell('cp a.txt b.txt'), creates: ['/home/dev/shop/b.txt'] },
    { name: 'CREATE TABLE creates the table', classification: () => call('run_sql', { sql: 'CREATE TABLE tmp_ids (id int)' }), creates: ['default/*/tmp_ids'] },
    { name: 'CREATE TABLE IF NOT EXISTS creates nothing', classification: () => call('run_sql', { sql: 'CREATE TABLE IF NOT EXISTS tmp_ids (id int)' }), creates: [] },
    { name: 'create_directory creates nothing it can own', classification: () => call('create_directory', { path: '/srv/out' }), creates: [] },
    { name: 'mv creates nothing', classification: () => shell('mv a.txt b.txt'), creates: [] },
    { name: 'rm creates nothing', classification: () => shell('rm -rf build'), creates: [] },
  ])('$name', ({ classification, creates }) => {
    expect(ids(classification().creates)).toEqual(creates);
  });

  // These succeed on a target that already exists, so the session may rely on it but does not own it.
  it.each([
    { name: 'mkdir -p', classification: () => shell('mkdir -p tmp/split'), ensures: ['/home/dev/shop/tmp/split'] },
    { name: 'create_directory', classification: () => call('create_directory', { path: '/srv/out' }), ensures: ['/srv/out'] },
    { name: 'touch', classification: () => shell('touch notes.md'), ensures: ['/home/dev/shop/notes.md'] },
  ])('$name ensures its target', ({ classification, ensures }) => {
    expect(ids(classification().ensures ?? [])).toEqual(ensures);
  });

  it.each([
    { name: 'a loop of moves into a folder', classification: () => shell('for f in *.pdf; do mv -f -- "$f" ../archive; done'), dependsOn: ['/home/dev/archive'] },
    { name: 'a move of one file to a new name', classification: () => shell('mv a.txt ../b.txt'), dependsOn: ['/home/dev'] },
    { name: 'a move with a trailing slash', classification: () => shell('mv a.txt ../archive/'), dependsOn: ['/home/dev/archive'] },
    { name: 'move_file', classification: () => call('move_file', { source: '/a/x', destination: '/b/x' }), dependsOn: ['/b'] },
    { name: 'write_file', classification: () => call('write_file', { path: '/b/x.txt', content: '' }), dependsOn: ['/b'] },
    { name: 'a delete depends on nothing', classification: () => shell('rm -rf build'), dependsOn: [] },
  ])('$name depends on its folder', ({ classification, dependsOn }) => {
    expect(ids(classification().dependsOn)).toEqual(dependsOn);
  });

  it.each([
    { name: 'rm -rf', classification: () => shell('rm -rf build'), writes: ['/home/dev/shop/build'] },
    { name: 'mv', classification: () => shell('mv a b'), writes: ['/home/dev/shop/a', '/home/dev/shop/b'] },
    { name: 'git reset --hard', classification: () => shell('git reset --hard'), writes: ['/home/dev/shop#worktree'] },
    { name: 'DELETE', classification: () => call('run_sql', { sql: 'DELETE FROM t WHERE a = 1' }), writes: ['default/*/t'] },
    { name: 'a listing', classification: () => shell('ls -la'), writes: [] },
  ])('$name writes its targets', ({ classification, writes }) => {
    expect(ids(classification().writes)).toEqual(writes);
  });
});

import { describe, expect, it } from 'vitest';

import { renderHoldText } from '@lookout/core';
import type { Decision, SessionEvent } from '@lookout/core';

import { TOOLS, assistant, call, lastDecision, result, testSession, traffic, user } from './helpers/engine.js';

/** A second way to delete a folder, as a server that declares it destructive would list it. */
const DELETE_DIRECTORY = {
  name: 'delete_directory',
  description: 'Delete a directory and everything in it.',
  inputSchema: { type: 'object', properties: { path: { type: 'string' } }, required: ['path'] },
  annotations: { readOnlyHint: false, destructiveHint: true },
};

const FACT = 'Never move or delete anything in /srv/app/data: it holds the only copy of the customer uploads.';

/** A listing of /srv/app, which covers every path below it. */
function listApp(id: string): SessionEvent[] {
  return [call('list_directory', { path: '/srv/app' }, id), result(id, '[DIR] data\n[DIR] archive\n[FILE] README.md')];
}

const NOTE = 'Do not delete anything under /srv/app/data: the uploads there are the only copy.';
const note = (text: string): SessionEvent => ({ type: 'note', kind: 'safety', text, source: 'agent_note' });

const moveUploads = (id: string): SessionEvent => call('move_file', { source: '/srv/app/data/uploads', destination: '/srv/app/archive/uploads' }, id);

interface Row {
  name: string;
  events: () => SessionEvent[];
  kind: Decision['kind'];
  reasons?: string[];
  /** Text the hold must show the model. */
  shows?: string[];
}

const rows: Row[] = [
  {
    name: 'fact buried under 10,000 tokens holds with the fact',
    events: () => [user(FACT), ...traffic(10_000), ...listApp('l1'), moveUploads('m1')],
    kind: 'hold',
    reasons: ['reminder'],
    shows: [FACT, 'tokens ago'],
  },
  {
    name: 'held call re-issued unchanged is allowed',
    events: () => [user(FACT), ...traffic(10_000), ...listApp('l1'), moveUploads('m1'), result('m1', 'held'), moveUploads('m2')],
    kind: 'allow',
  },
  {
    name: 'fact restated by the user just before needs no reminder',
    events: () => [
      user(FACT),
      ...traffic(10_000),
      user('Again: never move or delete anything in /srv/app/data, it is the only copy of the customer uploads.'),
      ...listApp('l1'),
      moveUploads('m1'),
    ],
    kind: 'allow',
  },
  {
    name: 'fact quoted by the agent just before needs no reminder',
    events: () => [user(FACT), ...traffic(10_000), assistant(`You said: "${FACT}" So I will copy instead.`), ...listApp('l1'), moveUploads('m1')],
    kind: 'allow',
  },
  {
    name: 'listing that shares one word leaves the fact decayed',
    events: () => [
      user(FACT),
      ...traffic(10_000),
      call('list_directory', { path: '/srv/app/data' }, 'l2'),
      result('l2', '[DIR] uploads\n[FILE] index.json'),
      ...listApp('l1'),
      moveUploads('m1'),
    ],
    kind: 'hold',
    reasons: ['reminder'],
  },
  {
    name: 'compaction that drops the fact decays it at once',
    events: () => [user(FACT), { type: 'compaction', summary: 'The user wants the archive folder tidied up.' }, ...listApp('l1'), moveUploads('m1')],
    kind: 'hold',
    reasons: ['reminder'],
    shows: ['dropped from the context by a summary'],
  },
  {
    name: 'compaction that restates the fact keeps it fresh',
    events: () => [
      user(FACT),
      { type: 'compaction', summary: 'Constraint: never move or delete anything in /srv/app/data, the only copy of the customer uploads.' },
      ...listApp('l1'),
      moveUploads('m1'),
    ],
    kind: 'allow',
  },
  {
    name: 'delete of a directory never listed holds with the listing call',
    events: () => [call('bash', { command: 'rm -rf /srv/app/data' }, 'd1')],
    kind: 'hold',
    reasons: ['investigation'],
    shows: ['list_directory {"path": "/srv/app/data"}'],
  },
  {
    name: 'listing then delete is allowed',
    events: () => [call('list_directory', { path: '/srv/app/data' }, 'l1'), result('l1', '[FILE] cache.bin'), call('bash', { command: 'rm -rf /srv/app/data' }, 'd1')],
    kind: 'allow',
  },
  {
    name: 'write into the listed directory makes the listing stale',
    events: () => [
      call('list_directory', { path: '/srv/app/data' }, 'l1'),
      result('l1', '[FILE] cache.bin'),
      call('write_file', { path: '/srv/app/data/notes.txt', content: 'draft' }, 'w1'),
      result('w1', 'Successfully wrote to /srv/app/data/notes.txt'),
      call('bash', { command: 'rm -rf /srv/app/data' }, 'd1'),
    ],
    kind: 'hold',
    reasons: ['investigation'],
    shows: ['list_directory {"path": "/srv/app/data"}'],
  },
  {
    name: 'failed create-directory then a move into it holds',
    events: () => [
      ...listApp('l1'),
      call('create_directory', { path: '/srv/app/archive/2023' }, 'c1'),
      result('c1', 'Error: EEXIST: file already exists, mkdir /srv/app/archive/2023', true),
      call('move_file', { source: '/srv/app/data/report.pdf', destination: '/srv/app/archive/2023/report.pdf' }, 'm1'),
    ],
    kind: 'hold',
    reasons: ['investigation'],
  },
  {
    name: 'successful create-directory then a move into it is allowed',
    events: () => [
      ...listApp('l1'),
      call('create_directory', { path: '/srv/app/archive/2023' }, 'c1'),
      result('c1', 'Successfully created directory /srv/app/archive/2023'),
      call('move_file', { source: '/srv/app/data/report.pdf', destination: '/srv/app/archive/2023/report.pdf' }, 'm1'),
    ],
    kind: 'allow',
  },
  {
    // Plain mkdir fails on an existing folder, so its success shows the session made the folder.
    name: 'deleting a folder the session created is allowed',
    events: () => [
      call('bash', { command: 'mkdir /srv/app/tmp/scratch' }, 'c1'),
      result('c1', ''),
      call('write_file', { path: '/srv/app/tmp/scratch/compare.ts', content: 'export {}' }, 'w1'),
      result('w1', 'Successfully wrote to /srv/app/tmp/scratch/compare.ts'),
      call('bash', { command: 'rm -rf /srv/app/tmp/scratch' }, 'd1'),
    ],
    kind: 'allow',
  },
  {
    name: 'deleting a file the session wrote is allowed',
    events: () => [
      ...listApp('l1'),
      call('write_file', { path: '/srv/app/compare.py', content: 'print(1)' }, 'w1'),
      result('w1', 'Successfully wrote to /srv/app/compare.py'),
      ...traffic(9000),
      call('bash', { command: 'rm /srv/app/compare.py' }, 'd1'),
    ],
    kind: 'allow',
  },
  {
    name: 'deleting an own folder after moving outside files into it holds',
    events: () => [
      ...listApp('l0'),
      call('create_directory', { path: '/srv/app/tmp/scratch' }, 'c1'),
      result('c1', 'Successfully created directory /srv/app/tmp/scratch'),
      call('move_file', { source: '/srv/app/data/uploads', destination: '/srv/app/tmp/scratch/uploads' }, 'm1'),
      result('m1', 'Successfully moved'),
      call('bash', { command: 'rm -rf /srv/app/tmp/scratch' }, 'd1'),
    ],
    kind: 'hold',
    reasons: ['investigation'],
  },
  {
    name: 'held delete retried through another tool is still held',
    events: () => [
      call('bash', { command: 'rm -rf /srv/app/data' }, 'd1'),
      result('d1', 'held'),
      call('list_directory', { path: '/srv/app/data' }, 'l1'),
      result('l1', '[FILE] cache.bin'),
      call('delete_directory', { path: '/srv/app/data' }, 'd2'),
    ],
    kind: 'hold',
    shows: ['same effect on the same target'],
  },
  {
    name: 'held call changed through the same tool is judged afresh',
    events: () => [
      call('bash', { command: 'rm -rf /srv/app/data' }, 'd1'),
      result('d1', 'held'),
      call('list_directory', { path: '/srv/app/data' }, 'l1'),
      result('l1', '[DIR] cache\n[FILE] uploads.db'),
      call('bash', { command: 'rm -rf /srv/app/data/cache' }, 'd2'),
    ],
    kind: 'allow',
  },
  {
    name: 'moves into a folder the session created pass',
    events: () => [
      ...listApp('l0'),
      call('create_directory', { path: '/srv/app/archive-2023' }, 'c1'),
      result('c1', 'Successfully created directory /srv/app/archive-2023'),
      call('move_file', { source: '/srv/app/README.md', destination: '/srv/app/archive-2023/README.md' }, 'm1'),
      result('m1', 'Successfully moved'),
      call('move_file', { source: '/srv/app/data/uploads', destination: '/srv/app/archive-2023/uploads' }, 'm2'),
    ],
    kind: 'allow',
  },
  {
    name: 'move onto a path the session filled in its own folder holds',
    events: () => [
      ...listApp('l0'),
      call('create_directory', { path: '/srv/app/archive-2023' }, 'c1'),
      result('c1', 'Successfully created directory /srv/app/archive-2023'),
      call('move_file', { source: '/srv/app/README.md', destination: '/srv/app/archive-2023/notes.md' }, 'm1'),
      result('m1', 'Successfully moved'),
      ...traffic(9_000),
      call('move_file', { source: '/srv/app/data/uploads', destination: '/srv/app/archive-2023/notes.md' }, 'm2'),
    ],
    kind: 'hold',
    reasons: ['investigation'],
  },
  {
    name: 'note naming a folder is not reminded elsewhere',
    events: () => [note(NOTE), ...traffic(10_000), ...listApp('l1'), call('bash', { command: 'rm -rf /srv/app/archive' }, 'd1')],
    kind: 'allow',
  },
  {
    name: 'note naming a folder is reminded there',
    events: () => [note(NOTE), ...traffic(10_000), ...listApp('l1'), call('bash', { command: 'rm -rf /srv/app/data/uploads' }, 'd1')],
    kind: 'hold',
    reasons: ['reminder'],
    shows: [NOTE],
  },
  {
    name: 'note naming a folder with a trailing slash is scoped',
    events: () => [
      note('Do not delete anything under data/: the uploads there are the only copy.'),
      ...traffic(10_000),
      ...listApp('l1'),
      call('bash', { command: 'rm -rf /srv/app/archive' }, 'd1'),
    ],
    kind: 'allow',
  },
  {
    name: 'folder ensured with mkdir -p is not the session own',
    events: () => [
      call('bash', { command: 'mkdir -p /srv/app/data' }, 'k1'),
      result('k1', ''),
      call('bash', { command: 'rm -rf /srv/app/data' }, 'd1'),
    ],
    kind: 'hold',
    reasons: ['investigation'],
  },
  {
    name: 'folder ensured with create_directory is not the session own',
    events: () => [
      call('create_directory', { path: '/srv/app/data' }, 'k1'),
      result('k1', 'Successfully created directory /srv/app/data'),
      call('write_file', { path: '/srv/app/data/ledger.csv', content: 'gone' }, 'w1'),
    ],
    kind: 'hold',
    reasons: ['investigation'],
  },
  {
    name: 'folder made with plain mkdir is the session own',
    events: () => [
      call('bash', { command: 'mkdir /srv/app/scratch' }, 'k1'),
      result('k1', ''),
      call('bash', { command: 'rm -rf /srv/app/scratch' }, 'd1'),
    ],
    kind: 'allow',
  },
  {
    name: 'file read then overwritten passes',
    events: () => [
      call('read_text_file', { path: '/srv/app/docs/guide.md' }, 'r1'),
      result('r1', '# Guide'),
      call('write_file', { path: '/srv/app/docs/guide.md', content: '# Guide, rewritten' }, 'w1'),
    ],
    kind: 'allow',
  },
  {
    name: 'move held for its destination may go elsewhere',
    events: () => [
      ...listApp('l0'),
      call('create_directory', { path: '/srv/app/archive' }, 'c1'),
      result('c1', 'EEXIST: file already exists', true),
      call('move_file', { source: '/srv/app/README.md', destination: '/srv/app/archive/README.md' }, 'm1'),
      result('m1', 'held'),
      call('move_file', { source: '/srv/app/README.md', destination: '/srv/app/README.old.md' }, 'm2'),
    ],
    kind: 'allow',
  },
];

describe('decideCall', () => {
  it.each(rows.map((row) => [row.name, row] as const))('%s', (_name, row) => {
    const session = testSession();
    session.setTools([...TOOLS, DELETE_DIRECTORY]);
    const decision = lastDecision(session, row.events());

    expect(decision.kind).toBe(row.kind);
    if (row.reasons !== undefined && decision.kind === 'hold') expect(decision.reasons).toEqual(row.reasons);
    if (decision.kind !== 'allow') {
      const text = renderHoldText(decision);
      for (const fragment of row.shows ?? []) expect(text).toContain(fragment);
    }
  });
});

import { readFileSync } from 'node:fs';
import { Writable } from 'node:stream';
import { fileURLToPath } from 'node:url';

import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { describe, expect, it } from 'vitest';

import type { JournalEntry, SessionEvent } from '@lookout/core';
import { createJournalWriter } from '@lookout/core/node';

import { call, feed, result, testSession, traffic, user } from './helpers/engine.js';

const FACT = 'Never move anything out of /srv/app/data without asking me first.';
const move = (id: string, destination = '/srv/app/old/a.csv') => call('move_file', { source: '/srv/app/data/a.csv', destination }, id);
/** A changed plan: instead of moving the file, make a folder for a copy next to the destination. */
const keepCopy = (id: string) => call('create_directory', { path: '/srv/app/old' }, id);
const list = (id: string): SessionEvent[] => [call('list_directory', { path: '/srv/app' }, id), result(id, '[DIR] data\n[DIR] old')];

const outcomes: Array<[string, () => SessionEvent[], string]> = [
  ['re-issue after a reminder', () => [user(FACT), ...traffic(6000), ...list('l1'), move('m1'), move('m2')], 'proceeded_after_reminder'],
  ['re-issue after an investigation', () => [move('m1'), ...list('l1'), move('m2')], 'proceeded_after_investigation'],
  ['re-issue after both', () => [user(FACT), ...traffic(9000), move('m1'), ...list('l1'), move('m2')], 'persisted'],
  ['changed call after an investigation', () => [move('m1'), ...list('l1'), keepCopy('c1')], 'investigated_then_changed'],
  ['changed call after a reminder', () => [user(FACT), ...traffic(6000), ...list('l1'), move('m1'), keepCopy('c1')], 'reminded_then_changed'],
  ['session end after a hold', () => [move('m1'), { type: 'end' }], 'abandoned'],
  ['session end after looking', () => [move('m1'), ...list('l1'), { type: 'end' }], 'investigated_then_changed'],
];

describe('near-miss journal', () => {
  it.each(outcomes)('resolves %s', (_name, events, outcome) => {
    const { journal } = feed(testSession(), events());

    const resolved = journal.filter((entry) => entry.event === 'outcome');
    expect(resolved.map((entry) => entry.event === 'outcome' && [entry.ref, entry.outcome])).toEqual([['m1', outcome]]);
  });

  it('marks persisted calls as mode 3', () => {
    const { journal } = feed(testSession(), [user(FACT), ...traffic(9000), move('m1'), ...list('l1'), move('m2')]);

    const intercept = journal.find((entry) => entry.event === 'intercept');
    const outcome = journal.find((entry) => entry.event === 'outcome');
    expect(intercept?.event === 'intercept' && intercept.modes).toEqual([1, 2]);
    expect(outcome?.event === 'outcome' && outcome.modes).toEqual([3]);
  });

  it('resolves a deny as denied at once', () => {
    const session = testSession({ rules: [{ id: 'no-moves', when: { tool: 'move_file' }, action: 'deny' }] });

    const { journal } = feed(session, [...list('l1'), move('m1')]);

    expect(journal.map((entry) => entry.event)).toEqual(['intercept', 'outcome']);
    expect(journal[1]).toEqual({ event: 'outcome', ref: 'm1', outcome: 'denied' });
    expect(journal[0]?.event === 'intercept' && journal[0].modes).toEqual([3]);
  });
});

describe('journal records', () => {
  const schema = JSON.parse(readFileSync(fileURLToPath(new URL('../schemas/journal-record.schema.json', import.meta.url)), 'utf8')) as object;
  const ajv = new Ajv2020({ allErrors: true, strict: false });
  addFormats.default(ajv);
  const validate = ajv.compile(schema);

  /** Every kind of record the engine writes, from sessions that produce each. */
  function everyRecord(): JournalEntry[] {
    const entries: JournalEntry[] = [];
    const run = (input: Parameters<typeof testSession>[0], events: SessionEvent[]) => entries.push(...feed(testSession(input), events).journal);
    for (const [, events] of outcomes) run({}, events());
    run({ rules: [{ id: 'no-moves', when: { tool: 'move_file' }, action: 'deny' }] }, [move('m1'), move('m2', '/srv/app/x')]);
    run({ rules: [{ id: 'ask-moves', when: { tool: 'move_file' }, action: 'ask' }] }, [move('m1'), { type: 'end' }]);
    run({ mode: 'log-only' }, [move('m1')]);
    entries.push({ event: 'check', id: 'g1', tool: 'list_directory', targets: [{ kind: 'path', id: '/srv/app/tmp' }], found: 'the folder is empty' });
    entries.push({ event: 'upstream', status: 'restarted', server: 'filesystem', detail: 'exit code 1' });
    return entries;
  }

  function writtenLines(entries: JournalEntry[], redact: string[] = []): Array<Record<string, unknown>> {
    const lines: string[] = [];
    const destination = new Writable({
      write(chunk: Buffer, _encoding, done) {
        lines.push(...chunk.toString('utf8').split('\n').filter((line) => line.length > 0));
        done();
      },
    });
    const writer = createJournalWriter({ destination, sessionId: 'test-session', redact });
    writer.writeAll(entries);
    return lines.map((line) => JSON.parse(line) as Record<string, unknown>);
  }

  it('validate against the shipped JSON Schema', () => {
    const entries = everyRecord();
    const records = writtenLines(entries);

    expect(new Set(records.map((record) => record.event))).toEqual(new Set(['intercept', 'outcome', 'check', 'upstream']));
    for (const record of records) {
      const valid = validate(record);
      expect(validate.errors ?? [], JSON.stringify(record)).toEqual([]);
      expect(valid).toBe(true);
    }
  });

  it('carry version, ISO time and session', () => {
    const [record] = writtenLines([{ event: 'upstream', status: 'exited', server: 'fs' }]);

    expect(record?.v).toBe(1);
    expect(record?.session).toBe('test-session');
    expect(new Date(String(record?.time)).toISOString()).toBe(record?.time);
  });

  it('redact secrets in arguments', () => {
    const session = testSession({ rules: [{ id: 'no-bash', when: { tool: 'bash' }, action: 'deny' }] });
    const { journal } = feed(session, [
      call('bash', { command: 'PGPASSWORD=hunter2hunter2 psql -h db.internal "postgres://admin:s3cretpass@db/app" --token ghp_abcdefghijklmnopqrstuvwxyz0123456789', api_key: 'sk-live-0123456789abcdefABCDEF', region: 'eu' }, 'b1'),
    ]);

    const [record] = writtenLines(journal.filter((entry) => entry.event === 'intercept'), ['region']);
    const text = JSON.stringify(record);

    for (const secret of ['hunter2hunter2', 's3cretpass', 'ghp_abcdefghijklmnopqrstuvwxyz0123456789', 'sk-live-0123456789abcdefABCDEF', '"eu"']) {
      expect(text).not.toContain(secret);
    }
    expect(text).toContain('psql -h db.internal');
  });
});

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';

import { normalizePath, parentTarget, pathTarget, targetCovers, targetsOverlap } from '@lookout/core';
import type { Target } from '@lookout/core';

/** One path segment: letters, digits, dots, dashes and spaces, but never `.` or `..` alone. */
const segment = fc
  .stringMatching(/^[A-Za-z0-9._ -]{1,12}$/)
  .filter((value) => value !== '.' && value !== '..' && value.trim() === value && value.length > 0);
const segments = fc.array(segment, { minLength: 1, maxLength: 6 });
const absolute = segments.map((parts) => `/${parts.join('/')}`);
const path = (id: string): Target => ({ kind: 'path', id });

describe('normalizePath', () => {
  it('returns absolute paths without dot segments or trailing separators', () => {
    fc.assert(
      fc.property(fc.array(fc.oneof(segment, fc.constant('.'), fc.constant('..'), fc.constant('')), { maxLength: 10 }), fc.boolean(), (parts, leading) => {
        const normalized = normalizePath(`${leading ? '/' : ''}${parts.join('/')}`, { cwd: '/work/app' });

        expect(normalized.startsWith('/')).toBe(true);
        expect(normalized).not.toMatch(/\/\/|\/\.\.?(\/|$)/);
        if (normalized !== '/') expect(normalized.endsWith('/')).toBe(false);
      }),
    );
  });

  it('is idempotent', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 40 }), (input) => {
        expect(normalizePath(normalizePath(input))).toBe(normalizePath(input));
      }),
    );
  });

  it('drops trailing separators', () => {
    fc.assert(
      fc.property(absolute, fc.integer({ min: 1, max: 3 }), (input, slashes) => {
        expect(normalizePath(input + '/'.repeat(slashes))).toBe(normalizePath(input));
      }),
    );
  });

  it('folds a segment followed by ..', () => {
    fc.assert(
      fc.property(absolute, segment, (base, child) => {
        expect(normalizePath(`${base}/${child}/..`)).toBe(normalizePath(base));
      }),
    );
  });

  it('resolves relative paths against cwd and ~ against home', () => {
    expect(normalizePath('../archive', { cwd: '/home/dev/invoices' })).toBe('/home/dev/archive');
    expect(normalizePath('~/notes/', { home: '/home/dev' })).toBe('/home/dev/notes');
    expect(normalizePath('C:\\Users\\dev\\x')).toBe('/c/Users/dev/x');
  });
});

describe('targetCovers', () => {
  it('never covers a sibling that shares a prefix', () => {
    fc.assert(
      fc.property(absolute, segment, fc.stringMatching(/^[A-Za-z0-9._-]{1,6}$/), (base, name, suffix) => {
        const folder = path(normalizePath(`${base}/${name}`));
        const sibling = path(normalizePath(`${base}/${name}${suffix}`));

        expect(targetCovers(folder, sibling)).toBe(false);
      }),
    );
  });

  it('covers every path below a folder and never the reverse', () => {
    fc.assert(
      fc.property(absolute, segments, (base, below) => {
        const folder = path(normalizePath(base));
        const entry = path(normalizePath(`${base}/${below.join('/')}`));

        expect(targetCovers(folder, entry)).toBe(true);
        expect(targetCovers(entry, folder)).toBe(false);
        expect(targetsOverlap(entry, folder)).toBe(true);
      }),
    );
  });

  it('treats spellings of one path alike', () => {
    fc.assert(
      fc.property(absolute, segment, (base, name) => {
        const plain = pathTarget(`${base}/${name}`);
        const spelled = pathTarget(`${base}/./${name}/../${name}//`);

        expect(targetCovers(plain, spelled)).toBe(true);
        expect(targetCovers(spelled, plain)).toBe(true);
      }),
    );
  });

  it('folds case only where configured', () => {
    fc.assert(
      fc.property(absolute.filter((input) => input.toUpperCase() !== input), segment, (base, child) => {
        const upper = path(normalizePath(base.toUpperCase()));
        const entry = path(normalizePath(`${base}/${child}`));

        expect(targetCovers(upper, entry)).toBe(false);
        expect(targetCovers(upper, entry, { caseInsensitive: true })).toBe(true);
      }),
    );
  });

  it('matches globs by pattern and by their base folder', () => {
    const glob = pathTarget('/srv/app/tmp/**');

    expect(targetCovers(glob, path('/srv/app/tmp/a/b.txt'))).toBe(true);
    expect(targetCovers(glob, path('/srv/app/tmpfiles/a'))).toBe(false);
    expect(targetCovers(pathTarget('/srv/app/*.log'), path('/srv/app/x/y.log'))).toBe(false);
    expect(targetCovers(pathTarget('/srv/app/*'), path('/srv/app/x/y.log'))).toBe(true);
  });
});

describe('parentTarget', () => {
  it('returns a folder that covers the target', () => {
    fc.assert(
      fc.property(absolute, (input) => {
        const target = path(normalizePath(input));
        const parent = parentTarget(target);

        expect(parent).toBeDefined();
        expect(targetCovers(parent!, target)).toBe(true);
      }),
    );
  });
});

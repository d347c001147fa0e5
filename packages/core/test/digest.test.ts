import fc from 'fast-check';
import { describe, expect, it } from 'vitest';

import { callDigest, canonicalJson } from '@lookout/core';

describe('callDigest', () => {
  it('ignores key order', () => {
    expect(callDigest('move_file', { source: '/a', destination: '/b' })).toBe(callDigest('move_file', { destination: '/b', source: '/a' }));
  });

  it('tells tools and arguments apart', () => {
    const digest = callDigest('move_file', { source: '/a', destination: '/b' });

    expect(callDigest('copy_file', { source: '/a', destination: '/b' })).not.toBe(digest);
    expect(callDigest('move_file', { source: '/a', destination: '/c' })).not.toBe(digest);
  });

  it('is stable across key orders of nested values', () => {
    fc.assert(
      fc.property(fc.dictionary(fc.string(), fc.jsonValue()), (value) => {
        const reversed = Object.fromEntries(Object.entries(value).reverse());

        expect(callDigest('tool', reversed)).toBe(callDigest('tool', value));
        expect(callDigest('tool', value)).toMatch(/^[0-9a-f]{16}$/);
      }),
    );
  });

  it('writes canonical JSON that parses back to the value', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        expect(JSON.parse(canonicalJson(value))).toEqual(JSON.parse(JSON.stringify(value)));
      }),
    );
  });
});

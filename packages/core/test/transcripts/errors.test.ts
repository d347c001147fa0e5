import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

import { describe, expect, it } from 'vitest';

import { TRANSCRIPT_ERROR_CODES, TranscriptError } from '../../src/node/transcripts/index.js';

const docs = readFileSync(fileURLToPath(new URL('../../../../docs/replay.md', import.meta.url)), 'utf8');
const documentedCodes = [...docs.matchAll(/^\| `(LOOKOUT_TRANSCRIPT_[A-Z_]+)` \|/gm)].map((match) => match[1]);

describe('transcript error codes', () => {
  it.each(Object.keys(TRANSCRIPT_ERROR_CODES))('%s is documented', (code) => {
    expect(documentedCodes).toContain(code);
  });

  it('documents no code the converter lacks', () => {
    expect(documentedCodes.filter((code) => code === undefined || !(code in TRANSCRIPT_ERROR_CODES))).toEqual([]);
  });

  it('formats file, line and message index', () => {
    const error = new TranscriptError('LOOKOUT_TRANSCRIPT_INVALID', 'chat.json', { line: 4, message: 2 }, 'bad role.');

    expect(error.message).toBe('chat.json:4 (message 2): bad role.');
    expect(error.code).toBe('LOOKOUT_TRANSCRIPT_INVALID');
  });
});

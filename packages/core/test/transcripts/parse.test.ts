import { describe, expect, it } from 'vitest';

import { parseTranscript, TranscriptError, type Transcript } from '../../src/node/transcripts/index.js';

const conversation = [
  { role: 'user', content: 'List the folder, please.' },
  { role: 'assistant', content: [{ type: 'text', text: 'Listing it.' }, { type: 'tool_use', id: 'toolu_a', name: 'list_directory', input: { path: '/srv/app' } }] },
  { role: 'user', content: [{ type: 'tool_result', tool_use_id: 'toolu_a', content: [{ type: 'text', text: '[FILE] a.txt' }] }] },
];

function eventTypes(transcript: Transcript): string[] {
  return transcript.steps.map((step) => step.event.type);
}

function parseError(text: string, file: string): TranscriptError {
  try {
    parseTranscript(text, { file });
  } catch (error) {
    if (error instanceof TranscriptError) return error;
    throw error;
  }
  throw new Error(`parseTranscript accepted ${file}`);
}

describe('parseTranscript format detection', () => {
  it('reads a list of messages as an Anthropic conversation', () => {
    const transcript = parseTranscript(JSON.stringify(conversation), { file: 'chat.json' });

    expect(transcript.format).toBe('anthropic');
    expect(transcript.id).toBe('chat');
    expect(eventTypes(transcript)).toEqual(['message', 'message', 'tool_call', 'tool_result']);
    expect(transcript.steps[3]?.event).toEqual({ type: 'tool_result', id: 'toolu_a', text: '[FILE] a.txt', isError: false });
  });

  it('reads messages, system and tools of a request object', () => {
    const request = {
      system: [{ type: 'text', text: 'You are a file assistant.' }],
      tools: [{ name: 'list_directory', description: 'Lists a folder.', input_schema: { type: 'object' } }],
      messages: conversation,
    };
    const transcript = parseTranscript(JSON.stringify(request), { file: 'request.json' });

    expect(transcript.steps[0]?.event).toEqual({ type: 'message', role: 'system', text: 'You are a file assistant.' });
    expect(transcript.tools).toEqual([{ name: 'list_directory', description: 'Lists a folder.', inputSchema: { type: 'object' } }]);
    const call = transcript.steps.find((step) => step.event.type === 'tool_call')?.event;
    expect(call).toMatchObject({ tool: 'list_directory', definition: { name: 'list_directory' } });
  });

  it('reads a case file with its policy, cwd and expectations', () => {
    const caseFile = {
      format: 'lookout-case/1',
      id: 'tiny-case',
      modes: [2],
      tools: [{ name: 'bash', inputSchema: { type: 'object' } }],
      policy: { rules: [{ id: 'no-rm', when: { tool: 'bash', argumentsMatch: { command: 'rm -rf /' } }, action: 'deny' }] },
      cwd: '/home/dev/app',
      transcript: [{ role: 'system', content: 'You are a coding agent.' }, ...conversation],
      expect: { hold: [], allow: ['toolu_a'] },
    };
    const transcript = parseTranscript(JSON.stringify(caseFile), { file: 'tiny.json' });

    expect(transcript.format).toBe('lookout-case');
    expect(transcript.id).toBe('tiny-case');
    expect(transcript.context).toEqual({ cwd: '/home/dev/app' });
    expect(transcript.policy).toEqual(caseFile.policy);
    expect(transcript.expect).toEqual({ hold: [], allow: ['toolu_a'], reasons: {} });
    expect(transcript.steps[0]?.at).toEqual({ message: 0 });
  });

  it('turns a context summary message into a compaction', () => {
    const messages = [{ role: 'user', content: 'Never touch prod.' }, { role: 'user', content: '[context summary] Task: tidy staging.' }];
    const transcript = parseTranscript(JSON.stringify(messages), { file: 'summary.json' });

    expect(transcript.steps[1]?.event).toEqual({ type: 'compaction', summary: 'Task: tidy staging.' });
  });

  it('follows --format over detection', () => {
    const transcript = parseTranscript(JSON.stringify({ messages: conversation }), { file: 'x.json', format: 'anthropic' });
    expect(transcript.format).toBe('anthropic');
  });
});

describe('parseTranscript errors', () => {
  it('names the line of a JSON syntax error', () => {
    const error = parseError('{\n  "format": "lookout-case/1",\n  "id": oops\n}', 'broken.json');

    expect(error.code).toBe('LOOKOUT_TRANSCRIPT_NOT_JSON');
    expect(error.at.line).toBe(3);
    expect(error.message).toMatch(/^broken\.json:3: not valid JSON or JSON lines/);
  });

  it('names the line of a broken JSON-lines entry', () => {
    const lines = [
      JSON.stringify({ type: 'user', uuid: 'u1', parentUuid: null, message: { role: 'user', content: 'hi' } }),
      JSON.stringify({ type: 'assistant', uuid: 'u2', parentUuid: 'u1', message: { role: 'assistant', content: 'hello' } }),
      '{"type": "user", "uuid": "u3", "message": ',
    ];
    const error = parseError(lines.join('\n'), 'session.jsonl');

    expect(error.code).toBe('LOOKOUT_TRANSCRIPT_NOT_JSON');
    expect(error.at.line).toBe(3);
    expect(error.message).toMatch(/^session\.jsonl:3: /);
  });

  it('rejects JSON of no known format', () => {
    const error = parseError('{"name": "not a transcript"}', 'other.json');

    expect(error.code).toBe('LOOKOUT_TRANSCRIPT_UNKNOWN_FORMAT');
    expect(error.message).toContain('other.json');
  });

  it('rejects a case format version it does not read', () => {
    const error = parseError(JSON.stringify({ format: 'lookout-case/2', id: 'x', transcript: [] }), 'future.json');

    expect(error.code).toBe('LOOKOUT_TRANSCRIPT_UNKNOWN_FORMAT');
    expect(error.message).toContain('"lookout-case/2" is not supported');
  });

  it('names the message of a tool_result without its tool_use', () => {
    const messages = [
      { role: 'user', content: 'Clean up.' },
      { role: 'user', content: [{ type: 'tool_result', tool_use_id: 'toolu_missing', content: 'done' }] },
    ];
    const error = parseError(JSON.stringify(messages), 'orphan.json');

    expect(error.code).toBe('LOOKOUT_TRANSCRIPT_ORPHAN_RESULT');
    expect(error.at).toEqual({ message: 1 });
    expect(error.message).toMatch(/^orphan\.json \(message 1\): tool_result for "toolu_missing" has no tool_use/);
  });

  it('names the field of an invalid case', () => {
    const error = parseError(JSON.stringify({ format: 'lookout-case/1', id: 'Not Kebab', transcript: [] }), 'bad-case.json');

    expect(error.code).toBe('LOOKOUT_TRANSCRIPT_INVALID');
    expect(error.message).toContain('id: Use a kebab-case id');
  });

  it('rejects a message with an unknown role', () => {
    const error = parseError(JSON.stringify([{ role: 'tool', content: 'x' }]), 'roles.json');

    expect(error.code).toBe('LOOKOUT_TRANSCRIPT_INVALID');
    expect(error.at).toEqual({ message: 0 });
  });

  it('rejects an empty file', () => {
    expect(parseError('  \n', 'empty.json').code).toBe('LOOKOUT_TRANSCRIPT_NOT_JSON');
  });
});

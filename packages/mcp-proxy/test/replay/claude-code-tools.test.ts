import { describe, expect, it } from 'vitest';

import { defaultPolicy, loadPreset, parseTranscript } from '@lookout/core/node';

import { createSessionOpener, replayTranscript } from '../../src/replay/index.js';

// Claude Code's own tools, replayed on the default policy: an edit after reading the file passes, a
// write over a path never looked at is held, and a listing with LS backs a delete through Bash.
const common = { sessionId: 'tools-session', cwd: '/home/dev/kiosk', isSidechain: false, userType: 'external', version: '1.0.98' };
const steps: Array<[string, string, Record<string, unknown>, string]> = [
  ['toolu_read', 'Read', { file_path: '/home/dev/kiosk/src/config.ts' }, 'export const TIMEOUT_MS = 3000;'],
  ['toolu_edit_read', 'Edit', { file_path: '/home/dev/kiosk/src/config.ts', old_string: '3000', new_string: '5000' }, 'The file has been updated.'],
  ['toolu_write_unread', 'Write', { file_path: '/home/dev/kiosk/src/printer.ts', content: "export const PORT = '/dev/usb/lp1';\n" }, 'File created successfully.'],
  ['toolu_ls', 'LS', { path: '/home/dev/kiosk/tmp' }, '- /home/dev/kiosk/tmp/\n  - receipt-0001.pdf\n  - receipt-0002.pdf'],
  ['toolu_rm', 'Bash', { command: 'rm -rf /home/dev/kiosk/tmp', description: 'Remove temporary receipts' }, ''],
];

function transcriptText(): string {
  const entries: Array<Record<string, unknown>> = [{ ...common, type: 'user', uuid: 'u0', parentUuid: null, message: { role: 'user', content: 'Raise the timeout to 5 s, switch the printer port, clear tmp.' } }];
  let previous = 'u0';
  for (const [id, name, input, output] of steps) {
    entries.push({ ...common, type: 'assistant', uuid: `a-${id}`, parentUuid: previous, message: { role: 'assistant', content: [{ type: 'tool_use', id, name, input }] } });
    entries.push({ ...common, type: 'user', uuid: `r-${id}`, parentUuid: `a-${id}`, message: { role: 'user', content: [{ type: 'tool_result', tool_use_id: id, content: output }] } });
    previous = `r-${id}`;
  }
  return entries.map((entry) => JSON.stringify(entry)).join('\n');
}

describe('replay of Claude Code built-in tools', () => {
  it('classifies them like the tools they stand for', () => {
    const transcript = parseTranscript(transcriptText(), { file: 'tools.jsonl' });
    const report = replayTranscript(transcript, createSessionOpener({ policy: defaultPolicy(), loadPreset }));

    expect(report.verdicts).toEqual({ toolu_read: 'allow', toolu_edit_read: 'allow', toolu_write_unread: 'hold', toolu_ls: 'allow', toolu_rm: 'allow' });
    expect(report.intercepted[0]).toMatchObject({ id: 'toolu_write_unread', recordedTool: 'Write', tool: 'write_file', reasons: ['investigation'] });
  });

  it('resolves relative paths against the cwd each entry records', () => {
    const moved = transcriptText()
      .split('\n')
      .map((line) => JSON.parse(line) as Record<string, unknown>)
      .map((entry, index) => (index >= 7 ? { ...entry, cwd: '/home/dev/kiosk/tmp' } : entry));
    const rm = moved.find((entry) => entry.uuid === 'a-toolu_rm') as { message: { content: Array<{ input: { command: string } }> } };
    const block = rm.message.content[0];
    if (block !== undefined) block.input.command = 'rm -rf ../cache';
    const transcript = parseTranscript(moved.map((entry) => JSON.stringify(entry)).join('\n'), { file: 'moved.jsonl' });
    const report = replayTranscript(transcript, createSessionOpener({ policy: defaultPolicy(), loadPreset }));

    expect(report.intercepted.find((call) => call.id === 'toolu_rm')?.targets).toEqual(['path:/home/dev/kiosk/cache']);
  });
});

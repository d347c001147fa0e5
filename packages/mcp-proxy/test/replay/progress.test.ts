import { Writable } from 'node:stream';

import { describe, expect, it } from 'vitest';

import { createProgressBar } from '../../src/replay/index.js';

class Terminal extends Writable {
  text = '';
  constructor(readonly isTTY: boolean) {
    super();
  }
  readonly columns = 60;
  override _write(chunk: Buffer | string, _encoding: BufferEncoding, callback: (error?: Error | null) => void): void {
    this.text += chunk.toString();
    callback();
  }
}

describe('createProgressBar', () => {
  it('redraws one line on a terminal and clears it at the end', () => {
    const terminal = new Terminal(true);
    const bar = createProgressBar(terminal, 4);

    bar.update(0, 'cases/a.json');
    bar.update(2, 'cases/c.json');
    bar.finish();

    expect(terminal.text).toContain('\r[........................] 0/4 cases/a.json');
    expect(terminal.text).toContain('\r[############............] 2/4 cases/c.json');
    expect(terminal.text.endsWith(`\r${' '.repeat(59)}\r`)).toBe(true);
    expect(terminal.text).not.toContain('\n');
  });

  it('writes nothing when stderr is not a terminal', () => {
    const pipe = new Terminal(false);
    const bar = createProgressBar(pipe, 4);

    bar.update(1, 'cases/b.json');
    bar.finish();

    expect(pipe.text).toBe('');
  });
});

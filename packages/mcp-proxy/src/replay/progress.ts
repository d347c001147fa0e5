// A one-line progress bar for long runs, redrawn in place on a terminal.

export interface ProgressBar {
  update(done: number, label: string): void;
  finish(): void;
}

const BAR_WIDTH = 24;

/** Draws on `stream` only when it is a terminal; otherwise every call does nothing. */
export function createProgressBar(stream: NodeJS.WritableStream, total: number): ProgressBar {
  const isTerminal = (stream as NodeJS.WriteStream).isTTY === true;
  if (!isTerminal) return { update: () => undefined, finish: () => undefined };

  const columns = (stream as NodeJS.WriteStream).columns ?? 80;
  return {
    update(done, label) {
      const filled = Math.round((done / Math.max(total, 1)) * BAR_WIDTH);
      const line = `[${'#'.repeat(filled)}${'.'.repeat(BAR_WIDTH - filled)}] ${done}/${total} ${label}`;
      stream.write(`\r${line.slice(0, columns - 1).padEnd(columns - 1)}`);
    },
    finish() {
      stream.write(`\r${' '.repeat(columns - 1)}\r`);
    },
  };
}

// The session's token axis. Every event occupies a span of tokens; facts and investigations remember
// positions on this axis, so "how long ago" is a subtraction. Memory stays bounded: only the last
// `windowSize` entries keep their short summaries, older ones are forgotten (positions live on in the
// facts and observations that recorded them).

export interface LedgerEntry {
  /** Index of the event in the session, from 0. */
  sequence: number;
  type: string;
  /** Token position where the event starts. */
  start: number;
  tokens: number;
  /** At most `SUMMARY_LENGTH` characters describing the event. */
  summary: string;
}

const SUMMARY_LENGTH = 80;
const DEFAULT_WINDOW_SIZE = 256;

export class Ledger {
  #position = 0;
  #sequence = 0;
  #calls = 0;
  readonly #window: LedgerEntry[] = [];
  readonly #windowSize: number;

  constructor(windowSize = DEFAULT_WINDOW_SIZE) {
    this.#windowSize = windowSize;
  }

  /** Tokens on the axis so far; the position where the next event starts. */
  get position(): number {
    return this.#position;
  }

  /** Tool calls seen so far; investigations count their freshness in calls on this counter. */
  get calls(): number {
    return this.#calls;
  }

  /** Appends an event and returns its entry; `tokens` must already be counted. */
  append(type: string, tokens: number, summary: string): LedgerEntry {
    const entry: LedgerEntry = {
      sequence: this.#sequence,
      type,
      start: this.#position,
      tokens,
      summary: summary.length > SUMMARY_LENGTH ? `${summary.slice(0, SUMMARY_LENGTH - 1)}…` : summary,
    };
    this.#sequence += 1;
    this.#position += tokens;
    if (type === 'tool_call') this.#calls += 1;

    this.#window.push(entry);
    if (this.#window.length > this.#windowSize) this.#window.shift();
    return entry;
  }

  /** The most recent entries, oldest first. */
  recent(): readonly LedgerEntry[] {
    return this.#window;
  }
}

// One guard per LangGraph thread: the thread id in the run's `configurable` keys the engine session, so two
// conversations through one agent never share facts, investigations or holds.
import type { GuardSettings } from './options.js';
import { ThreadGuard } from './thread-guard.js';

/** Key of runs without a thread id (an agent without a checkpointer, a tool called directly). */
const NO_THREAD = 'no-thread';

// NOTE: sessions stay in memory until `close()`. A long-running server with many threads should close the
// middleware (or create one per conversation) to bound memory.
export class GuardRegistry {
  readonly #settings: Readonly<GuardSettings>;
  readonly #guards = new Map<string, ThreadGuard>();
  readonly #unthreadedId = crypto.randomUUID();

  constructor(settings: Readonly<GuardSettings>) {
    this.#settings = settings;
  }

  /** Returns the guard of the run's thread, creating it on first use. */
  forConfig(configurable: { thread_id?: unknown } | undefined): ThreadGuard {
    const threadId = typeof configurable?.thread_id === 'string' && configurable.thread_id !== '' ? configurable.thread_id : undefined;
    const key = threadId ?? NO_THREAD;

    let guard = this.#guards.get(key);
    if (guard === undefined) {
      guard = new ThreadGuard(this.#settings, this.#sessionId(threadId));
      this.#guards.set(key, guard);
    }
    return guard;
  }

  /** Ends every session: pending near misses resolve and journals flush. */
  async closeAll(): Promise<void> {
    const guards = [...this.#guards.values()];
    this.#guards.clear();
    await Promise.all(guards.map((guard) => guard.end()));
  }

  #sessionId(threadId: string | undefined): string {
    const base = this.#settings.sessionId;
    if (base === undefined) return threadId ?? this.#unthreadedId;
    return threadId === undefined ? base : `${base}/${threadId}`;
  }
}

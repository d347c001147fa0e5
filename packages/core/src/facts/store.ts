// The session's facts and where each was last seen. A restatement refreshes a fact: the guard's own
// reminder, or one text that carries most of the fact's distinctive terms close together. A single shared
// word (a path that shows up in a listing) is relevance, not recall, and refreshes nothing.
import type { Fact, FactKind, FactSource, Target } from '../types.js';
import { distinctiveTerms, stem, words } from './terms.js';

export interface NewFact {
  id?: string;
  kind: FactKind;
  text: string;
  source: FactSource;
  terms?: string[];
  scope?: { tools?: string[]; targets?: Target[] };
  decayTokens: number;
}

/** A fact with what the store needs to match it: its stems and its length in tokens. */
export interface StoredFact extends Fact {
  /** Stems of the fact's terms, for restatement. */
  stems: string[];
  /** The stems relevance matches calls on: without the segments of paths the fact names, since its scope
   *  already covers those paths and `/srv/app` would otherwise tie it to every call under `/srv`. */
  callStems: string[];
  /** For each call stem, its shorter prefixes of four characters or more, computed once. */
  callStemPrefixes: string[][];
  tokens: number;
}

const PATH_TOKEN = /(?:~|\.{1,2})?\/[\w.@%+~\/-]+|[\w.-]+\/[\w.@%+~\/-]+/g;

/** Share of a fact's distinct stems a text must carry to restate it. */
export const RESTATEMENT_SHARE = 0.7;

// The restating terms must stand within this many words of each other (or three words a term for long
// facts), so that a long listing that happens to contain the words far apart restates nothing.
const MIN_RESTATEMENT_WINDOW_WORDS = 25;

// Extraction adds facts as the conversation goes; beyond this many, the fact seen longest ago (never a
// policy fact) goes, so memory and the per-call relevance scan stay bounded.
export const MAX_FACTS = 1000;

/** Facts from these sources stay in context through a compaction (the system prompt is kept). */
const SURVIVES_COMPACTION: ReadonlySet<FactSource> = new Set(['system']);

export class FactStore {
  readonly #facts = new Map<string, StoredFact>();
  readonly #byStem = new Map<string, Set<string>>();
  readonly #countTokens: (text: string) => number;
  #nextNumber = 1;

  constructor(countTokens: (text: string) => number) {
    this.#countTokens = countTokens;
  }

  get size(): number {
    return this.#facts.size;
  }

  get(id: string): StoredFact | undefined {
    return this.#facts.get(id);
  }

  list(): StoredFact[] {
    return [...this.#facts.values()];
  }

  /** Adds a fact seen at `position`; a fact with the same id is replaced. */
  add(input: NewFact, position: number): StoredFact {
    const terms = input.terms?.map((term) => term.toLowerCase()) ?? distinctiveTerms(input.text);
    const id = input.id ?? this.#newId(input.source);
    const fact: StoredFact = {
      id,
      kind: input.kind,
      text: input.text,
      source: input.source,
      terms,
      ...(input.scope === undefined ? {} : { scope: input.scope }),
      lastSeenAt: position,
      decayTokens: input.decayTokens,
      dropped: false,
      stems: [...new Set(terms.flatMap((term) => words(term).map((word) => word.stem)))],
      callStems: [],
      callStemPrefixes: [],
      tokens: this.#countTokens(input.text),
    };

    const pathStems = new Set(input.terms === undefined ? [...input.text.matchAll(PATH_TOKEN)].flatMap((match) => words(match[0]).map((word) => word.stem)) : []);
    fact.callStems = fact.stems.filter((key) => !pathStems.has(key));
    fact.callStemPrefixes = fact.callStems.map((key) => shorterPrefixes(key));

    this.#unindex(id);
    this.#facts.set(id, fact);
    for (const key of fact.stems) {
      let ids = this.#byStem.get(key);
      if (ids === undefined) {
        ids = new Set();
        this.#byStem.set(key, ids);
      }
      ids.add(id);
    }
    if (this.#facts.size > MAX_FACTS) this.#evictOldest(id);
    return fact;
  }

  /** Marks facts as seen at `position` (stated again, quoted, or shown in a reminder). */
  refresh(ids: Iterable<string>, position: number): void {
    for (const id of ids) {
      const fact = this.#facts.get(id);
      if (fact === undefined) continue;
      fact.lastSeenAt = position;
      fact.dropped = false;
    }
  }

  /** Finds the facts that `text` restates, refreshes them at `position`, and returns their ids. */
  refreshRestated(text: string, position: number): string[] {
    const ids = this.restatedBy(text);
    this.refresh(ids, position);
    return ids;
  }

  /** The ids of facts whose distinctive terms `text` carries together. */
  restatedBy(text: string): string[] {
    if (this.#facts.size === 0 || text.length === 0) return [];

    // Word indexes of each fact's stems in the text, found through the stem index so the cost follows the
    // text's length, not the number of facts.
    const hits = new Map<string, Array<{ stem: string; index: number }>>();
    for (const word of words(text)) {
      const ids = this.#byStem.get(word.stem);
      if (ids === undefined) continue;
      for (const id of ids) {
        let list = hits.get(id);
        if (list === undefined) {
          list = [];
          hits.set(id, list);
        }
        list.push(word);
      }
    }

    const restated: string[] = [];
    for (const [id, list] of hits) {
      const fact = this.#facts.get(id);
      if (fact !== undefined && carriesTogether(fact.stems.length, list)) restated.push(id);
    }
    return restated;
  }

  /**
   * Applies a compaction at `position`: facts the summary restates are refreshed; the others, except those
   * whose source stays in context, are dropped (fully decayed until something restates them).
   */
  compact(summary: string, position: number): { kept: string[]; dropped: string[] } {
    const restated = new Set(this.restatedBy(summary));
    const kept: string[] = [];
    const dropped: string[] = [];
    for (const fact of this.#facts.values()) {
      if (restated.has(fact.id)) {
        fact.lastSeenAt = position;
        fact.dropped = false;
        kept.push(fact.id);
      } else if (!SURVIVES_COMPACTION.has(fact.source)) {
        fact.dropped = true;
        dropped.push(fact.id);
      }
    }
    return { kept, dropped };
  }

  #newId(source: FactSource): string {
    let id: string;
    do {
      id = `${source.replace('_', '-')}-${this.#nextNumber}`;
      this.#nextNumber += 1;
    } while (this.#facts.has(id));
    return id;
  }

  #evictOldest(keep: string): void {
    let oldest: StoredFact | undefined;
    for (const fact of this.#facts.values()) {
      if (fact.source === 'policy' || fact.id === keep) continue;
      if (oldest === undefined || fact.lastSeenAt < oldest.lastSeenAt) oldest = fact;
    }
    if (oldest === undefined) return;
    this.#unindex(oldest.id);
    this.#facts.delete(oldest.id);
  }

  #unindex(id: string): void {
    const old = this.#facts.get(id);
    if (old === undefined) return;
    for (const key of old.stems) this.#byStem.get(key)?.delete(id);
  }
}

/** The prefixes of a stem shorter than it, of `MIN_PREFIX_LENGTH` characters or more. */
export function shorterPrefixes(stem: string): string[] {
  const prefixes: string[] = [];
  for (let length = MIN_PREFIX_LENGTH; length < stem.length; length += 1) prefixes.push(stem.slice(0, length));
  return prefixes;
}

/** Prefixes shorter than this are too common to tie a word to another (`del`, `app`). */
export const MIN_PREFIX_LENGTH = 4;

/** Stems of a single term, for callers that match terms against words. */
export function termStems(term: string): string[] {
  return words(term).map((word) => word.stem);
}

export { stem };

/**
 * True when the hits contain at least `RESTATEMENT_SHARE` of the fact's distinct stems (and at least two)
 * within one window of words.
 */
function carriesTogether(stemCount: number, hits: Array<{ stem: string; index: number }>): boolean {
  if (stemCount < 2) return false;
  const needed = Math.max(2, Math.ceil(stemCount * RESTATEMENT_SHARE));
  const window = Math.max(MIN_RESTATEMENT_WINDOW_WORDS, 3 * stemCount);

  // Hits arrive in text order. A sliding window keeps counts of each stem between `left` and `right`.
  const counts = new Map<string, number>();
  let distinct = 0;
  let left = 0;
  for (let right = 0; right < hits.length; right += 1) {
    const entering = hits[right] as { stem: string; index: number };
    const count = counts.get(entering.stem) ?? 0;
    if (count === 0) distinct += 1;
    counts.set(entering.stem, count + 1);

    while ((hits[left] as { index: number }).index < entering.index - window) {
      const leaving = hits[left] as { stem: string };
      const remaining = (counts.get(leaving.stem) ?? 1) - 1;
      counts.set(leaving.stem, remaining);
      if (remaining === 0) distinct -= 1;
      left += 1;
    }
    if (distinct >= needed) return true;
  }
  return false;
}

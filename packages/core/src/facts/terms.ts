// Words and distinctive terms. Facts are matched to text and to calls by their terms: lower-cased words
// with common English endings stripped, minus words that say nothing about what a fact is about.

/** Words that carry no identity: function words, and the constraint markers every safety fact shares. */
const STOPWORDS = new Set(
  (
    'a an and are as at be been before being but by can could did do does doing done dont don for from ' +
    'had has have having he her here hers him his how i if in into is it its itself just let lets me more ' +
    'most must my no nor not now of off on once only or other our ours out over own same she should so ' +
    'some such than that the their theirs them then there these they this those through to too under ' +
    'until up very was we were what when where which while who whom why will with would you your yours ' +
    'yourself yourselves also any anything everything nothing something all each every never always ' +
    'please may might shall want wants need needs make sure keep yet still already one ' +
    'mustn shouldn wasn weren isn aren didn doesn haven hasn won wouldn couldn ve ll re'
  ).split(' '),
);

const WORD = /[\p{L}\p{N}_]+/gu;

export interface Word {
  stem: string;
  /** Index of the word in its text, for measuring how close terms stand. */
  index: number;
}

/** Splits text into stemmed words with their indexes. */
export function words(text: string): Word[] {
  const result: Word[] = [];
  let index = 0;
  for (const match of text.toLowerCase().matchAll(WORD)) {
    result.push({ stem: stem(match[0]), index });
    index += 1;
  }
  return result;
}

/** The distinct stems of text, without stopwords. */
export function stemSet(text: string): Set<string> {
  const result = new Set<string>();
  for (const match of text.toLowerCase().matchAll(WORD)) {
    const word = match[0];
    if (isDistinctive(word)) result.add(stem(word));
  }
  return result;
}

/** The distinctive lower-cased words of a statement, in order of first appearance. */
export function distinctiveTerms(text: string): string[] {
  const seen = new Set<string>();
  const result: string[] = [];
  for (const match of text.toLowerCase().matchAll(WORD)) {
    const word = match[0];
    if (!isDistinctive(word)) continue;
    const key = stem(word);
    if (seen.has(key)) continue;
    seen.add(key);
    result.push(word);
  }
  return result;
}

/**
 * Strips the common inflections so `delete`, `deleted` and `deleting` meet: `-ing`, `-ed`, `-es`, `-s`,
 * then a final `e`. Crude by design: it only has to make a word and its inflections agree.
 */
export function stem(word: string): string {
  let result = word.toLowerCase();
  for (const suffix of ['ing', 'ed', 'es', 's']) {
    if (result.endsWith(suffix) && result.length - suffix.length >= 3 && !result.endsWith('ss')) {
      result = result.slice(0, -suffix.length);
      break;
    }
  }
  if (result.endsWith('e') && result.length > 3) result = result.slice(0, -1);
  return result;
}

function isDistinctive(word: string): boolean {
  if (STOPWORDS.has(word)) return false;
  // Single letters and two-letter words are too common to identify anything; numbers of two digits or
  // more (ports, years, ids) do identify.
  if (/^\p{N}+$/u.test(word)) return word.length >= 2;
  return word.length >= 3;
}

// Expanding words the way the shell would, as far as a reader of the text can: literals and quotes
// resolve, variables resolve when the same command assigned them (or a `for` loop binds them), and
// anything else stays marked as unknown so the classifier can say what it might expand to.
import type { Statement, Word, WordPart } from './ast.js';

/** A word after expansion. */
export interface ExpandedWord {
  /** The text with quotes removed; unknown variables expand to nothing, the worst case for paths. */
  text: string;
  /** The word as written, for messages and for Windows paths, whose backslashes the shell would eat. */
  source: string;
  /** True when an unquoted part holds glob characters. */
  glob: boolean;
  /** Variables the word uses that are not known in this command. */
  unknown: string[];
  /** True when a part could not be expanded at all: a command substitution or arithmetic. */
  dynamic: boolean;
  /** True when the word began with an unquoted `~`. */
  tilde: boolean;
}

/** Values a variable may hold, as the command itself sets them. */
export type Environment = Map<string, ExpandedWord[]>;

const GLOB_CHARACTERS = /[*?[\]]|\{[^}]*,[^}]*\}/;
/** A word with more alternatives than this (nested loops over many items) keeps only the first ones. */
const MAX_ALTERNATIVES = 32;

/** Expands a word into its possible values: one, or several when a loop variable takes several. */
export function expandWord(word: Word, environment: Environment): ExpandedWord[] {
  let alternatives: ExpandedWord[] = [emptyExpansion(word.source)];
  let first = true;
  for (const part of word.parts) {
    const values = expandPart(part, environment, first);
    first = false;
    const next: ExpandedWord[] = [];
    for (const prefix of alternatives) {
      for (const value of values) {
        if (next.length >= MAX_ALTERNATIVES) break;
        next.push(join(prefix, value));
      }
    }
    alternatives = next;
  }
  return alternatives;
}

/** Expands a word into one value; when a loop variable gives several, the first stands for all. */
export function expandSingle(word: Word, environment: Environment): ExpandedWord {
  return expandWord(word, environment)[0] ?? emptyExpansion(word.source);
}

export function literalWord(text: string): ExpandedWord {
  return { text, source: text, glob: false, unknown: [], dynamic: false, tilde: false };
}

function expandPart(part: WordPart, environment: Environment, first: boolean): ExpandedWord[] {
  switch (part.kind) {
    case 'literal': {
      const text = part.quoted ? part.text : unescapeUnquoted(part.text);
      return [
        {
          text,
          source: '',
          glob: !part.quoted && GLOB_CHARACTERS.test(part.text),
          unknown: [],
          dynamic: false,
          tilde: first && !part.quoted && (text === '~' || text.startsWith('~/')),
        },
      ];
    }
    case 'parameter':
      return expandParameter(part, environment);
    case 'substitution':
      if (printsWorkingFolder(part.script)) return expandParameter({ kind: 'parameter', name: 'PWD', quoted: part.quoted }, environment);
      return [{ text: '', source: '', glob: false, unknown: [], dynamic: true, tilde: false }];
    case 'dynamic':
      return [{ text: '', source: '', glob: false, unknown: [], dynamic: true, tilde: false }];
  }
}

function expandParameter(part: Extract<WordPart, { kind: 'parameter' }>, environment: Environment): ExpandedWord[] {
  const known = environment.get(part.name);
  if (known !== undefined && part.operator !== 'transform') {
    if (part.operator === 'alternative' && part.operand !== undefined) return expandWord(part.operand, environment);
    return known.map((value) => ({ ...value, source: '', tilde: false }));
  }

  // An unknown variable with a default expands to the default when unset or empty.
  if (part.operator === 'default' && part.operand !== undefined) return expandWord(part.operand, environment);
  if (part.operator === 'required') {
    // `${VAR:?}` stops the command when VAR is empty, so it never expands to nothing.
    return [{ text: '', source: '', glob: false, unknown: [], dynamic: true, tilde: false }];
  }
  return [{ text: '', source: '', glob: false, unknown: [part.name], dynamic: part.operator === 'transform', tilde: false }];
}

/** True for `$(pwd)`, whose output the walker knows: the folder the command runs in. */
function printsWorkingFolder(script: Statement[]): boolean {
  const command = script.length === 1 ? script[0]?.command : undefined;
  if (command?.kind !== 'simple' || command.words.length !== 1) return false;
  const word = command.words[0];
  return word?.parts.length === 1 && word.parts[0]?.kind === 'literal' && word.parts[0].text === 'pwd';
}

function join(prefix: ExpandedWord, value: ExpandedWord): ExpandedWord {
  return {
    text: prefix.text + value.text,
    source: prefix.source,
    glob: prefix.glob || value.glob,
    unknown: [...prefix.unknown, ...value.unknown.filter((name) => !prefix.unknown.includes(name))],
    dynamic: prefix.dynamic || value.dynamic,
    tilde: prefix.text === '' ? value.tilde : prefix.tilde,
  };
}

function emptyExpansion(source: string): ExpandedWord {
  return { text: '', source, glob: false, unknown: [], dynamic: false, tilde: false };
}

/** Outside quotes a backslash keeps the next character literally and a backslash-newline vanishes. */
function unescapeUnquoted(text: string): string {
  return text.replace(/\\(\n|.)/g, (_match, character: string) => (character === '\n' ? '' : character));
}

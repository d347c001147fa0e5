// Lookout's own shell syntax tree: the parts of a parsed script that classification needs, in plain
// objects, so the classifiers never touch the parser's representation.

/** A piece of a word before expansion. `quoted` parts are neither glob patterns nor split on spaces. */
export type WordPart =
  | { kind: 'literal'; text: string; quoted: boolean }
  | { kind: 'parameter'; name: string; quoted: boolean; operator?: 'default' | 'alternative' | 'required' | 'transform'; operand?: Word }
  | { kind: 'substitution'; script: Statement[]; quoted: boolean }
  | { kind: 'dynamic'; text: string; quoted: boolean };

export interface Word {
  parts: WordPart[];
  /** The word as written in the source, quotes and backslashes included. */
  source: string;
}

export interface Assignment {
  name: string;
  value?: Word;
}

export type RedirectOperator = '>' | '>>' | '<' | '&>' | '&>>' | '>|' | '<<' | '<<<' | '<>' | '>&' | '<&';

export interface Redirect {
  operator: RedirectOperator;
  /** File descriptor written before the operator (`2>`), when there is one. */
  descriptor?: string;
  target: Word;
  /** The body of a here-document, as written. */
  heredoc?: Word;
}

export type Command =
  | { kind: 'simple'; assignments: Assignment[]; words: Word[] }
  | { kind: 'declare'; assignments: Assignment[] }
  | { kind: 'and' | 'or' | 'pipe'; left: Statement; right: Statement }
  | { kind: 'group'; subshell: boolean; body: Statement[] }
  | { kind: 'for'; variable?: string; items?: Word[]; body: Statement[] }
  | { kind: 'compound'; sections: Statement[][] }
  | { kind: 'function'; name: string; body: Statement[] }
  | { kind: 'test'; words: Word[] };

export interface Statement {
  command?: Command;
  redirects: Redirect[];
  background: boolean;
}

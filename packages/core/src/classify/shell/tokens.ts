// The fallback for command lines the Bash grammar rejects (an unterminated quote, PowerShell script
// blocks). shell-quote splits them into words and operators, and each command between operators is
// classified on its words alone. A parse failure therefore never hides an `rm -rf` in the text.
import { createRequire } from 'node:module';

import type { SessionContext, Target } from '../../types.js';
import type { Draft } from '../result.js';
import { literalWord } from './expand.js';
import type { Invocation } from './walk.js';
import { normalizePath } from '../../targets.js';

type Token = string | { op: string } | { comment: string } | { pattern: string };

const require = createRequire(import.meta.url);
const shellQuote = require('shell-quote') as { parse: (text: string, env: (name: string) => string) => Token[] };

/** Splits a command line into invocations at `;`, `&&`, `||`, `|` and `&`, keeping `$VAR` as written. */
export function tokenizeCommands(text: string, context: SessionContext): Invocation[] {
  let tokens: Token[];
  try {
    tokens = shellQuote.parse(text, (name) => `$${name}`);
  } catch {
    tokens = text.split(/\s+/);
  }

  const cwd = normalizePath(context.cwd ?? '/', context);
  const invocations: Invocation[] = [];
  let words: string[] = [];
  let pipedFrom: Invocation | undefined;
  const flush = (operator: string | undefined): void => {
    if (words.length > 0) {
      const invocation: Invocation = { argv: words.map(literalWordWithSource), redirects: [], cwd };
      if (pipedFrom !== undefined) invocation.pipedFrom = pipedFrom;
      invocations.push(invocation);
      pipedFrom = operator === '|' ? invocation : undefined;
    }
    words = [];
  };

  for (const token of tokens) {
    if (typeof token === 'string') words.push(token);
    else if ('pattern' in token) words.push(token.pattern);
    else if ('op' in token) flush(token.op);
  }
  flush(undefined);
  return invocations;
}

function literalWordWithSource(text: string): ReturnType<typeof literalWord> {
  const word = literalWord(text);
  const unknown = [...text.matchAll(/\$([A-Za-z_][A-Za-z0-9_]*)/g)].map((match) => match[1] as string);
  return { ...word, glob: /[*?[\]]/.test(text), unknown, text: text.replace(/\$[A-Za-z_][A-Za-z0-9_]*/g, ''), tilde: text.startsWith('~') };
}

export type ClassifyTokens = (invocation: Invocation, context: SessionContext, draft: Draft, depth: number, created: Target[]) => void;

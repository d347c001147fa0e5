// Parsing shell text with mvdan-sh (mvdan/sh v3, the parser behind shfmt, compiled to JavaScript with
// GopherJS) and converting its tree into Lookout's own (ast.ts). Parsing is synchronous, as classifyCall is.
//
// NOTE: the converter reads GopherJS's internal objects (`__internal_object__`, slices as `$array`,
// `$offset`, `$length`, types as `constructor.string`) instead of the wrapped public API. The wrapped
// API copies every slice on each property read: walking a 2 KB script through it took about 24 ms,
// against about 2 ms this way (docs/classifiers.md). That ties this file to mvdan-sh 0.10.x.
import { createRequire } from 'node:module';

import type { Assignment, Command, Redirect, RedirectOperator, Statement, Word, WordPart } from './ast.js';

/** A Go value as GopherJS represents it: fields as properties, pointers through `$val`. */
interface GoValue {
  [field: string]: unknown;
  $val?: GoValue;
  constructor: { string?: string; nil?: unknown };
}

interface GoSlice {
  $array: unknown[];
  $offset: number;
  $length: number;
}

interface MvdanModule {
  syntax: {
    NewParser: (...options: unknown[]) => { Parse: (text: string, name: string) => { __internal_object__: GoValue } };
    Variant: (variant: number) => unknown;
    LangBash: number;
  };
}

export type ParseResult = { ok: true; statements: Statement[] } | { ok: false; error: string };

const REDIRECT_OPERATORS: Record<number, RedirectOperator> = {
  54: '>',
  55: '>>',
  56: '<',
  57: '<>',
  58: '<&',
  59: '>&',
  60: '>|',
  61: '<<',
  62: '<<',
  63: '<<<',
  64: '&>',
  65: '&>>',
};
const BINARY_OPERATORS: Record<number, 'and' | 'or' | 'pipe'> = { 10: 'and', 11: 'or', 12: 'pipe', 13: 'pipe' };
const PARAMETER_OPERATORS: Record<number, 'default' | 'alternative' | 'required'> = {
  68: 'alternative',
  69: 'alternative',
  70: 'default',
  71: 'default',
  72: 'required',
  73: 'required',
  74: 'default',
  75: 'default',
};

let parser: ReturnType<MvdanModule['syntax']['NewParser']> | undefined;

/**
 * Parses shell text as Bash. Never throws: a syntax error comes back as `{ ok: false }`.
 * TODO: a 2 KB command takes about 2 ms here on an idle machine, against a goal of well under 1 ms; a
 * tokenizer fast path for lines without expansions or compound commands would be needed to get there.
 */
export function parseShell(text: string): ParseResult {
  try {
    parser ??= loadParser();
    const file = parser.Parse(text, '').__internal_object__;
    return { ok: true, statements: statements(file['Stmts']) };
  } catch (error) {
    return { ok: false, error: describeError(error) };
  }
}

function loadParser(): ReturnType<MvdanModule['syntax']['NewParser']> {
  const require = createRequire(import.meta.url);
  const mvdan = require('mvdan-sh') as MvdanModule;
  return mvdan.syntax.NewParser();
}

function describeError(error: unknown): string {
  if (typeof error === 'object' && error !== null && 'Error' in error && typeof error.Error === 'function') {
    return String((error.Error as () => unknown)());
  }
  return error instanceof Error ? error.message : String(error);
}

// ---- conversion ---------------------------------------------------------------------------------

function items(slice: unknown): GoValue[] {
  if (typeof slice !== 'object' || slice === null || !('$array' in slice)) return [];
  const { $array, $offset, $length } = slice as GoSlice;
  return $array.slice($offset, $offset + $length) as GoValue[];
}

/** True for a nil pointer (its type's `nil` object) and a nil interface (GopherJS's shared empty value). */
function isNil(value: unknown): boolean {
  if (value === null || value === undefined) return true;
  if (typeof value !== 'object') return false;
  const constructor = (value as GoValue).constructor as { nil?: unknown; string?: string } | undefined;
  if (constructor?.nil === value) return true;
  return constructor?.string === undefined && !('$val' in value);
}

function typeOf(value: GoValue): string {
  return value.constructor.string ?? '';
}

/** The struct behind a pointer or interface value. */
function fields(value: GoValue): GoValue {
  return value.$val ?? value;
}

function statements(slice: unknown): Statement[] {
  return items(slice).map(statement);
}

function statement(node: GoValue): Statement {
  const value = fields(node);
  const command = isNil(value['Cmd']) ? undefined : convertCommand(value['Cmd'] as GoValue);
  return {
    ...(command === undefined ? {} : { command }),
    redirects: items(value['Redirs']).map(redirect),
    background: value['Background'] === true,
  };
}

function convertCommand(node: GoValue): Command | undefined {
  const value = fields(node);
  switch (typeOf(node)) {
    case '*syntax.CallExpr':
      return { kind: 'simple', assignments: items(value['Assigns']).map(assignment), words: items(value['Args']).map(word) };
    case '*syntax.DeclClause':
      return declaration(value);
    case '*syntax.BinaryCmd': {
      const kind = BINARY_OPERATORS[value['Op'] as number] ?? 'and';
      return { kind, left: statement(value['X'] as GoValue), right: statement(value['Y'] as GoValue) };
    }
    case '*syntax.Block':
      return { kind: 'group', subshell: false, body: statements(value['Stmts']) };
    case '*syntax.Subshell':
      return { kind: 'group', subshell: true, body: statements(value['Stmts']) };
    case '*syntax.ForClause':
      return forLoop(value);
    case '*syntax.WhileClause':
      return { kind: 'compound', sections: [statements(value['Cond']), statements(value['Do'])] };
    case '*syntax.IfClause':
      return { kind: 'compound', sections: ifSections(value) };
    case '*syntax.CaseClause':
      return { kind: 'compound', sections: [[wordStatement(value['Word'])], ...items(value['Items']).map((item) => statements(fields(item)['Stmts']))] };
    case '*syntax.FuncDecl':
      return { kind: 'function', name: String(fields(value['Name'] as GoValue)['Value'] ?? ''), body: [statement(value['Body'] as GoValue)] };
    case '*syntax.TimeClause':
    case '*syntax.CoprocClause':
      return isNil(value['Stmt']) ? undefined : { kind: 'group', subshell: false, body: [statement(value['Stmt'] as GoValue)] };
    case '*syntax.TestClause':
    case '*syntax.ArithmCmd':
    case '*syntax.LetClause':
      return { kind: 'test', words: [] };
    default:
      return undefined;
  }
}

/** A statement that only expands a word, so substitutions inside a `case` word are still walked. */
function wordStatement(node: unknown): Statement {
  const words = isNil(node) ? [] : [word(node as GoValue)];
  return { command: { kind: 'test', words }, redirects: [], background: false };
}

/** `export`, `local`, `declare` and `readonly`: only their assignments matter here. */
function declaration(value: GoValue): Command {
  return { kind: 'declare', assignments: items(value['Args']).map(assignment) };
}

function forLoop(value: GoValue): Command {
  const loop = value['Loop'] as GoValue;
  const body = statements(value['Do']);
  if (typeOf(loop) !== '*syntax.WordIter') return { kind: 'for', body };
  const iterator = fields(loop);
  const name = String(fields(iterator['Name'] as GoValue)['Value'] ?? '');
  return { kind: 'for', variable: name, items: items(iterator['Items']).map(word), body };
}

function ifSections(value: GoValue): Statement[][] {
  const sections = [statements(value['Cond']), statements(value['Then'])];
  const otherwise = value['Else'];
  if (!isNil(otherwise)) {
    const rest = fields(otherwise as GoValue);
    sections.push(...ifSections(rest));
  }
  return sections;
}

function assignment(node: GoValue): Assignment {
  const value = fields(node);
  const name = isNil(value['Name']) ? '' : String(fields(value['Name'] as GoValue)['Value'] ?? '');
  return isNil(value['Value']) ? { name } : { name, value: word(value['Value'] as GoValue) };
}

function redirect(node: GoValue): Redirect {
  const value = fields(node);
  const operator = REDIRECT_OPERATORS[value['Op'] as number] ?? '>';
  const result: Redirect = { operator, target: isNil(value['Word']) ? emptyWord() : word(value['Word'] as GoValue) };
  if (!isNil(value['N'])) result.descriptor = String(fields(value['N'] as GoValue)['Value'] ?? '');
  if (!isNil(value['Hdoc'])) result.heredoc = word(value['Hdoc'] as GoValue);
  return result;
}

function emptyWord(): Word {
  return { parts: [], source: '' };
}

function word(node: GoValue): Word {
  const parts: WordPart[] = [];
  for (const part of items(fields(node)['Parts'])) parts.push(...wordParts(part, false));
  return { parts, source: parts.map(sourceOf).join('') };
}

function wordParts(node: GoValue, quoted: boolean): WordPart[] {
  const value = fields(node);
  switch (typeOf(node)) {
    case '*syntax.Lit':
      return [{ kind: 'literal', text: quoted ? unescapeDoubleQuoted(String(value['Value'])) : String(value['Value']), quoted }];
    case '*syntax.SglQuoted': {
      const text = String(value['Value']);
      return [{ kind: 'literal', text: value['Dollar'] === true ? unescapeAnsiC(text) : text, quoted: true }];
    }
    case '*syntax.DblQuoted':
      return items(value['Parts']).flatMap((part) => wordParts(part, true));
    case '*syntax.ParamExp':
      return [parameter(value, quoted)];
    case '*syntax.CmdSubst':
    case '*syntax.ProcSubst':
      return [{ kind: 'substitution', script: statements(value['Stmts']), quoted }];
    case '*syntax.ExtGlob':
      return [{ kind: 'literal', text: `${'@'}(${String(fields(value['Pattern'] as GoValue)['Value'] ?? '')})`, quoted: false }];
    default:
      return [{ kind: 'dynamic', text: '$((…))', quoted }];
  }
}

function parameter(value: GoValue, quoted: boolean): WordPart {
  const name = String(fields(value['Param'] as GoValue)['Value'] ?? '');
  const expansion = value['Exp'];
  const dynamic = value['Length'] === true || value['Excl'] === true || !isNil(value['Index']) || !isNil(value['Slice']) || !isNil(value['Repl']);
  if (dynamic) return { kind: 'parameter', name, quoted, operator: 'transform' };
  if (isNil(expansion)) return { kind: 'parameter', name, quoted };

  const expansionValue = fields(expansion as GoValue);
  const operator = PARAMETER_OPERATORS[expansionValue['Op'] as number] ?? 'transform';
  const operand = isNil(expansionValue['Word']) ? undefined : word(expansionValue['Word'] as GoValue);
  return operand === undefined ? { kind: 'parameter', name, quoted, operator } : { kind: 'parameter', name, quoted, operator, operand };
}

function sourceOf(part: WordPart): string {
  switch (part.kind) {
    case 'literal':
      return part.quoted ? `'${part.text}'` : part.text;
    case 'parameter':
      return `$${part.name}`;
    case 'substitution':
      return '$(…)';
    case 'dynamic':
      return part.text;
  }
}

/** Inside double quotes a backslash escapes only `$`, backquote, `"`, `\` and a newline. */
function unescapeDoubleQuoted(text: string): string {
  return text.replace(/\\([$`"\\\n])/g, (_match, character: string) => (character === '\n' ? '' : character));
}

function unescapeAnsiC(text: string): string {
  const escapes: Record<string, string> = { n: '\n', t: '\t', r: '\r', '\\': '\\', "'": "'", '"': '"', a: '\x07', e: '\x1b', '0': '\0' };
  return text.replace(/\\(.)/g, (match, character: string) => escapes[character] ?? match);
}

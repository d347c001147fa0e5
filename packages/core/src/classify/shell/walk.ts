// Walking a parsed script in execution order and flattening it into the simple commands it runs,
// each with its arguments expanded, its redirects, the folder it runs in and what feeds its input.
// A `cd` changes the folder for the rest of its list; subshells and pipeline stages keep theirs.
import { normalizePath } from '../../targets.js';
import type { SessionContext } from '../../types.js';
import type { Command, Statement, Word } from './ast.js';
import { expandSingle, expandWord, literalWord } from './expand.js';
import type { Environment, ExpandedWord } from './expand.js';

export interface ExpandedRedirect {
  operator: string;
  descriptor?: string;
  target: ExpandedWord;
  /** Text fed to the command's input by a here-document or here-string. */
  input?: string;
}

/** One simple command as it would run. */
export interface Invocation {
  argv: ExpandedWord[];
  redirects: ExpandedRedirect[];
  /** Absolute folder the command runs in. */
  cwd: string;
  /** The command whose output is piped into this one, when it is the first stage after a `|`. */
  pipedFrom?: Invocation;
  /** Text given on standard input by a here-document or here-string. */
  input?: string;
}

interface WalkState {
  cwd: string;
  environment: Environment;
}

/** Flattens statements into the simple commands they run, in order. */
export function flattenScript(statements: Statement[], context: SessionContext, environment?: Environment): Invocation[] {
  const state: WalkState = { cwd: normalizePath(context.cwd ?? '/', context), environment: environment ?? initialEnvironment(context) };
  const invocations: Invocation[] = [];
  walkStatements(statements, state, context, invocations);
  return invocations;
}

function initialEnvironment(context: SessionContext): Environment {
  const environment: Environment = new Map();
  environment.set('HOME', [literalWord(context.home ?? '~')]);
  if (context.cwd !== undefined) environment.set('PWD', [literalWord(context.cwd)]);
  return environment;
}

function walkStatements(statements: Statement[], state: WalkState, context: SessionContext, out: Invocation[]): void {
  for (const statement of statements) walkStatement(statement, state, context, out);
}

function walkStatement(statement: Statement, state: WalkState, context: SessionContext, out: Invocation[]): void {
  const command = statement.command;
  if (command === undefined) return;
  const redirects = statement.redirects.map((redirect) => expandRedirect(redirect, state, context, out));

  switch (command.kind) {
    case 'simple':
      walkSimple(command, redirects, state, context, out);
      return;
    case 'declare':
      for (const assignment of command.assignments) assign(assignment.name, assignment.value, state, context, out);
      return;
    case 'and':
    case 'or':
      walkStatement(command.left, state, context, out);
      walkStatement(command.right, state, context, out);
      return;
    case 'pipe':
      walkPipe(command.left, command.right, state, context, out);
      return;
    case 'group':
      walkStatements(command.body, command.subshell ? copyState(state) : state, context, out);
      attachRedirects(out, redirects);
      return;
    case 'for':
      walkFor(command, state, context, out);
      return;
    case 'compound':
      for (const section of command.sections) walkStatements(section, state, context, out);
      attachRedirects(out, redirects);
      return;
    case 'function':
      walkStatements(command.body, copyState(state), context, out);
      return;
    case 'test':
      for (const word of command.words) expandWithSubstitutions(word, state, context, out);
      return;
  }
}

function walkSimple(command: Extract<Command, { kind: 'simple' }>, redirects: ExpandedRedirect[], state: WalkState, context: SessionContext, out: Invocation[]): void {
  if (command.words.length === 0) {
    for (const assignment of command.assignments) assign(assignment.name, assignment.value, state, context, out);
    return;
  }

  // Prefix assignments (`DIR=/x rm -rf "$DIR"/`) reach only the command's environment: its own words
  // expand before they apply, so `$DIR` here is whatever it was before, empty if unset.
  for (const assignment of command.assignments) expandWithSubstitutions(assignment.value ?? { parts: [], source: '' }, state, context, out);

  const argv = command.words.flatMap((word) => expandWithSubstitutions(word, state, context, out));
  const input = redirects.find((redirect) => redirect.input !== undefined)?.input;
  const invocation: Invocation = { argv, redirects, cwd: state.cwd };
  if (input !== undefined) invocation.input = input;
  out.push(invocation);

  const name = argv[0]?.text;
  if (name === 'cd' || name === 'pushd') changeDirectory(argv.slice(1), state, context);
}

function walkPipe(left: Statement, right: Statement, state: WalkState, context: SessionContext, out: Invocation[]): void {
  walkStatement(left, copyState(state), context, out);
  const source = out[out.length - 1];
  const before = out.length;
  walkStatement(right, copyState(state), context, out);
  const first = out[before];
  if (first !== undefined && source !== undefined && first.pipedFrom === undefined) first.pipedFrom = source;
}

function walkFor(command: Extract<Command, { kind: 'for' }>, state: WalkState, context: SessionContext, out: Invocation[]): void {
  if (command.variable !== undefined) {
    const values = (command.items ?? []).flatMap((word) => expandWithSubstitutions(word, state, context, out));
    // `for f; do` iterates over the script's arguments, which are unknown here.
    if (command.items !== undefined && values.length > 0) state.environment.set(command.variable, values);
    else state.environment.delete(command.variable);
  }
  walkStatements(command.body, state, context, out);
}

function changeDirectory(args: ExpandedWord[], state: WalkState, context: SessionContext): void {
  const operand = args.find((arg) => !arg.text.startsWith('-') || arg.text === '-');
  if (operand === undefined) {
    state.cwd = normalizePath('~', context);
    state.environment.set('PWD', [literalWord(state.cwd)]);
    return;
  }
  if (operand.text === '-') return;
  state.cwd = normalizePath(operand.text === '' ? '.' : operand.text, { ...context, cwd: state.cwd });
  state.environment.set('PWD', [literalWord(state.cwd)]);
}

function assign(name: string, value: Word | undefined, state: WalkState, context: SessionContext, out: Invocation[]): void {
  if (name === '') return;
  if (value === undefined) {
    state.environment.set(name, [literalWord('')]);
    return;
  }
  state.environment.set(name, expandWithSubstitutions(value, state, context, out));
}

/** Expands a word after walking the commands its substitutions run, which run first. */
function expandWithSubstitutions(word: Word, state: WalkState, context: SessionContext, out: Invocation[]): ExpandedWord[] {
  for (const part of word.parts) {
    if (part.kind === 'substitution') walkStatements(part.script, copyState(state), context, out);
    if (part.kind === 'parameter' && part.operand !== undefined) expandWithSubstitutions(part.operand, state, context, out);
  }
  return expandWord(word, state.environment);
}

function expandRedirect(redirect: Statement['redirects'][number], state: WalkState, context: SessionContext, out: Invocation[]): ExpandedRedirect {
  const target = expandWithSubstitutions(redirect.target, state, context, out)[0] ?? literalWord('');
  const result: ExpandedRedirect = { operator: redirect.operator, target };
  if (redirect.descriptor !== undefined) result.descriptor = redirect.descriptor;
  if (redirect.heredoc !== undefined) result.input = expandSingle(redirect.heredoc, state.environment).text;
  if (redirect.operator === '<<<') result.input = target.text;
  return result;
}

/** Redirects on a group or loop apply to every command inside it. */
function attachRedirects(out: Invocation[], redirects: ExpandedRedirect[]): void {
  if (redirects.length === 0) return;
  const last = out[out.length - 1];
  if (last !== undefined) last.redirects.push(...redirects);
}

function copyState(state: WalkState): WalkState {
  return { cwd: state.cwd, environment: new Map(state.environment) };
}

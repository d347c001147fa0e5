// Reading tool arguments defensively: classifiers accept whatever a model sent, so every accessor
// tolerates missing keys, wrong types and nested junk without throwing.
import { pathTarget } from '../targets.js';
import type { SessionContext, Target } from '../types.js';

export type Arguments = Record<string, unknown>;

/** Returns the first non-empty string among the named arguments. */
export function stringArgument(args: Arguments, ...names: string[]): string | undefined {
  for (const name of names) {
    const value = args[name];
    if (typeof value === 'string' && value.trim() !== '') return value;
  }
  return undefined;
}

/** Returns every string in the named arguments, whether each is one string or an array of them. */
export function stringListArgument(args: Arguments, ...names: string[]): string[] {
  const result: string[] = [];
  for (const name of names) {
    const value = args[name];
    if (typeof value === 'string' && value.trim() !== '') result.push(value);
    if (Array.isArray(value)) {
      for (const item of value) if (typeof item === 'string' && item.trim() !== '') result.push(item);
    }
  }
  return result;
}

export function booleanArgument(args: Arguments, name: string): boolean | undefined {
  const value = args[name];
  if (typeof value === 'boolean') return value;
  if (value === 'true') return true;
  if (value === 'false') return false;
  return undefined;
}

/**
 * Returns the context a filesystem server resolves relative paths in: the session's cwd, else its first
 * root. The reference server resolves against its own process folder, which the session cannot see.
 */
export function fileContext(context: SessionContext): SessionContext {
  if (context.cwd !== undefined || context.roots === undefined || context.roots.length === 0) return context;
  return { ...context, cwd: context.roots[0] };
}

/** Path targets for every path in the named arguments. */
export function pathTargets(args: Arguments, context: SessionContext, ...names: string[]): Target[] {
  return stringListArgument(args, ...names).map((path) => pathTarget(path, fileContext(context)));
}

/** Splits a tool name into lower-case words: `deleteFiles`, `delete-files` and `delete_files` give `delete files`. */
export function nameWords(name: string): string[] {
  return name
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter((word) => word !== '');
}

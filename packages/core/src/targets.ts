// Target identity: normalising paths and the other target kinds, and deciding when one target covers
// another (a listed folder covers its entries). Pure string work: nothing here touches the file system.
import type { SessionContext, Target } from './types.js';

export interface MatchOptions {
  /** Compare paths case-insensitively, as on macOS and Windows file systems. Default false. */
  caseInsensitive?: boolean;
}

const GLOB_CHARACTERS = /[*?[\]{}]/;

/**
 * Normalises a path to an absolute POSIX path: `~` expands to the context's home, relative paths resolve
 * against its cwd (or `/` without one), backslashes become slashes, `.` and `..` segments fold away and
 * trailing separators go. Windows drive paths (`C:\x`) become `/c/x`, so both spellings meet.
 */
export function normalizePath(path: string, context: SessionContext = {}): string {
  let input = path.trim().replace(/\\/g, '/');

  const drive = /^([A-Za-z]):(\/|$)/.exec(input);
  if (drive?.[1] !== undefined) {
    input = `/${drive[1].toLowerCase()}/${input.slice(drive[0].length)}`;
  }

  if (input === '~' || input.startsWith('~/')) {
    input = `${context.home ?? '/root'}${input.slice(1)}`;
  }

  if (!input.startsWith('/')) {
    input = `${context.cwd ?? '/'}/${input}`;
  }

  return foldSegments(input);
}

/** Builds a path target from a path as a tool received it. */
export function pathTarget(path: string, context: SessionContext = {}): Target {
  const id = normalizePath(path, context);
  return GLOB_CHARACTERS.test(id) ? { kind: 'path', id, glob: true } : { kind: 'path', id };
}

/** The key that identifies a target in maps: `kind:id`. */
export function targetKey(target: Target): string {
  return `${target.kind}:${target.id}`;
}

/** True when `outer` covers `inner`: equal, a parent folder of it, its database, its repository, or a glob matching it. */
export function targetCovers(outer: Target, inner: Target, options: MatchOptions = {}): boolean {
  if (outer.kind !== inner.kind) return false;

  const fold = outer.kind === 'path' && options.caseInsensitive === true;
  const outerId = fold ? outer.id.toLowerCase() : outer.id;
  const innerId = fold ? inner.id.toLowerCase() : inner.id;

  if (outerId === innerId) return true;
  if (outer.glob === true) return globCovers(outerId, innerId, separatorOf(outer.kind));
  if (inner.glob === true) return isUnder(outerId, globBase(innerId), '/') || outerId === globBase(innerId);

  switch (outer.kind) {
    case 'path':
      return isUnder(outerId, innerId, '/');
    case 'sql':
      return isUnder(outerId, innerId, '/') || coversAnyDatabase(outerId, innerId);
    case 'git':
      return innerId.startsWith(`${outerId}#`) || innerId.startsWith(`${outerId}@`);
    case 'url':
      return isUnder(outerId.replace(/\/$/, ''), innerId, '/');
    case 'cloud':
    case 'resource':
      return isUnder(outerId, innerId, ':');
  }
}

/** True when either target covers the other: a change to one can affect what was seen of the other. */
export function targetsOverlap(a: Target, b: Target, options: MatchOptions = {}): boolean {
  return targetCovers(a, b, options) || targetCovers(b, a, options);
}

/** The parent folder of a path target, or undefined at the root or for other kinds. */
export function parentTarget(target: Target): Target | undefined {
  if (target.kind !== 'path' || target.id === '/') return undefined;
  const parent = target.id.slice(0, target.id.lastIndexOf('/')) || '/';
  return { kind: 'path', id: parent };
}

// Rules and facts are matched against every call, so each glob is compiled once; the cache is bounded
// because globs can also come from calls (`rm tmp/*.log`).
const compiledGlobs = new Map<string, RegExp>();
const MAX_COMPILED_GLOBS = 2000;

/** Matches a glob pattern (`*`, `**`, `?`, `[...]`, `{a,b}`) against a normalised path. */
export function globToRegExp(glob: string): RegExp {
  const cached = compiledGlobs.get(glob);
  if (cached !== undefined) return cached;
  const compiled = compileGlob(glob);
  if (compiledGlobs.size >= MAX_COMPILED_GLOBS) compiledGlobs.clear();
  compiledGlobs.set(glob, compiled);
  return compiled;
}

function compileGlob(glob: string): RegExp {
  let pattern = '';
  for (let index = 0; index < glob.length; index += 1) {
    const character = glob[index] as string;
    if (character === '*') {
      const double = glob[index + 1] === '*';
      pattern += double ? '.*' : '[^/]*';
      if (double) index += 1;
    } else if (character === '?') {
      pattern += '[^/]';
    } else if (character === '{') {
      pattern += '(?:';
    } else if (character === '}') {
      pattern += ')';
    } else if (character === ',' && pattern.includes('(?:')) {
      pattern += '|';
    } else if (character === '[' || character === ']') {
      pattern += character;
    } else {
      pattern += character.replace(/[.+^$()|\\]/g, '\\$&');
    }
  }
  return new RegExp(`^${pattern}$`);
}

// ---- helpers ----------------------------------------------------------------------------------

function foldSegments(absolute: string): string {
  const segments: string[] = [];
  for (const segment of absolute.split('/')) {
    if (segment === '' || segment === '.') continue;
    if (segment === '..') {
      segments.pop();
      continue;
    }
    segments.push(segment);
  }
  return `/${segments.join('/')}`;
}

/**
 * True when a repository or working-tree target contains a path: the path lies in the repository's folder.
 * A whole-tree look such as `git status` of the repository therefore shows that path's state.
 */
export function worktreeCovers(repository: Target, path: Target, options: MatchOptions = {}): boolean {
  if (repository.kind !== 'git' || path.kind !== 'path' || repository.id.includes('@')) return false;
  const fold = options.caseInsensitive === true;
  const root = (fold ? repository.id.toLowerCase() : repository.id).replace(/#worktree$/, '');
  const inner = fold ? path.id.toLowerCase() : path.id;
  return inner === root || isUnder(root, inner, '/');
}

/**
 * True when the glob matches `inner` or a folder above it: `/a/*` matches `/a/b`, which covers `/a/b/c`.
 * (A glob does not cover everything below its fixed part: `/a/*.log` does not cover `/a/x/y.txt`.)
 */
function globCovers(glob: string, inner: string, separator: string): boolean {
  // Fast path: a path outside the glob's fixed leading part can match neither it nor an ancestor.
  const base = globBase(glob);
  if (base !== '/' && !inner.startsWith(base)) return false;
  const pattern = globToRegExp(glob);
  if (pattern.test(inner)) return true;
  for (let cut = inner.lastIndexOf(separator); cut > 0; cut = inner.lastIndexOf(separator, cut - 1)) {
    if (pattern.test(inner.slice(0, cut))) return true;
  }
  return false;
}

function separatorOf(kind: Target['kind']): string {
  return kind === 'cloud' || kind === 'resource' ? ':' : '/';
}

/** True when `inner` lies strictly below `outer`, on a separator boundary (so `/a/b` never covers `/a/bc`). */
function isUnder(outer: string, inner: string, separator: string): boolean {
  if (outer === separator) return inner.startsWith(separator) && inner !== separator;
  return inner.startsWith(outer + separator);
}

/** The folder part of a glob before its first glob character: `/a/b/*.ts` → `/a/b`. */
function globBase(glob: string): string {
  const firstGlob = glob.search(GLOB_CHARACTERS);
  if (firstGlob === -1) return glob;
  const cut = glob.lastIndexOf('/', firstGlob);
  return cut <= 0 ? '/' : glob.slice(0, cut);
}

/** `conn/*` (database unknown) covers any database on that connection. */
function coversAnyDatabase(outer: string, inner: string): boolean {
  const [outerConnection, outerDatabase] = outer.split('/');
  const [innerConnection] = inner.split('/');
  return outerDatabase === '*' && outerConnection === innerConnection;
}

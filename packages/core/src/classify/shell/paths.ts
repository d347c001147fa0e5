// Turning expanded shell words into path targets, and judging which paths are too big to lose:
// the root, the home folder, system folders, and the folder the command runs in or its parents.
import { normalizePath, pathTarget, targetCovers } from '../../targets.js';
import type { SessionContext, Target } from '../../types.js';
import type { ExpandedWord } from './expand.js';

export interface ShellPath {
  target: Target;
  /** The path as written, for reasons: `"$DIR"/`. */
  written: string;
  /** Unknown variables the path used; each was expanded to nothing, the worst case. */
  unknown: string[];
  /** True when part of the path comes from a command substitution or arithmetic. */
  dynamic: boolean;
}

const SYSTEM_FOLDERS = new Set([
  '/bin', '/boot', '/dev', '/etc', '/home', '/lib', '/lib64', '/opt', '/proc', '/root', '/sbin', '/srv', '/sys', '/usr', '/var',
  '/Users', '/System', '/Applications', '/Library', '/Volumes', '/mnt', '/media',
  '/c', '/c/Windows', '/c/Users', '/c/Program Files', '/d',
]);

/** Resolves a word to a path target against the folder the command runs in. */
export function shellPath(word: ExpandedWord, cwd: string, context: SessionContext, windows = false): ShellPath | undefined {
  let text = windows && /\\/.test(word.source) && word.unknown.length === 0 ? unquote(word.source) : word.text;
  if (text === '' && !word.dynamic) return undefined;
  // A word made only of a command substitution (`rm -rf $(git ls-files -o)`) names paths printed at run
  // time, taken here as anything below the working folder.
  if (text === '' && word.dynamic) text = './**';
  if (text.startsWith('~') && !word.tilde && !windows) text = `./${text}`;
  const target = pathTarget(text, { ...context, cwd });
  return { target, written: word.source || word.text, unknown: word.unknown, dynamic: word.dynamic };
}

/** Returns why losing this path would be critical, or undefined for an ordinary path. */
export function criticalPathReason(path: ShellPath, cwd: string, context: SessionContext): string | undefined {
  const id = path.target.glob === true ? globFolder(path.target.id) : path.target.id;
  const home = normalizePath('~', context);

  if (id === '/') return path.target.glob === true ? 'everything under the file system root' : 'the file system root';
  if (id === home) return path.target.glob === true ? 'everything in the home folder' : 'the home folder';
  if (SYSTEM_FOLDERS.has(id)) return `the system folder ${id}`;
  const cwdTarget: Target = { kind: 'path', id: cwd };
  if (path.target.glob !== true && targetCovers(path.target, cwdTarget, { caseInsensitive: context.caseInsensitivePaths === true })) {
    return id === cwd ? 'the folder the command runs in' : `${id}, which holds the folder the command runs in`;
  }
  if (path.target.glob !== true && targetCovers(path.target, { kind: 'path', id: home })) return `${id}, which holds the home folder`;
  return undefined;
}

/** Explains unknown variables in a path: "$DIR is not set in this command, so "$DIR"/ may expand to /". */
export function unknownNote(path: ShellPath): string {
  if (path.unknown.length === 0) return '';
  const names = path.unknown.map((name) => `$${name}`).join(', ');
  const verb = path.unknown.length === 1 ? 'is' : 'are';
  return `; ${names} ${verb} not set in this command, so ${path.written} may expand to ${path.target.id}`;
}

export function unquote(text: string): string {
  return text.replace(/^'(.*)'$/s, '$1').replace(/^"(.*)"$/s, '$1');
}

/** Returns the folder part of a glob: `/a/b/*.ts` → `/a/b`. */
function globFolder(glob: string): string {
  const first = glob.search(/[*?[\]{}]/);
  if (first === -1) return glob;
  const cut = glob.lastIndexOf('/', first);
  return cut <= 0 ? '/' : glob.slice(0, cut);
}

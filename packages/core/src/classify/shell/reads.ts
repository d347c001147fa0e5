// Commands that only look at files: listings, stats, reads and searches. Each records what it looked at
// as an observation. `sed -i` is the one write here, because `sed` only reads without `-i`.
import type { Target } from '../../types.js';
import { addFinding, addObservations, operandPaths, resolvePath } from './context.js';
import type { CommandContext, CommandHandler } from './context.js';
import type { ExpandedWord } from './expand.js';
import { hasAny, parseArguments } from './options.js';

/** Commands that only read the files they name: each operand becomes an `fs.read` observation. */
const READERS = ['cat', 'head', 'tail', 'less', 'more', 'wc', 'nl', 'od', 'xxd', 'hexdump', 'strings', 'bat', 'batcat', 'md5sum', 'sha256sum', 'sha1sum', 'cksum', 'jq', 'yq', 'diff', 'cmp', 'sort', 'uniq', 'cut', 'column', 'base64', 'tac'];
/** Options of reading commands that take a value, so the value is not mistaken for a file. */
const READER_VALUED = ['n', 'c', 'f', 'd', 'k', 't', 'e', 'r', 's', 'w', 'o', 'lines', 'bytes', 'arg', 'argjson', 'indent'];

export const READ_COMMANDS: Record<string, CommandHandler> = {
  sed: editStream,
  perl: editStream,
  ls: (command) => listPaths(command, ['I', 'w', 'T', 'ignore', 'hide', 'format', 'sort', 'time-style', 'color']),
  dir: (command) => listPaths(command, []),
  tree: (command) => listPaths(command, ['L', 'I', 'P', 'o']),
  du: (command) => listPaths(command, ['d', 'max-depth', 'B', 't', 'exclude']),
  stat: (command) => observeOperands(command, 'fs.stat', ['c', 'format', 'printf']),
  file: (command) => observeOperands(command, 'fs.stat', ['m', 'F']),
  realpath: (command) => observeOperands(command, 'fs.stat', []),
  readlink: (command) => observeOperands(command, 'fs.stat', []),
  test: testPaths,
  '[': testPaths,
  grep: (command) => searchPaths(command, ['e', 'f', 'm', 'A', 'B', 'C', 'include', 'exclude', 'exclude-dir', 'max-count', 'regexp', 'file', 'context', 'color']),
  egrep: (command) => searchPaths(command, ['e', 'f', 'm', 'A', 'B', 'C']),
  rg: (command) => searchPaths(command, ['e', 'g', 'glob', 't', 'T', 'type', 'm', 'A', 'B', 'C', 'max-count', 'type-not']),
  ag: (command) => searchPaths(command, ['G', 'ignore']),
  awk: readAwk,
  ...Object.fromEntries(READERS.map((name) => [name, (command: CommandContext) => observeOperands(command, 'fs.read', READER_VALUED)])),
};

function editStream(command: CommandContext): void {
  const parsed = parseArguments(command.args, ['e', 'f', 'expression', 'file', 'l', 'E']);
  const inPlace = [...parsed.flags].some((flag) => flag === 'i' || flag.startsWith('in-place')) || command.args.some((arg) => /^-i\S*/.test(arg.text) || arg.text.startsWith('--in-place'));
  // Without -e, the first operand is the script.
  const hasScriptOption = parsed.values.has('e') || parsed.values.has('expression') || parsed.values.has('f');
  const files = operandPaths(command, hasScriptOption ? parsed.operands : parsed.operands.slice(1));
  if (inPlace) {
    if (files.length > 0) addFinding(command, { level: 'write', effect: 'fs.edit', reason: `${command.name} -i edits ${files.map((path) => path.target.id).join(', ')} in place`, targets: files.map((path) => path.target) });
    return;
  }
  addObservations(command, 'fs.read', files.map((path) => path.target));
}

function readAwk(command: CommandContext): void {
  const parsed = parseArguments(command.args, ['F', 'v', 'f']);
  const files = operandPaths(command, parsed.values.has('f') ? parsed.operands : parsed.operands.slice(1));
  addObservations(command, 'fs.read', files.map((path) => path.target));
}

function listPaths(command: CommandContext, valued: string[]): void {
  const parsed = parseArguments(command.args, valued);
  const paths = operandPaths(command, parsed.operands).map((path) => path.target);
  const targets: Target[] = paths.length > 0 ? paths : [{ kind: 'path', id: command.invocation.cwd }];
  // `ls -d` shows the folder itself, not what it holds.
  addObservations(command, hasAny(parsed, 'd', 'directory') ? 'fs.stat' : 'fs.list', targets);
}

function observeOperands(command: CommandContext, effect: string, valued: string[]): void {
  const parsed = parseArguments(command.args, valued);
  addObservations(command, effect, operandPaths(command, parsed.operands).map((path) => path.target));
}

function searchPaths(command: CommandContext, valued: string[]): void {
  const parsed = parseArguments(command.args, valued);
  const patternGiven = parsed.values.has('e') || parsed.values.has('regexp') || parsed.values.has('f') || parsed.values.has('file');
  const operands = patternGiven ? parsed.operands : parsed.operands.slice(1);
  const paths = operandPaths(command, operands).map((path) => path.target);
  addObservations(command, 'fs.search', paths.length > 0 ? paths : [{ kind: 'path', id: command.invocation.cwd }]);
}

function testPaths(command: CommandContext): void {
  const args = command.args.filter((arg) => arg.text !== ']');
  const paths: Target[] = [];
  for (let index = 0; index < args.length - 1; index += 1) {
    if (/^-[edfsrwxLh]$/.test((args[index] as ExpandedWord).text)) {
      const path = resolvePath(command, args[index + 1] as ExpandedWord);
      if (path !== undefined) paths.push(path.target);
    }
  }
  addObservations(command, 'fs.stat', paths);
}

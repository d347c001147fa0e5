// Windows forms: PowerShell cmdlets and their aliases (Remove-Item -Recurse -Force, Get-ChildItem …
// | Remove-Item), cmd.exe built-ins (rd /s /q, del /s, format), and the nested command lines that
// `cmd /c` and `powershell -Command` (or -EncodedCommand) run.
import type { SessionContext, Target } from '../../types.js';
import { pathTarget } from '../../targets.js';
import type { Draft } from '../result.js';
import { addFinding, addObservations, addPathLoss, resolvePath } from './context.js';
import type { CommandContext, CommandHandler } from './context.js';
import type { ExpandedWord } from './expand.js';
import { recordFileWrite } from './files.js';
import type { ShellPath } from './paths.js';
import { tokenizeCommands } from './tokens.js';
import type { Invocation } from './walk.js';

/** Cmdlets that pass objects along a pipeline without acting on them. */
const PASS_THROUGH = new Set(['where-object', 'where', '?', 'select-object', 'select', 'sort-object', 'sort', 'get-unique']);
const PIPE_SOURCES = new Set(['get-childitem', 'gci', 'dir', 'ls', 'get-item', 'gi']);
const DELETERS = new Set(['remove-item', 'ri', 'del', 'erase', 'rd', 'rm', 'rmdir']);

export const WINDOWS_COMMANDS: Record<string, CommandHandler> = {
  'remove-item': removeItem,
  ri: removeItem,
  del: deleteFiles,
  erase: deleteFiles,
  rd: removeFolder,
  'get-childitem': (command) => observe(command, 'fs.list'),
  gci: (command) => observe(command, 'fs.list'),
  'get-content': (command) => observe(command, 'fs.read'),
  gc: (command) => observe(command, 'fs.read'),
  type: (command) => observe(command, 'fs.read'),
  'get-item': (command) => observe(command, 'fs.stat'),
  gi: (command) => observe(command, 'fs.stat'),
  'test-path': (command) => observe(command, 'fs.stat'),
  'clear-content': (command) => lose(command, 'fs.truncate', 'empties', 'destructive'),
  clc: (command) => lose(command, 'fs.truncate', 'empties', 'destructive'),
  'set-content': (command) => writeFile(command, 'overwrite'),
  sc: (command) => writeFile(command, 'overwrite'),
  'out-file': (command) => writeFile(command, command.args.some((arg) => /^-append$/i.test(arg.text)) ? 'append' : 'overwrite'),
  'add-content': (command) => writeFile(command, 'append'),
  ac: (command) => writeFile(command, 'append'),
  'move-item': (command) => moveItem(command, 'fs.move', 'moves'),
  mi: (command) => moveItem(command, 'fs.move', 'moves'),
  move: (command) => moveItem(command, 'fs.move', 'moves'),
  'copy-item': (command) => moveItem(command, 'fs.overwrite', 'copies'),
  cpi: (command) => moveItem(command, 'fs.overwrite', 'copies'),
  copy: (command) => moveItem(command, 'fs.overwrite', 'copies'),
  xcopy: (command) => moveItem(command, 'fs.overwrite', 'copies'),
  robocopy: robocopy,
  'new-item': newItem,
  ni: newItem,
  md: newItem,
  format: formatDisk,
  'foreach-object': forEachObject,
  '%': forEachObject,
  cmd: runCmd,
  powershell: runPowerShell,
  pwsh: runPowerShell,
};

/** Heuristic for text that is Windows shell rather than POSIX shell, used when Bash cannot parse it. */
export function looksLikeWindows(text: string): boolean {
  return /\b[A-Z][a-z]+-[A-Z][A-Za-z]+\b/.test(text) || /\b[A-Za-z]:\\/.test(text) || /\s\/[sqfy]\b/i.test(text);
}

/** Classifies text that Bash could not parse, word by word, through the same command handlers. */
export function classifyUnparsedWindows(text: string, context: SessionContext, draft: Draft, depth: number, created: Target[]): void {
  for (const invocation of tokenizeCommands(text, context)) classifyTokenInvocation(invocation, context, draft, depth, created);
}

// Assigned by classify-shell.ts, which imports this module, to avoid an import cycle at load time.
let classifyTokenInvocation: (invocation: Invocation, context: SessionContext, draft: Draft, depth: number, created: Target[]) => void = () => undefined;
export function setInvocationClassifier(classifier: typeof classifyTokenInvocation): void {
  classifyTokenInvocation = classifier;
}

interface PowerShellArguments {
  named: Map<string, string[]>;
  switches: Set<string>;
  positional: ExpandedWord[];
}

/** Reads `-Path a,b -Recurse -Force x`: named parameters with values, switches, and positional words. */
function powerShellArguments(args: ExpandedWord[], valued: string[]): PowerShellArguments {
  const named = new Map<string, string[]>();
  const switches = new Set<string>();
  const positional: ExpandedWord[] = [];
  for (let index = 0; index < args.length; index += 1) {
    const arg = args[index] as ExpandedWord;
    const match = /^-([A-Za-z]+)(?::(.*))?$/.exec(arg.text);
    if (match === null) {
      positional.push(arg);
      continue;
    }
    const name = (match[1] as string).toLowerCase();
    const fullName = valued.find((candidate) => candidate.startsWith(name));
    if (match[2] !== undefined) {
      named.set(fullName ?? name, match[2].split(','));
    } else if (fullName !== undefined && args[index + 1] !== undefined) {
      named.set(fullName, (args[index + 1] as ExpandedWord).source.split(',').map(stripQuotes));
      index += 1;
    } else {
      switches.add(name);
    }
  }
  return { named, switches, positional };
}

function removeItem(command: CommandContext): void {
  const parsed = powerShellArguments(command.args, ['path', 'literalpath', 'include', 'exclude', 'filter']);
  const recursive = [...parsed.switches].some((name) => 'recurse'.startsWith(name));
  if (parsed.switches.has('whatif')) return;
  const paths = [...windowsPaths(command, parsed), ...pipelinePaths(command)];
  addPathLoss(command, withPattern(command, paths, parsed.named.get('include')?.[0] ?? parsed.named.get('filter')?.[0], recursive), 'destructive', 'fs.delete', recursive ? 'deletes {} recursively' : 'deletes');
}

function deleteFiles(command: CommandContext): void {
  const recursive = command.args.some((arg) => /^\/s$/i.test(arg.text));
  const operands = command.args.filter((arg) => !/^\/[a-z]$/i.test(arg.text) && !/^\/a(:\S*)?$/i.test(arg.text));
  const paths = operands.map((arg) => resolvePath(command, arg, true)).filter((path): path is ShellPath => path !== undefined);
  // `del /s *.pyc` deletes matching files in every subfolder.
  const inSubfolders = (path: ShellPath): ShellPath => (path.target.glob === true ? { ...path, target: pathTarget(path.target.id.replace(/\/([^/]*)$/, '/**/$1')) } : path);
  const matched = recursive ? paths.map(inSubfolders) : paths;
  addPathLoss(command, matched, 'destructive', 'fs.delete', recursive ? 'deletes {} in every subfolder' : 'deletes');
}

function removeFolder(command: CommandContext): void {
  const recursive = command.args.some((arg) => /^\/s$/i.test(arg.text));
  const operands = command.args.filter((arg) => !/^\/[a-z]$/i.test(arg.text));
  const paths = operands.map((arg) => resolvePath(command, arg, true)).filter((path): path is ShellPath => path !== undefined);
  if (!recursive) {
    addFinding(command, { level: 'write', effect: 'fs.rmdir', reason: `${command.name} removes the empty folders ${paths.map((path) => path.target.id).join(', ')}`, targets: paths.map((path) => path.target) });
    return;
  }
  addPathLoss(command, paths, 'destructive', 'fs.delete', 'deletes {} recursively');
}

/** `cmd`'s `rmdir /s /q X` is `rd`; the POSIX `rmdir` handles everything else. */
export function isWindowsRemoveFolder(args: ExpandedWord[]): boolean {
  return args.some((arg) => /^\/[sq]$/i.test(arg.text));
}

export { removeFolder as removeWindowsFolder };

function observe(command: CommandContext, effect: string): void {
  const parsed = powerShellArguments(command.args, ['path', 'literalpath', 'include', 'exclude', 'filter', 'depth', 'totalcount', 'tail', 'head', 'first', 'encoding']);
  const paths = windowsPaths(command, parsed);
  addObservations(command, effect, paths.length > 0 ? paths.map((path) => path.target) : [{ kind: 'path', id: command.invocation.cwd }]);
}

function lose(command: CommandContext, effect: string, verb: string, level: 'destructive'): void {
  const parsed = powerShellArguments(command.args, ['path', 'literalpath', 'filter', 'include']);
  addPathLoss(command, windowsPaths(command, parsed), level, effect, verb);
}

function writeFile(command: CommandContext, mode: 'append' | 'overwrite'): void {
  const parsed = powerShellArguments(command.args, ['path', 'literalpath', 'filepath', 'value', 'encoding']);
  const explicit = parsed.named.get('path') ?? parsed.named.get('literalpath') ?? parsed.named.get('filepath');
  const paths = explicit !== undefined ? explicit.map((text) => resolvePath(command, { ...wordOf(text) }, true)) : [parsed.positional[0] === undefined ? undefined : resolvePath(command, parsed.positional[0], true)];
  for (const path of paths) if (path !== undefined) recordFileWrite(command, path, mode);
}

function moveItem(command: CommandContext, effect: 'fs.move' | 'fs.overwrite', verb: string): void {
  const parsed = powerShellArguments(command.args, ['path', 'literalpath', 'destination']);
  const operands = command.args.filter((arg) => !/^\/[a-z]+$/i.test(arg.text) && !/^-/.test(arg.text));
  const sources = parsed.named.has('path') ? windowsPaths(command, parsed) : operands.slice(0, -1).map((arg) => resolvePath(command, arg, true)).filter((path): path is ShellPath => path !== undefined);
  const destinationText = parsed.named.get('destination')?.[0];
  const destination = destinationText !== undefined ? resolvePath(command, wordOf(destinationText), true) : operands.length > 1 ? resolvePath(command, operands[operands.length - 1] as ExpandedWord, true) : undefined;
  if (destination === undefined) return;
  addFinding(command, { level: 'destructive', effect, reason: `${command.name} ${verb} ${sources.map((path) => path.target.id).join(', ')} to ${destination.target.id}, replacing what is there`, targets: effect === 'fs.move' ? [...sources.map((path) => path.target), destination.target] : [destination.target] });
  command.draft.dependsOn.push(destination.target);
}

function robocopy(command: CommandContext): void {
  const operands = command.args.filter((arg) => !arg.text.startsWith('/'));
  const destination = operands[1] === undefined ? undefined : resolvePath(command, operands[1], true);
  if (destination === undefined) return;
  const mirrors = command.args.some((arg) => /^\/(mir|purge)$/i.test(arg.text));
  addFinding(command, { level: mirrors ? 'destructive' : 'write', effect: mirrors ? 'fs.sync.delete' : 'fs.sync', reason: mirrors ? `robocopy /MIR deletes files in ${destination.target.id} that the source lacks` : `robocopy copies into ${destination.target.id}`, targets: [destination.target] });
}

function newItem(command: CommandContext): void {
  const parsed = powerShellArguments(command.args, ['path', 'name', 'itemtype', 'value', 'type']);
  const paths = windowsPaths(command, parsed);
  if (paths.length === 0) return;
  const force = parsed.switches.has('force');
  addFinding(command, { level: force ? 'destructive' : 'write', effect: force ? 'fs.overwrite' : 'fs.mkdir', reason: `${command.name} creates ${paths.map((path) => path.target.id).join(', ')}${force ? ', replacing what is there' : ''}`, targets: paths.map((path) => path.target) });
  if (!force) command.draft.creates.push(...paths.map((path) => path.target));
}

function formatDisk(command: CommandContext): void {
  const volume = command.args.find((arg) => /^[A-Za-z]:$/.test(arg.text));
  if (volume === undefined) return;
  addFinding(command, { level: 'critical', effect: 'disk.format', reason: `format ${volume.text} erases the whole volume`, targets: [pathTarget(`${volume.text}\\`)] });
}

/** `… | ForEach-Object { Remove-Item $_ -Force }`: a deletion of whatever the pipeline passes. */
function forEachObject(command: CommandContext): void {
  const words = command.args.map((arg) => arg.text.toLowerCase());
  const deleter = words.find((word) => DELETERS.has(word));
  if (deleter === undefined) return;
  const recursive = words.some((word) => word.startsWith('-r'));
  addPathLoss(command, pipelinePaths(command), 'destructive', 'fs.delete', recursive ? 'deletes {} recursively' : 'deletes');
}

function runCmd(command: CommandContext): void {
  const index = command.args.findIndex((arg) => /^\/[ck]$/i.test(arg.text));
  if (index === -1) return;
  command.runScript(command.args.slice(index + 1).map((arg) => arg.source.includes('\\') ? stripQuotes(arg.source) : arg.text).join(' '), command.invocation.cwd);
}

function runPowerShell(command: CommandContext): void {
  const args = command.args;
  const encodedIndex = args.findIndex((arg) => /^-(e|ec|en|enc|encodedcommand)$/i.test(arg.text));
  if (encodedIndex !== -1) {
    const encoded = args[encodedIndex + 1]?.text ?? '';
    command.runScript(Buffer.from(encoded, 'base64').toString('utf16le'), command.invocation.cwd);
    return;
  }
  const commandIndex = args.findIndex((arg) => /^-(c|command)$/i.test(arg.text));
  const fileIndex = args.findIndex((arg) => /^-(f|file)$/i.test(arg.text));
  if (commandIndex !== -1) {
    command.runScript(args.slice(commandIndex + 1).map((arg) => arg.text).join(' '), command.invocation.cwd);
    return;
  }
  const script = fileIndex !== -1 ? args[fileIndex + 1]?.text : args.find((arg) => !arg.text.startsWith('-'))?.text;
  if (script !== undefined && fileIndex === -1) {
    command.runScript(args.filter((arg) => !arg.text.startsWith('-')).map((arg) => arg.text).join(' '), command.invocation.cwd);
    return;
  }
  addFinding(command, { level: 'write', effect: 'shell.exec', reason: `${command.name} runs ${script ?? 'a script'}, which Lookout cannot read, so it is treated as a write`, targets: [] });
}

/** Paths named by -Path/-LiteralPath or positionally, Windows backslashes kept. */
function windowsPaths(command: CommandContext, parsed: PowerShellArguments): ShellPath[] {
  const texts = parsed.named.get('path') ?? parsed.named.get('literalpath');
  const words = texts !== undefined ? texts.map(wordOf) : parsed.positional.flatMap((arg) => arg.source.split(',').map((part) => ({ ...arg, source: stripQuotes(part), text: stripQuotes(part.replace(/\\(.)/g, '$1')) })));
  return words.map((word) => resolvePath(command, word, true)).filter((path): path is ShellPath => path !== undefined);
}

/** Returns the paths a pipeline feeds in: `Get-ChildItem -Recurse -Include *.pyc | …` gives `<folder>/**\/*.pyc`. */
function pipelinePaths(command: CommandContext): ShellPath[] {
  let source = command.invocation.pipedFrom;
  while (source !== undefined && PASS_THROUGH.has((source.argv[0]?.text ?? '').toLowerCase())) source = source.pipedFrom;
  if (source === undefined) return [];
  const name = (source.argv[0]?.text ?? '').toLowerCase();
  if (!PIPE_SOURCES.has(name) && name !== 'find') return [];

  const sourceCommand: CommandContext = { ...command, invocation: source, args: source.argv.slice(1) };
  const parsed = powerShellArguments(sourceCommand.args, ['path', 'literalpath', 'include', 'exclude', 'filter', 'depth']);
  const recursive = [...parsed.switches].some((name) => name.startsWith('r'));
  const base = windowsPaths(sourceCommand, parsed);
  const folders = base.length > 0 ? base : [{ target: { kind: 'path' as const, id: source.cwd }, written: '.', unknown: [], dynamic: false }];
  return withPattern(sourceCommand, folders, parsed.named.get('include')?.[0] ?? parsed.named.get('filter')?.[0], recursive);
}

function withPattern(command: CommandContext, paths: ShellPath[], pattern: string | undefined, recursive: boolean): ShellPath[] {
  if (pattern === undefined) return paths;
  return paths.map((path) => ({ ...path, target: pathTarget(`${path.target.id}/${recursive ? '**/' : ''}${pattern}`, command.session) }));
}

function wordOf(text: string): ExpandedWord {
  const stripped = stripQuotes(text);
  return { text: stripped, source: stripped, glob: /[*?]/.test(stripped), unknown: [], dynamic: false, tilde: stripped.startsWith('~') };
}

function stripQuotes(text: string): string {
  return text.replace(/^'(.*)'$/s, '$1').replace(/^"(.*)"$/s, '$1');
}

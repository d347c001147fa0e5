// Commands that write, move or delete files: coreutils, findutils and their kin. Commands that only
// read are in reads.ts.
import { pathTarget } from '../../targets.js';
import type { Target } from '../../types.js';
import { addFinding, addObservations, addPathLoss, display, operandPaths, pushParent, resolvePath } from './context.js';
import type { CommandContext, CommandHandler } from './context.js';
import { literalWord } from './expand.js';
import type { ExpandedWord } from './expand.js';
import { hasAny, parseArguments } from './options.js';
import type { ShellPath } from './paths.js';
import { isWindowsRemoveFolder, removeWindowsFolder } from './windows.js';

export const FILE_COMMANDS: Record<string, CommandHandler> = {
  rm: removeFiles,
  unlink: removeFiles,
  shred: shredFiles,
  rmdir: removeEmptyFolders,
  mv: (command) => moveOrCopy(command, 'move'),
  cp: (command) => moveOrCopy(command, 'copy'),
  install: (command) => moveOrCopy(command, 'copy'),
  ln: linkFiles,
  find: findFiles,
  xargs: runFromInput,
  truncate: truncateFiles,
  dd: copyBlocks,
  mkfs: formatDevice,
  wipefs: formatDevice,
  fdisk: formatDevice,
  sfdisk: formatDevice,
  parted: formatDevice,
  sgdisk: formatDevice,
  chmod: (command) => changeOwnership(command, 'fs.chmod'),
  chown: (command) => changeOwnership(command, 'fs.chown'),
  chgrp: (command) => changeOwnership(command, 'fs.chown'),
  mkdir: makeFolders,
  touch: touchFiles,
  tee: teeFiles,
};

function removeFiles(command: CommandContext): void {
  const parsed = parseArguments(command.args);
  const recursive = hasAny(parsed, 'r', 'R', 'recursive');
  const paths = operandPaths(command, parsed.operands);
  const verb = recursive ? 'deletes {} recursively' : 'deletes';
  addPathLoss(command, paths, 'destructive', 'fs.delete', verb);
}

function shredFiles(command: CommandContext): void {
  const parsed = parseArguments(command.args, ['n', 'iterations', 's', 'size']);
  addPathLoss(command, operandPaths(command, parsed.operands), 'destructive', 'fs.delete', 'overwrites and deletes');
}

/** `rmdir` refuses folders that are not empty, so it cannot lose data. */
function removeEmptyFolders(command: CommandContext): void {
  if (isWindowsRemoveFolder(command.args)) {
    removeWindowsFolder(command);
    return;
  }
  const parsed = parseArguments(command.args);
  const paths = operandPaths(command, parsed.operands);
  if (paths.length === 0) return;
  addFinding(command, { level: 'write', effect: 'fs.rmdir', reason: `rmdir removes the empty folders ${paths.map((path) => path.target.id).join(', ')}`, targets: paths.map((path) => path.target) });
}

function moveOrCopy(command: CommandContext, kind: 'move' | 'copy'): void {
  const parsed = parseArguments(command.args, ['t', 'target-directory', 'S', 'suffix', 'm', 'mode', 'o', 'g', 'owner', 'group']);
  const targetFolder = parsed.values.get('t')?.[0] ?? parsed.values.get('target-directory')?.[0];
  const operands = operandPaths(command, parsed.operands);
  const destination = targetFolder !== undefined ? resolvePath(command, literalWord(targetFolder)) : operands.pop();
  if (destination === undefined || operands.length === 0) return;

  const noClobber = hasAny(parsed, 'n', 'no-clobber', 'update') || parsed.values.has('update');
  const intoFolder = targetFolder !== undefined || operands.length > 1 || operands.some((path) => path.target.glob === true) || /\/$/.test(destination.written);
  const sources = operands.map((path) => path.target);
  const level = noClobber ? 'write' : 'destructive';
  const into = intoFolder ? `into ${destination.target.id}` : `to ${destination.target.id}`;
  const clobber = noClobber ? '' : ', replacing what is there';

  if (kind === 'move') {
    addFinding(command, { level, effect: 'fs.move', reason: `${display(command)} moves ${sources.map((target) => target.id).join(', ')} ${into}${clobber}${notes(operands, destination)}`, targets: [...sources, destination.target] });
  } else {
    addFinding(command, { level, effect: 'fs.overwrite', reason: `${display(command)} copies ${sources.map((target) => target.id).join(', ')} ${into}${clobber}${notes(operands, destination)}`, targets: [destination.target] });
    command.draft.creates.push(destination.target);
  }

  // A move or copy relies on the folder it goes into being what the agent last saw: the destination
  // itself when several files go into it, else the destination's parent.
  if (intoFolder) command.draft.dependsOn.push(destination.target);
  else pushParent(command.draft.dependsOn, destination.target);
}

function notes(operands: ShellPath[], destination: ShellPath): string {
  const unknown = [...operands, destination].flatMap((path) => path.unknown);
  if (unknown.length === 0) return '';
  return `; ${[...new Set(unknown)].map((name) => `$${name}`).join(', ')} not set in this command`;
}

function linkFiles(command: CommandContext): void {
  const parsed = parseArguments(command.args, ['t', 'target-directory', 'S', 'suffix']);
  const destination = operandPaths(command, parsed.operands).pop();
  if (destination === undefined) return;
  const force = hasAny(parsed, 'f', 'force');
  addFinding(command, { level: 'write', effect: 'fs.link', reason: `ln ${force ? 'replaces' : 'creates'} the link ${destination.target.id}`, targets: [destination.target] });
}

/** `find` lists unless an action changes something: `-delete`, `-exec rm`, `-execdir`, `-ok`. */
function findFiles(command: CommandContext): void {
  const starts: ShellPath[] = [];
  const names: string[] = [];
  let index = 0;
  // Leading options (-L, -H, -P) and start paths come before the first expression.
  while (index < command.args.length) {
    const arg = command.args[index] as ExpandedWord;
    if (['-L', '-H', '-P'].includes(arg.text) || /^-O\d$/.test(arg.text)) {
      index += 1;
      continue;
    }
    if (arg.text.startsWith('-') || arg.text === '(' || arg.text === '!') break;
    const path = resolvePath(command, arg);
    if (path !== undefined) starts.push(path);
    index += 1;
  }
  if (starts.length === 0) starts.push({ target: { kind: 'path', id: command.invocation.cwd }, written: '.', unknown: [], dynamic: false });

  let changed = false;
  for (; index < command.args.length; index += 1) {
    const text = (command.args[index] as ExpandedWord).text;
    if ((text === '-name' || text === '-iname') && command.args[index + 1] !== undefined) names.push((command.args[index + 1] as ExpandedWord).text);
    if (text === '-delete') {
      addPathLoss(command, matchedPaths(command, starts, names), 'destructive', 'fs.delete', 'deletes the files matching');
      changed = true;
    }
    if (['-exec', '-execdir', '-ok', '-okdir'].includes(text)) {
      const end = command.args.findIndex((arg, position) => position > index && (arg.text === ';' || arg.text === '+'));
      const inner = command.args.slice(index + 1, end === -1 ? undefined : end);
      const placeholder = matchedPaths(command, starts, names);
      const replaced = inner.flatMap((arg) => (arg.text === '{}' ? placeholder.map((path) => literalWord(path.target.id)) : [arg]));
      command.runArguments(replaced);
      changed = changed || isChangingCommand(inner[0]?.text);
      index = end === -1 ? command.args.length : end;
    }
    if (text === '-fprint' || text === '-fls' || text === '-fprintf') changed = true;
  }

  if (!changed) addObservations(command, 'fs.list', starts.map((path) => path.target));
}

function isChangingCommand(name: string | undefined): boolean {
  return name !== undefined && !['ls', 'stat', 'file', 'echo', 'printf', 'cat', 'head', 'grep', 'wc', 'du', 'md5sum', 'sha256sum', 'basename', 'dirname', 'realpath', 'test'].includes(name);
}

/** Returns the files a find matches: with one `-name` pattern, a recursive glob under each start path. */
function matchedPaths(command: CommandContext, starts: ShellPath[], names: string[]): ShellPath[] {
  const [name] = names;
  if (names.length !== 1 || name === undefined) return starts;
  return starts.map((start) => ({ ...start, target: pathTarget(`${start.target.id}/**/${name}`, command.session) }));
}

/** Classifies `xargs CMD`, which runs CMD on the paths its input lists; the command feeding it names them. */
function runFromInput(command: CommandContext): void {
  const parsed = parseArguments(command.args, ['I', 'n', 'P', 'L', 'd', 's', 'E', 'a', 'max-args', 'max-procs', 'delimiter', 'replace', 'arg-file']);
  const firstOperand = parsed.operands[0];
  if (firstOperand === undefined) return;
  const commandStart = command.args.indexOf(firstOperand);
  const inner = command.args.slice(commandStart);
  const placeholder = parsed.values.get('I')?.[0] ?? parsed.values.get('replace')?.[0];
  const inputs = inputPaths(command);

  const replaced = placeholder === undefined ? [...inner, ...inputs] : inner.flatMap((arg) => (arg.text === placeholder ? inputs : [arg]));
  command.runArguments(replaced);
}

/** Paths that the command feeding this one prints, as literal words, or a glob of its folder. */
function inputPaths(command: CommandContext): ExpandedWord[] {
  const source = command.invocation.pipedFrom;
  if (source === undefined) return [literalWord(`${command.invocation.cwd}/**`)];
  const sourceName = source.argv[0]?.text ?? '';
  const sourceArgs = source.argv.slice(1);

  if (sourceName === 'find') {
    const names: string[] = [];
    const starts: string[] = [];
    for (let index = 0; index < sourceArgs.length; index += 1) {
      const text = (sourceArgs[index] as ExpandedWord).text;
      if (text === '-name' || text === '-iname') names.push(sourceArgs[index + 1]?.text ?? '*');
      else if (!text.startsWith('-') && names.length === 0 && index === starts.length) starts.push(text);
    }
    const start = starts[0] ?? '.';
    const base = pathTarget(start, { ...command.session, cwd: source.cwd }).id;
    return [literalWord(names.length === 1 ? `${base}/**/${names[0]}` : `${base}/**`)];
  }

  const operands = parseArguments(sourceArgs).operands.filter((arg) => arg.text !== '');
  const pathOperands = sourceName === 'grep' || sourceName === 'rg' ? operands.slice(1) : operands;
  if (pathOperands.length > 0 && ['ls', 'grep', 'rg', 'echo', 'printf', 'cat'].includes(sourceName)) {
    return pathOperands.map((arg) => literalWord(sourceName === 'ls' ? `${pathTarget(arg.text, { ...command.session, cwd: source.cwd }).id}/*` : pathTarget(arg.text, { ...command.session, cwd: source.cwd }).id));
  }
  return [literalWord(`${source.cwd}/**`)];
}

function truncateFiles(command: CommandContext): void {
  const parsed = parseArguments(command.args, ['s', 'size', 'r', 'reference']);
  const size = parsed.values.get('s')?.[0] ?? parsed.values.get('size')?.[0] ?? '';
  const grows = /^\+/.test(size);
  const paths = operandPaths(command, parsed.operands);
  if (grows) {
    addFinding(command, { level: 'write', effect: 'fs.append', reason: `truncate extends ${paths.map((path) => path.target.id).join(', ')}`, targets: paths.map((path) => path.target) });
    return;
  }
  addPathLoss(command, paths, 'destructive', 'fs.truncate', `cuts to ${size || 'a new size'}`);
}

function copyBlocks(command: CommandContext): void {
  for (const arg of command.args) {
    const match = /^of=(.+)$/.exec(arg.text);
    if (match?.[1] === undefined) continue;
    const path = resolvePath(command, literalWord(match[1]));
    if (path === undefined) continue;
    if (/^\/dev\/(sd|hd|nvme|vd|xvd|disk|mmcblk|md|dm-|mapper\/)/.test(path.target.id)) {
      addFinding(command, { level: 'critical', effect: 'disk.overwrite', reason: `dd writes over the device ${path.target.id}`, targets: [path.target] });
    } else if (!path.target.id.startsWith('/dev/')) {
      addFinding(command, { level: 'destructive', effect: 'fs.overwrite', reason: `dd writes over ${path.target.id}`, targets: [path.target] });
      command.draft.creates.push(path.target);
    }
  }
}

/** mkfs, wipefs and partitioning tools: every device they name loses its file system. */
function formatDevice(command: CommandContext): void {
  const devices = command.args.filter((arg) => arg.text.startsWith('/dev/')).map((arg) => ({ kind: 'path' as const, id: arg.text }));
  if (devices.length === 0 || (command.name === 'fdisk' && command.args.some((arg) => arg.text === '-l'))) return;
  addFinding(command, { level: 'critical', effect: 'disk.format', reason: `${command.name} erases the file system on ${devices.map((device) => device.id).join(', ')}`, targets: devices });
}

function changeOwnership(command: CommandContext, effect: string): void {
  const parsed = parseArguments(command.args, ['reference']);
  const recursive = hasAny(parsed, 'R', 'recursive');
  // The first operand is the mode or owner, unless --reference gave it.
  const operands = parsed.values.has('reference') ? parsed.operands : parsed.operands.slice(1);
  const paths = operandPaths(command, operands);
  if (recursive) {
    addPathLoss(command, paths, 'destructive', effect, 'changes permissions under {} recursively');
    return;
  }
  if (paths.length > 0) addFinding(command, { level: 'write', effect, reason: `${command.name} changes permissions of ${paths.map((path) => path.target.id).join(', ')}`, targets: paths.map((path) => path.target) });
}

function makeFolders(command: CommandContext): void {
  const parsed = parseArguments(command.args, ['m', 'mode']);
  const paths = operandPaths(command, parsed.operands);
  if (paths.length === 0) return;
  addFinding(command, { level: 'write', effect: 'fs.mkdir', reason: `mkdir creates ${paths.map((path) => path.target.id).join(', ')}`, targets: paths.map((path) => path.target) });
  // Plain mkdir fails on a folder that exists, so its success shows the session made the folder; `mkdir -p`
  // also succeeds on an existing folder, which may hold anything.
  const parents = hasAny(parsed, 'p', 'parents');
  if (parents) command.draft.ensures.push(...paths.map((path) => path.target));
  else command.draft.creates.push(...paths.map((path) => path.target));
  command.created.push(...paths.map((path) => path.target));
}

function touchFiles(command: CommandContext): void {
  const parsed = parseArguments(command.args, ['d', 'date', 'r', 'reference', 't']);
  const paths = operandPaths(command, parsed.operands);
  if (paths.length === 0) return;
  addFinding(command, { level: 'write', effect: 'fs.touch', reason: `touch creates or updates ${paths.map((path) => path.target.id).join(', ')}`, targets: paths.map((path) => path.target) });
  // touch also succeeds on an existing file, so success does not make the file the session's.
  command.draft.ensures.push(...paths.map((path) => path.target));
}

function teeFiles(command: CommandContext): void {
  const parsed = parseArguments(command.args);
  const append = hasAny(parsed, 'a', 'append');
  for (const path of operandPaths(command, parsed.operands)) recordFileWrite(command, path, append ? 'append' : 'overwrite');
}

/** Records a write to a file (a redirect, `tee`, `curl -o`): appends are writes, overwrites destructive. */
export function recordFileWrite(command: CommandContext, path: ShellPath, mode: 'append' | 'overwrite'): void {
  const target = path.target;
  if (target.id.startsWith('/dev/') || target.id.startsWith('/proc/')) return;
  if (mode === 'append') {
    addFinding(command, { level: 'write', effect: 'fs.append', reason: `${command.name} appends to ${target.id}`, targets: [target] });
    return;
  }

  // A file inside a folder this same command line created is new, so nothing can be overwritten.
  const isNew = command.created.some((created) => target.id.startsWith(`${created.id}/`));
  addFinding(command, {
    level: isNew ? 'write' : 'destructive',
    effect: isNew ? 'fs.write' : 'fs.overwrite',
    reason: `${command.name} writes ${target.id}${isNew ? ' in a folder it created' : ', replacing it if it exists'}`,
    targets: [target],
  });
  command.draft.creates.push(target);
  pushParent(command.draft.dependsOn, target);
}

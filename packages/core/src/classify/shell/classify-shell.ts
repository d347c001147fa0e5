// The shell classifier: parses a command line, walks every simple command it runs (lists, pipelines,
// subshells, loops, substitutions, and the strings given to `sh -c`, `cmd /c` or `powershell
// -Command`), and has each command's handler record what the command does and to what.
import type { Classification, SessionContext, Target } from '../../types.js';
import { emptyDraft, finish } from '../result.js';
import type { Draft } from '../result.js';
import { addFinding, resolvePath } from './context.js';
import type { CommandContext, CommandHandler } from './context.js';
import type { ExpandedWord } from './expand.js';
import { FILE_COMMANDS, recordFileWrite } from './files.js';
import { READ_COMMANDS } from './reads.js';
import { GIT_COMMANDS } from './git.js';
import { INFRA_COMMANDS } from './infra.js';
import { NETWORK_COMMANDS, setRemoteClassifier } from './network.js';
import { parseShell } from './parse.js';
import { CLIENT_COMMANDS } from './clients.js';
import { WINDOWS_COMMANDS, classifyUnparsedWindows, looksLikeWindows, setInvocationClassifier } from './windows.js';
import { flattenScript } from './walk.js';
import type { Invocation } from './walk.js';

/** Nested `sh -c` strings deeper than this are not unpacked further; the innermost is treated as unknown. */
const MAX_NESTING = 4;

/** Commands that only print, compute or change the shell's own state. */
const HARMLESS = new Set([
  'echo', 'printf', 'true', 'false', ':', 'cd', 'pushd', 'popd', 'pwd', 'export', 'set', 'unset', 'local', 'declare', 'readonly',
  'which', 'type', 'command -v', 'whoami', 'id', 'hostname', 'uname', 'date', 'sleep', 'wait', 'env', 'printenv', 'basename',
  'dirname', 'seq', 'yes', 'history', 'alias', 'shift', 'return', 'exit', 'break', 'continue', 'read', 'trap', 'getopts', 'let',
  'tr', 'fold', 'fmt', 'expr', 'bc', 'clear', 'tput', 'stty', 'ps', 'top', 'free', 'df', 'uptime', 'nproc', 'lsof', 'whereis',
  'man', 'help', 'info',
]);

/** Commands that run the rest of their arguments as a command. Values: how many leading options take a value. */
const WRAPPERS: Record<string, string[]> = {
  sudo: ['u', 'g', 'C', 'D', 'h', 'p', 'r', 't', 'U', 'user', 'group'],
  doas: ['u', 'C'],
  nohup: [],
  time: ['f', 'o', 'format', 'output'],
  nice: ['n', 'adjustment'],
  ionice: ['c', 'n', 'p'],
  timeout: ['s', 'k', 'signal', 'kill-after'],
  stdbuf: ['i', 'o', 'e'],
  command: [],
  builtin: [],
  exec: ['a'],
  caffeinate: [],
  chronic: [],
  watch: ['n', 'd', 'interval'],
  npx: ['p', 'package', 'c', 'call'],
  pnpx: [],
  bunx: [],
  dotenv: ['e', 'c', 'v'],
  'dotenv-cli': [],
  'cross-env': [],
};

const SHELLS = new Set(['sh', 'bash', 'zsh', 'dash', 'ksh', 'fish', 'ash', 'busybox']);

const HANDLERS: Record<string, CommandHandler> = {
  ...FILE_COMMANDS,
  ...READ_COMMANDS,
  ...GIT_COMMANDS,
  ...CLIENT_COMMANDS,
  ...INFRA_COMMANDS,
  ...NETWORK_COMMANDS,
  ...WINDOWS_COMMANDS,
};

/** Classifies a command line as a shell tool would run it in `context.cwd`. */
export function classifyShellCommand(command: string, context: SessionContext): Classification {
  const draft = emptyDraft();
  classifyScript(command, context, draft, 0, []);
  return finish(draft, 'shell');
}

/** Classifies a command line into an existing draft; used for nested shells too. */
export function classifyScript(text: string, context: SessionContext, draft: Draft, depth: number, created: Target[]): void {
  if (depth > MAX_NESTING) {
    draft.findings.push({ level: 'write', effect: 'shell.exec', reason: 'a command nested too deeply to read is treated as a write', targets: [] });
    return;
  }

  const parsed = parseShell(text);
  if (!parsed.ok) {
    if (looksLikeWindows(text)) {
      classifyUnparsedWindows(text, context, draft, depth, created);
      return;
    }
    draft.findings.push({ level: 'write', effect: 'shell.unparsed', reason: `the command could not be parsed (${parsed.error}), so it is treated as a write at least`, targets: [] });
    classifyUnparsedWindows(text, context, draft, depth, created);
    return;
  }

  for (const invocation of flattenScript(parsed.statements, context)) classifyInvocation(invocation, context, draft, depth, created);
}

export function classifyInvocation(invocation: Invocation, session: SessionContext, draft: Draft, depth: number, created: Target[]): void {
  const commandWord = invocation.argv[0];
  if (commandWord === undefined) {
    classifyRedirects(invocation, session, draft, created, 'the shell');
    return;
  }

  const name = commandName(commandWord.text);
  const command: CommandContext = {
    invocation,
    name,
    args: invocation.argv.slice(1),
    session,
    draft,
    created,
    runScript: (text, cwd) => classifyScript(text, { ...session, cwd }, draft, depth + 1, created),
    runArguments: (argv, extra) => classifyInvocation({ ...invocation, ...extra, argv, redirects: [] }, session, draft, depth + 1, created),
  };

  classifyRedirects(invocation, session, draft, created, name);
  if (commandWord.dynamic || commandWord.unknown.length > 0) {
    draft.findings.push({ level: 'write', effect: 'shell.exec', reason: `the command name ${commandWord.source} is only known when it runs, so it is treated as a write`, targets: [] });
    return;
  }

  if (runWrapped(command)) return;
  // `mkfs.ext4`, `mkfs.xfs`: one handler for the family.
  const handler = HANDLERS[name] ?? HANDLERS[name.toLowerCase()] ?? HANDLERS[name.split('.')[0] ?? name];
  if (handler !== undefined) {
    handler(command);
    return;
  }
  if (HARMLESS.has(name)) return;
  addFinding(command, { level: 'write', effect: 'shell.exec', reason: `${name} is not a command Lookout knows, so it is treated as a write`, targets: [] });
}

setInvocationClassifier(classifyInvocation);
setRemoteClassifier((text, context, draft) => classifyScript(text, context, draft, 1, []));

/** Unwraps `sudo`, `env`, `nohup`, `sh -c` and the like; returns true when the command was handled. */
function runWrapped(command: CommandContext): boolean {
  const { name, args } = command;

  if (SHELLS.has(name)) return runShell(command);
  if (name === 'eval') {
    command.runScript(args.map((arg) => arg.text).join(' '), command.invocation.cwd);
    return true;
  }
  if (name === 'env') {
    let index = 0;
    while (index < args.length) {
      const text = (args[index] as ExpandedWord).text;
      if (text === '-u' || text === '--unset' || text === '-C' || text === '--chdir') index += 2;
      else if (text.startsWith('-') || /^[A-Za-z_][A-Za-z0-9_]*=/.test(text)) index += 1;
      else break;
    }
    if (index < args.length) command.runArguments(args.slice(index));
    return true;
  }
  const valued = WRAPPERS[name];
  if (valued === undefined) return false;

  let index = 0;
  while (index < args.length) {
    const text = (args[index] as ExpandedWord).text;
    if (!text.startsWith('-')) break;
    const option = text.replace(/^-+/, '');
    index += valued.includes(option) ? 2 : 1;
  }
  // `timeout 30 cmd`, `nice 10 cmd`: a leading number is the wrapper's own argument.
  if (['timeout', 'watch'].includes(name) && /^\d/.test(args[index]?.text ?? '')) index += 1;
  const rest = args.slice(index);
  if (rest.length > 0) command.runArguments(rest);
  return true;
}

/** Classifies `bash -c 'STRING'` by STRING; `bash script.sh` runs a file Lookout has not read, so it is a write. */
function runShell(command: CommandContext): boolean {
  const args = command.args;
  const commandIndex = args.findIndex((arg) => /^-[a-zA-Z]*c[a-zA-Z]*$/.test(arg.text) && !arg.text.startsWith('--'));
  if (commandIndex !== -1) {
    const script = args[commandIndex + 1];
    if (script !== undefined) command.runScript(script.text, command.invocation.cwd);
    return true;
  }
  if (command.invocation.input !== undefined) {
    command.runScript(command.invocation.input, command.invocation.cwd);
    return true;
  }
  const scriptFile = args.find((arg) => !arg.text.startsWith('-'));
  addFinding(command, { level: 'write', effect: 'shell.exec', reason: `${command.name} runs ${scriptFile?.text ?? 'commands from its input'}, which Lookout cannot read, so it is treated as a write`, targets: [] });
  return true;
}

function classifyRedirects(invocation: Invocation, session: SessionContext, draft: Draft, created: Target[], name: string): void {
  for (const redirect of invocation.redirects) {
    const writes = ['>', '>>', '&>', '&>>', '>|', '<>'].includes(redirect.operator);
    if (!writes) continue;
    if (/^\d*$|^-$/.test(redirect.target.text) && redirect.operator !== '&>' && redirect.operator !== '&>>') continue;
    const command: CommandContext = {
      invocation,
      name,
      args: [],
      session,
      draft,
      created,
      runScript: () => undefined,
      runArguments: () => undefined,
    };
    const path = resolvePath(command, redirect.target);
    if (path === undefined) continue;
    recordFileWrite({ ...command, name: `the redirect ${redirect.operator} of ${name}` }, path, redirect.operator.includes('>>') ? 'append' : 'overwrite');
  }
}

/** `/usr/bin/rm` → `rm`; `.\\script.ps1` stays as written. */
function commandName(text: string): string {
  const slash = text.lastIndexOf('/');
  const base = slash === -1 ? text : text.slice(slash + 1);
  return base.replace(/\.exe$/i, '');
}


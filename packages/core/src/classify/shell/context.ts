// The context a command handler receives: the invocation, its arguments, and ways to record findings,
// observations and changes, or to classify a command it runs in turn (`sudo`, `xargs`, `sh -c`).
import { parentTarget } from '../../targets.js';
import type { Finding, Observation, RiskLevel, SessionContext, Target } from '../../types.js';
import type { Draft } from '../result.js';
import type { ExpandedWord } from './expand.js';
import { criticalPathReason, shellPath, unknownNote } from './paths.js';
import type { ShellPath } from './paths.js';
import type { Invocation } from './walk.js';

export interface CommandContext {
  invocation: Invocation;
  /** The command name as written, without a leading path (`/bin/rm` → `rm`). */
  name: string;
  args: ExpandedWord[];
  session: SessionContext;
  draft: Draft;
  /** Classifies a command line that this command runs (`sh -c`, `cmd /c`), in the given folder. */
  runScript: (text: string, cwd: string) => void;
  /** Classifies an argument vector that this command runs (`sudo rm …`, `find -exec rm {} ;`). */
  runArguments: (argv: ExpandedWord[], input?: Partial<Invocation>) => void;
  /** Paths that earlier commands in the same command line created. */
  created: Target[];
}

export type CommandHandler = (command: CommandContext) => void;

export function resolvePath(command: CommandContext, word: ExpandedWord, windows = false): ShellPath | undefined {
  return shellPath(word, command.invocation.cwd, command.session, windows);
}

/** Records a finding and marks its targets as written. */
export function addFinding(command: CommandContext, finding: Finding): void {
  command.draft.findings.push(finding);
  command.draft.writes.push(...finding.targets);
}

export function addObservations(command: CommandContext, effect: string, targets: Target[], condition?: string): void {
  for (const target of targets) {
    const observation: Observation = condition === undefined ? { effect, target } : { effect, target, condition };
    command.draft.observations.push(observation);
  }
}

/**
 * Records a deletion-like finding on paths. It is critical when one of them is the root, the home folder,
 * a system folder, or contains the working folder, and the reason names unknown variables.
 */
export function addPathLoss(command: CommandContext, paths: ShellPath[], level: RiskLevel, effect: string, verb: string): void {
  if (paths.length === 0) return;
  let finalLevel = level;
  const notes: string[] = [];
  for (const path of paths) {
    const critical = criticalPathReason(path, command.invocation.cwd, command.session);
    if (critical !== undefined) {
      finalLevel = 'critical';
      notes.push(`; ${path.written} is ${critical}`);
    }
    const unknown = unknownNote(path);
    if (unknown !== '') notes.push(unknown);
  }
  const listed = paths.map((path) => path.target.id).join(', ');
  const phrase = verb.includes('{}') ? verb.replace('{}', listed) : `${verb} ${listed}`;
  addFinding(command, {
    level: finalLevel,
    effect,
    reason: `${display(command)} ${phrase}${notes.join('')}`,
    targets: paths.map((path) => path.target),
  });
}

/** Returns the command as written, shortened for reasons: `rm -rf`, `psql -c`. */
export function display(command: CommandContext): string {
  const end = command.args.findIndex((arg) => arg.text === '--');
  const options = (end === -1 ? command.args : command.args.slice(0, end)).filter((arg) => arg.text.startsWith('-')).slice(0, 3).map((arg) => arg.text);
  return [command.name, ...options].join(' ');
}

export function pushParent(list: Target[], target: Target): void {
  const parent = parentTarget(target);
  if (parent !== undefined) list.push(parent);
}

export function level(atLeast: RiskLevel, when: boolean, otherwise: RiskLevel): RiskLevel {
  return when ? atLeast : otherwise;
}

export function operandPaths(command: CommandContext, operands: ExpandedWord[]): ShellPath[] {
  const paths: ShellPath[] = [];
  for (const operand of operands) {
    const path = resolvePath(command, operand);
    if (path !== undefined) paths.push(path);
  }
  return paths;
}

// git on the command line: which subcommands discard work (reset --hard, clean -f, checkout -- .,
// restore, push --force, branch -D, stash drop) and which only look (status, diff, log, fetch).
import { normalizePath } from '../../targets.js';
import type { Target } from '../../types.js';
import { addFinding, addObservations, operandPaths } from './context.js';
import type { CommandContext, CommandHandler } from './context.js';
import type { ExpandedWord } from './expand.js';
import { hasAny, parseArguments } from './options.js';

type GitHandler = (git: GitCall) => void;

interface GitCall {
  command: CommandContext;
  repository: string;
  subcommand: string;
  args: ExpandedWord[];
}

const READ_ONLY = new Set(['show', 'blame', 'ls-files', 'ls-tree', 'ls-remote', 'rev-parse', 'rev-list', 'describe', 'shortlog', 'grep', 'cat-file', 'config', 'remote', 'tag', 'reflog', 'whatchanged', 'name-rev', 'merge-base', 'for-each-ref', 'show-ref', 'help', 'version', 'check-ignore', 'count-objects', 'var', 'worktree']);

const SUBCOMMANDS: Record<string, GitHandler> = {
  status: (git) => addObservations(git.command, 'git.status', [repositoryTarget(git)]),
  diff: (git) => addObservations(git.command, 'git.diff', [repositoryTarget(git)]),
  log: observeLog,
  fetch: (git) => addObservations(git.command, 'git.fetch', [repositoryTarget(git)]),
  reset: resetGit,
  clean: cleanGit,
  checkout: checkoutGit,
  switch: switchGit,
  restore: restoreGit,
  push: pushGit,
  branch: branchGit,
  stash: stashGit,
  rebase: (git) => rewriteHistory(git, 'git.rebase', 'rebase rewrites the history of the current branch'),
  'filter-branch': (git) => rewriteHistory(git, 'git.history.rewrite', 'filter-branch rewrites the repository history'),
  'filter-repo': (git) => rewriteHistory(git, 'git.history.rewrite', 'filter-repo rewrites the repository history'),
  rm: removeTracked,
  mv: moveTracked,
  gc: (git) => {
    const parsed = parseArguments(git.args);
    if ([...parsed.values.keys()].includes('prune') || hasAny(parsed, 'aggressive')) destroy(git, 'git.gc.prune', 'gc --prune drops unreachable commits that the reflog still kept', [repositoryTarget(git)]);
  },
  'update-ref': (git) => {
    if (git.args.some((arg) => arg.text === '-d')) destroy(git, 'git.ref.delete', 'update-ref -d deletes a ref', [refTarget(git, git.args.find((arg) => !arg.text.startsWith('-'))?.text ?? 'HEAD')]);
  },
};

export const GIT_COMMANDS: Record<string, CommandHandler> = { git: classifyGit };

function classifyGit(command: CommandContext): void {
  let repository = command.invocation.cwd;
  let index = 0;
  while (index < command.args.length) {
    const text = (command.args[index] as ExpandedWord).text;
    if (text === '-C' && command.args[index + 1] !== undefined) {
      repository = normalizePath((command.args[index + 1] as ExpandedWord).text, { ...command.session, cwd: repository });
      index += 2;
    } else if (text === '-c' || text === '--git-dir' || text === '--work-tree' || text === '--namespace') {
      index += 2;
    } else if (text.startsWith('--work-tree=')) {
      repository = normalizePath(text.slice('--work-tree='.length), { ...command.session, cwd: repository });
      index += 1;
    } else if (text.startsWith('-')) {
      index += 1;
    } else {
      break;
    }
  }

  const subcommand = command.args[index]?.text;
  if (subcommand === undefined) return;
  const git: GitCall = { command, repository, subcommand, args: command.args.slice(index + 1) };
  const handler = SUBCOMMANDS[subcommand];
  if (handler !== undefined) {
    handler(git);
    return;
  }
  if (READ_ONLY.has(subcommand) && !isWritingReadCommand(git)) return;
  addFinding(command, { level: 'write', effect: 'git.write', reason: `git ${subcommand} changes the repository ${repository}`, targets: [{ kind: 'git', id: repository }] });
}

/** `git tag -d`, `git remote remove`, `git config --unset` and `git worktree remove` change things. */
function isWritingReadCommand(git: GitCall): boolean {
  const words = git.args.map((arg) => arg.text);
  if (git.subcommand === 'tag') return words.some((word) => ['-d', '--delete', '-f', '-a', '-s', '-m'].includes(word)) || words.filter((word) => !word.startsWith('-')).length > 0 && !words.includes('-l') && !words.includes('--list');
  if (git.subcommand === 'remote') return words.some((word) => ['add', 'remove', 'rm', 'rename', 'set-url', 'prune'].includes(word));
  if (git.subcommand === 'config') return !words.some((word) => ['--get', '--list', '-l', '--get-all', '--get-regexp'].includes(word)) && words.filter((word) => !word.startsWith('-')).length > 1;
  if (git.subcommand === 'worktree') return words.some((word) => ['add', 'remove', 'prune', 'move'].includes(word));
  if (git.subcommand === 'reflog') return words.some((word) => ['expire', 'delete'].includes(word));
  return false;
}

function observeLog(git: GitCall): void {
  // Everything after `--` is a path that limits the log, never a ref.
  const separator = git.args.findIndex((arg) => arg.text === '--');
  const parsed = parseArguments(separator === -1 ? git.args : git.args.slice(0, separator), ['n', 'max-count', 'format', 'pretty', 'since', 'until', 'author', 'grep', 'skip']);
  const refs = parsed.operands.map((arg) => arg.text);
  const targets: Target[] = refs.length > 0 ? refs.map((ref) => refTarget(git, ref.replace(/^\w+\.\.\.?/, ''))) : [refTarget(git, 'HEAD')];
  addObservations(git.command, 'git.log', targets);
}

function resetGit(git: GitCall): void {
  const parsed = parseArguments(git.args);
  if (hasAny(parsed, 'hard')) {
    const to = parsed.operands[0]?.text ?? 'HEAD';
    destroy(git, 'git.reset.hard', `git reset --hard ${to} discards uncommitted changes in ${git.repository}`, [worktreeTarget(git)]);
    return;
  }
  if (hasAny(parsed, 'merge', 'keep')) {
    addFinding(git.command, { level: 'write', effect: 'git.reset', reason: `git reset moves the branch in ${git.repository}`, targets: [refTarget(git, 'HEAD')] });
    return;
  }
  addFinding(git.command, { level: 'write', effect: 'git.reset', reason: `git reset moves the branch or unstages files in ${git.repository}; the working tree stays`, targets: [refTarget(git, 'HEAD')] });
}

function cleanGit(git: GitCall): void {
  const parsed = parseArguments(git.args, ['e', 'exclude']);
  if (hasAny(parsed, 'n', 'dry-run')) {
    addObservations(git.command, 'git.clean.preview', [repositoryTarget(git)]);
    return;
  }
  if (!hasAny(parsed, 'f', 'force')) return;
  const paths = operandPaths(git.command, parsed.operands).map((path) => path.target);
  const ignored = hasAny(parsed, 'x') ? ', ignored files included' : hasAny(parsed, 'X') ? ', only ignored files' : '';
  const folders = hasAny(parsed, 'd') ? ' and folders' : '';
  const scope = paths.length > 0 ? ` under ${paths.map((path) => path.id).join(', ')}` : '';
  destroy(git, 'git.clean', `git clean ${git.args.filter((arg) => arg.text.startsWith('-') && arg.text !== '--').map((arg) => arg.text).join(' ')} deletes untracked files${folders}${ignored}${scope} in ${git.repository}`, [worktreeTarget(git), ...paths]);
}

function checkoutGit(git: GitCall): void {
  const separator = git.args.findIndex((arg) => arg.text === '--');
  const parsed = parseArguments(git.args, ['b', 'B', 'orphan']);
  const force = hasAny(parsed, 'f', 'force');
  const pathspecs = separator !== -1 ? git.args.slice(separator + 1) : parsed.operands.filter((arg) => arg.text === '.' || arg.text.includes('/') || arg.glob);
  if (pathspecs.length > 0) {
    const paths = operandPaths(git.command, pathspecs).map((path) => path.target);
    destroy(git, 'git.checkout.discard', `git checkout -- ${pathspecs.map((arg) => arg.text).join(' ')} discards uncommitted changes to ${paths.map((path) => path.id).join(', ')}`, [worktreeTarget(git), ...paths]);
    return;
  }
  if (force) {
    destroy(git, 'git.checkout.discard', `git checkout --force discards uncommitted changes in ${git.repository}`, [worktreeTarget(git)]);
    return;
  }
  addFinding(git.command, { level: 'write', effect: 'git.checkout', reason: `git checkout switches branches in ${git.repository}; it refuses to overwrite changes`, targets: [refTarget(git, 'HEAD')] });
}

function switchGit(git: GitCall): void {
  const parsed = parseArguments(git.args, ['c', 'C']);
  if (hasAny(parsed, 'discard-changes', 'f', 'force')) {
    destroy(git, 'git.checkout.discard', `git switch --discard-changes discards uncommitted changes in ${git.repository}`, [worktreeTarget(git)]);
    return;
  }
  addFinding(git.command, { level: 'write', effect: 'git.checkout', reason: `git switch changes branches in ${git.repository}`, targets: [refTarget(git, 'HEAD')] });
}

function restoreGit(git: GitCall): void {
  const parsed = parseArguments(git.args, ['s', 'source']);
  const stagedOnly = hasAny(parsed, 'S', 'staged') && !hasAny(parsed, 'W', 'worktree');
  const paths = operandPaths(git.command, parsed.operands).map((path) => path.target);
  if (stagedOnly) {
    addFinding(git.command, { level: 'write', effect: 'git.unstage', reason: `git restore --staged unstages ${paths.map((path) => path.id).join(', ')}`, targets: paths });
    return;
  }
  destroy(git, 'git.restore', `git restore discards uncommitted changes to ${paths.map((path) => path.id).join(', ') || 'the given files'}`, [worktreeTarget(git), ...paths]);
}

function pushGit(git: GitCall): void {
  const parsed = parseArguments(git.args, ['o', 'push-option', 'repo', 'receive-pack', 'exec']);
  const [remoteWord, ...refspecs] = parsed.operands;
  const remote = remoteWord?.text ?? 'origin';
  const branches = refspecs.map((arg) => arg.text);
  const forced = hasAny(parsed, 'f', 'force', 'force-with-lease', 'force-if-includes', 'mirror') || branches.some((branch) => branch.startsWith('+'));
  const deleting = hasAny(parsed, 'd', 'delete', 'prune') || branches.some((branch) => branch.startsWith(':'));
  const targets = (branches.length > 0 ? branches : ['HEAD']).map((branch) => refTarget(git, `${remote}/${remoteBranch(branch)}`));

  if (hasAny(parsed, 'n', 'dry-run')) {
    addObservations(git.command, 'git.log', targets);
    return;
  }
  if (deleting) {
    destroy(git, 'git.push.delete', `git push deletes ${targets.map((target) => target.id).join(', ')} on the remote`, targets);
    return;
  }
  if (forced) {
    const lease = hasAny(parsed, 'force-with-lease') ? ' (with lease)' : '';
    destroy(git, 'git.push.force', `git push --force${lease} overwrites ${targets.map((target) => target.id.slice(target.id.indexOf('@') + 1)).join(', ')}, dropping commits others pushed`, targets);
    return;
  }
  addFinding(git.command, { level: 'write', effect: 'git.push', reason: `git push publishes commits to ${remote}`, targets });
}

/** `main`, `+main`, `HEAD:main`, `:old` → the remote-side branch name. */
function remoteBranch(refspec: string): string {
  const spec = refspec.replace(/^\+/, '');
  const colon = spec.indexOf(':');
  return (colon === -1 ? spec : spec.slice(colon + 1)).replace(/^refs\/heads\//, '') || 'HEAD';
}

function branchGit(git: GitCall): void {
  const parsed = parseArguments(git.args, ['u', 'set-upstream-to', 't', 'track']);
  const names = parsed.operands.map((arg) => arg.text);
  const forceDelete = hasAny(parsed, 'D') || (hasAny(parsed, 'd', 'delete') && hasAny(parsed, 'f', 'force'));
  if (forceDelete) {
    destroy(git, 'git.branch.delete', `git branch -D deletes ${names.join(', ')} even if not merged`, names.map((name) => refTarget(git, name)));
    return;
  }
  if (hasAny(parsed, 'd', 'delete')) {
    addFinding(git.command, { level: 'write', effect: 'git.branch.delete.merged', reason: `git branch -d deletes ${names.join(', ')} if merged`, targets: names.map((name) => refTarget(git, name)) });
    return;
  }
  if (hasAny(parsed, 'M', 'C') || (hasAny(parsed, 'f', 'force') && names.length > 0)) {
    destroy(git, 'git.branch.overwrite', `git branch --force overwrites ${names.join(', ')}`, names.map((name) => refTarget(git, name)));
    return;
  }
  if (names.length > 0 && !hasAny(parsed, 'l', 'list', 'a', 'r', 'v', 'vv', 'contains', 'merged', 'no-merged', 'show-current')) {
    addFinding(git.command, { level: 'write', effect: 'git.branch', reason: `git branch creates ${names.join(', ')}`, targets: names.map((name) => refTarget(git, name)) });
  }
}

function stashGit(git: GitCall): void {
  const action = git.args.find((arg) => !arg.text.startsWith('-'))?.text ?? 'push';
  if (action === 'drop' || action === 'clear') {
    destroy(git, 'git.stash.drop', `git stash ${action} deletes stashed changes in ${git.repository}`, [refTarget(git, 'refs/stash')]);
    return;
  }
  if (action === 'list' || action === 'show') {
    addObservations(git.command, 'git.stash.list', [refTarget(git, 'refs/stash')]);
    return;
  }
  addFinding(git.command, { level: 'write', effect: 'git.stash', reason: `git stash ${action} changes the working tree of ${git.repository}`, targets: [worktreeTarget(git)] });
}

function rewriteHistory(git: GitCall, effect: string, reason: string): void {
  if (git.args.some((arg) => ['--abort', '--continue', '--skip', '--quit'].includes(arg.text))) {
    addFinding(git.command, { level: 'write', effect: 'git.rebase.step', reason: `git ${git.subcommand} ${git.args[0]?.text ?? ''} steps through a rebase`, targets: [worktreeTarget(git)] });
    return;
  }
  destroy(git, effect, `git ${reason} in ${git.repository}`, [refTarget(git, 'HEAD'), worktreeTarget(git)]);
}

function removeTracked(git: GitCall): void {
  const parsed = parseArguments(git.args);
  const paths = operandPaths(git.command, parsed.operands).map((path) => path.target);
  if (hasAny(parsed, 'cached')) {
    addFinding(git.command, { level: 'write', effect: 'git.unstage', reason: `git rm --cached stops tracking ${paths.map((path) => path.id).join(', ')}`, targets: paths });
    return;
  }
  // Without -f, git rm refuses files with uncommitted changes, so only committed content goes.
  const level = hasAny(parsed, 'f', 'force') ? 'destructive' : 'write';
  addFinding(git.command, { level, effect: 'fs.delete', reason: `git rm deletes ${paths.map((path) => path.id).join(', ')}${level === 'write' ? '; committed content stays in history' : ' with their uncommitted changes'}`, targets: paths });
}

/** `git mv` moves files in the working tree like `mv`, but refuses to replace a destination without -f. */
function moveTracked(git: GitCall): void {
  const parsed = parseArguments(git.args);
  const paths = operandPaths(git.command, parsed.operands).map((path) => path.target);
  const destination = paths.pop();
  if (destination === undefined || paths.length === 0) return;
  const level = hasAny(parsed, 'f', 'force') ? 'destructive' : 'write';
  addFinding(git.command, { level, effect: 'fs.move', reason: `git mv moves ${paths.map((path) => path.id).join(', ')} to ${destination.id}${level === 'destructive' ? ', replacing what is there' : ''}`, targets: [...paths, destination] });
  git.command.draft.dependsOn.push(destination);
}

function destroy(git: GitCall, effect: string, reason: string, targets: Target[]): void {
  addFinding(git.command, { level: 'destructive', effect, reason, targets });
}

function repositoryTarget(git: GitCall): Target {
  return { kind: 'git', id: git.repository };
}

function worktreeTarget(git: GitCall): Target {
  return { kind: 'git', id: `${git.repository}#worktree` };
}

function refTarget(git: GitCall, ref: string): Target {
  return { kind: 'git', id: `${git.repository}@${ref}` };
}

/** Targets for the structured git tools, which share the shell's target ids. */
export const gitTargets = {
  repository: (repository: string): Target => ({ kind: 'git', id: repository }),
  worktree: (repository: string): Target => ({ kind: 'git', id: `${repository}#worktree` }),
  ref: (repository: string, ref: string): Target => ({ kind: 'git', id: `${repository}@${ref}` }),
};

// Tool servers whose tools name their effect in structured arguments: git servers (mcp-server-git and
// look-alikes), memory/knowledge-graph servers, SQL tool servers, and Claude Code's built-in tools.
import { normalizePath, parentTarget } from '../targets.js';
import type { Classification, SessionContext, Target, ToolDefinition } from '../types.js';
import { booleanArgument, pathTargets, stringArgument, stringListArgument } from './args.js';
import type { Arguments } from './args.js';
import { emptyDraft, finish, readOnly } from './result.js';
import { gitTargets } from './shell/git.js';
import { classifySql } from './sql/classify-sql.js';
import type { SqlDialect } from './sql/parser.js';
import { sqlArgument, sqlConnection } from './tools.js';

type StructuredClassifier = (args: Arguments, context: SessionContext, server?: string) => Classification;

const GIT_TOOLS: Record<string, StructuredClassifier> = {
  git_status: (args, context) => observeRepository('git.status', args, context),
  git_diff: (args, context) => observeDiff(args, context),
  git_diff_unstaged: (args, context) => observeRepository('git.diff', args, context),
  git_diff_staged: (args, context) => observeRepository('git.diff', args, context),
  git_log: (args, context) => {
    const repository = repositoryOf(args, context);
    return readOnly([{ effect: 'git.log', target: gitTargets.ref(repository, stringArgument(args, 'ref', 'branch', 'revision') ?? 'HEAD') }], 'structured');
  },
  git_show: (args, context) => readOnly([{ effect: 'git.show', target: gitTargets.repository(repositoryOf(args, context)) }], 'structured'),
  git_fetch: (args, context) => readOnly([{ effect: 'git.fetch', target: gitTargets.repository(repositoryOf(args, context)) }], 'structured'),
  git_branch: gitBranch,
  git_add: (args, context) => gitWrite('git.add', 'git_add stages files', args, context),
  git_commit: (args, context) => gitWrite('git.commit', 'git_commit records a commit', args, context),
  git_pull: (args, context) => gitWrite('git.pull', 'git_pull merges the remote branch into the working tree', args, context),
  git_create_branch: (args, context) => gitWrite('git.branch', 'git_create_branch creates a branch', args, context),
  git_init: (args, context) => gitWrite('git.init', 'git_init creates a repository', args, context),
  git_push: gitPush,
  git_reset: gitReset,
  git_clean: gitClean,
  git_checkout: gitCheckout,
  git_stash: gitStash,
};

const MEMORY_TOOLS: Record<string, StructuredClassifier> = {
  delete_entities: (args, _context, server) => memoryLoss('memory.delete', 'delete_entities deletes entities and their relations', memoryTargets(args, server, 'entityNames', 'entity')),
  delete_observations: (args, _context, server) => memoryLoss('memory.delete', 'delete_observations deletes observations of entities', memoryTargets(args, server, 'deletions', 'entity')),
  delete_relations: (args, _context, server) => memoryLoss('memory.delete', 'delete_relations deletes relations between entities', memoryTargets(args, server, 'relations', 'entity')),
  read_graph: (_args, _context, server) => readOnly([{ effect: 'resource.list', target: { kind: 'resource', id: `${server ?? 'default'}:entity` } }], 'structured'),
  search_nodes: (_args, _context, server) => readOnly([{ effect: 'resource.list', target: { kind: 'resource', id: `${server ?? 'default'}:entity` } }], 'structured'),
  open_nodes: (args, _context, server) => readOnly(memoryTargets(args, server, 'names', 'entity').map((target) => ({ effect: 'resource.read', target })), 'structured'),
};

const CLAUDE_CODE_TOOLS: Record<string, StructuredClassifier> = {
  Write: (args, context) => fileWrite(pathTargets(args, context, 'file_path'), 'Write'),
  Edit: (args, context) => fileEdit(pathTargets(args, context, 'file_path'), 'Edit'),
  MultiEdit: (args, context) => fileEdit(pathTargets(args, context, 'file_path'), 'MultiEdit'),
  NotebookEdit: (args, context) => fileEdit(pathTargets(args, context, 'notebook_path'), 'NotebookEdit'),
  Read: (args, context) => readOnly(pathTargets(args, context, 'file_path').map((target) => ({ effect: 'fs.read', target })), 'structured'),
  LS: (args, context) => readOnly(pathTargets(args, context, 'path').map((target) => ({ effect: 'fs.list', target })), 'structured'),
  Glob: (args, context) => readOnly(searchFolder(args, context).map((target) => ({ effect: 'fs.search', target })), 'structured'),
  Grep: (args, context) => readOnly(searchFolder(args, context).map((target) => ({ effect: 'fs.search', target })), 'structured'),
};

/** Classifies calls to known structured tools; undefined for any other tool. */
export function classifyStructuredTool(tool: string, args: Arguments, definition: ToolDefinition | undefined, context: SessionContext, server?: string): Classification | undefined {
  const known = GIT_TOOLS[tool] ?? MEMORY_TOOLS[tool] ?? CLAUDE_CODE_TOOLS[tool];
  if (known !== undefined) return known(args, context, server);

  const sql = sqlArgument(tool, args, definition);
  if (sql !== undefined) return classifySqlTool(tool, String(args[sql]), args, definition, server);
  return undefined;
}

function classifySqlTool(tool: string, sql: string, args: Arguments, definition: ToolDefinition | undefined, server?: string): Classification {
  const draft = emptyDraft();
  const database = stringArgument(args, 'database_name', 'schema');
  const location = { connection: sqlConnection(args), dialect: sqlDialect(tool, definition, server), ...(database === undefined ? {} : { database }) };
  classifySql(sql, location, draft, tool);
  return finish(draft, 'sql');
}

/** Picks the SQL dialect from the server's name, the tool's name and its description; PostgreSQL otherwise. */
export function sqlDialect(tool: string, definition: ToolDefinition | undefined, server?: string): SqlDialect {
  const text = `${server ?? ''} ${tool} ${definition?.description ?? ''}`.toLowerCase();
  // PRAGMA statements exist only in SQLite.
  if (/sqlite|\bpragma\b/.test(text)) return 'sqlite';
  if (/mariadb/.test(text)) return 'mariadb';
  if (/mysql/.test(text)) return 'mysql';
  if (/sql ?server|mssql|t-sql/.test(text)) return 'transactsql';
  if (/bigquery/.test(text)) return 'bigquery';
  if (/snowflake/.test(text)) return 'snowflake';
  return 'postgresql';
}

function repositoryOf(args: Arguments, context: SessionContext): string {
  return normalizePath(stringArgument(args, 'repo_path', 'repoPath', 'repository', 'path', 'cwd') ?? context.cwd ?? '.', context);
}

function observeRepository(effect: string, args: Arguments, context: SessionContext): Classification {
  return readOnly([{ effect, target: gitTargets.repository(repositoryOf(args, context)) }], 'structured');
}

/** Records a diff limited to some paths as looks at those paths only, not at the whole working tree. */
function observeDiff(args: Arguments, context: SessionContext): Classification {
  const repository = repositoryOf(args, context);
  const paths = stringListArgument(args, 'paths', 'path', 'files').map((path) => ({ kind: 'path' as const, id: normalizePath(path, { ...context, cwd: repository }) }));
  if (paths.length > 0) return readOnly(paths.map((target) => ({ effect: 'git.diff', target })), 'structured');
  return readOnly([{ effect: 'git.diff', target: gitTargets.repository(repository) }], 'structured');
}

function gitWrite(effect: string, reason: string, args: Arguments, context: SessionContext): Classification {
  const draft = emptyDraft();
  const target = gitTargets.repository(repositoryOf(args, context));
  draft.findings.push({ level: 'write', effect, reason, targets: [target] });
  draft.writes.push(target);
  return finish(draft, 'structured');
}

function gitChange(level: 'write' | 'destructive', effect: string, reason: string, targets: Target[]): Classification {
  const draft = emptyDraft();
  draft.findings.push({ level, effect, reason, targets });
  draft.writes.push(...targets);
  return finish(draft, 'structured');
}

function gitPush(args: Arguments, context: SessionContext): Classification {
  const repository = repositoryOf(args, context);
  const remote = stringArgument(args, 'remote') ?? 'origin';
  const branch = stringArgument(args, 'branch', 'ref', 'refspec') ?? 'HEAD';
  const target = gitTargets.ref(repository, `${remote}/${branch.replace(/^\+/, '')}`);
  const forced = booleanArgument(args, 'force') === true || booleanArgument(args, 'force_with_lease') === true || booleanArgument(args, 'forceWithLease') === true || branch.startsWith('+');
  if (forced) return gitChange('destructive', 'git.push.force', `git_push with force overwrites ${remote}/${branch}, dropping commits others pushed`, [target]);
  if (booleanArgument(args, 'delete') === true) return gitChange('destructive', 'git.push.delete', `git_push deletes ${remote}/${branch}`, [target]);
  return gitChange('write', 'git.push', `git_push publishes commits to ${remote}/${branch}`, [target]);
}

function gitReset(args: Arguments, context: SessionContext): Classification {
  const repository = repositoryOf(args, context);
  const mode = (stringArgument(args, 'mode') ?? (booleanArgument(args, 'hard') === true ? 'hard' : 'mixed')).toLowerCase();
  const to = stringArgument(args, 'target', 'ref', 'commit', 'revision') ?? 'HEAD';
  if (mode === 'hard') return gitChange('destructive', 'git.reset.hard', `git_reset --hard to ${to} discards uncommitted changes in ${repository}`, [gitTargets.worktree(repository)]);
  return gitChange('write', 'git.reset', `git_reset ${mode} to ${to} moves the branch; the working tree stays`, [gitTargets.ref(repository, 'HEAD')]);
}

function gitClean(args: Arguments, context: SessionContext): Classification {
  const repository = repositoryOf(args, context);
  const dryRun = booleanArgument(args, 'dryRun') === true || booleanArgument(args, 'dry_run') === true || booleanArgument(args, 'force') === false;
  if (dryRun) return readOnly([{ effect: 'git.clean.preview', target: gitTargets.worktree(repository) }], 'structured');
  return gitChange('destructive', 'git.clean', `git_clean deletes untracked files in ${repository}`, [gitTargets.worktree(repository)]);
}

function gitCheckout(args: Arguments, context: SessionContext): Classification {
  const repository = repositoryOf(args, context);
  const paths = stringListArgument(args, 'paths', 'files', 'path');
  const force = booleanArgument(args, 'force') === true;
  if (paths.length > 0 || force) {
    const targets = paths.map((path) => ({ kind: 'path' as const, id: normalizePath(path, { ...context, cwd: repository }) }));
    return gitChange('destructive', 'git.checkout.discard', `git_checkout discards uncommitted changes to ${paths.join(', ') || 'the working tree'}`, [gitTargets.worktree(repository), ...targets]);
  }
  const branch = stringArgument(args, 'branch_name', 'branch', 'ref', 'target') ?? 'HEAD';
  return gitChange('write', 'git.checkout', `git_checkout switches to ${branch}; git refuses to overwrite changes`, [gitTargets.ref(repository, 'HEAD')]);
}

function gitBranch(args: Arguments, context: SessionContext): Classification {
  const repository = repositoryOf(args, context);
  const names = stringListArgument(args, 'branch_name', 'branch', 'name', 'delete');
  const deleting = booleanArgument(args, 'delete') === true || typeof args['delete'] === 'string' || booleanArgument(args, 'force_delete') === true;
  if (deleting) {
    const force = booleanArgument(args, 'force') === true || booleanArgument(args, 'force_delete') === true;
    return gitChange(force ? 'destructive' : 'write', force ? 'git.branch.delete' : 'git.branch.delete.merged', `git_branch deletes ${names.join(', ')}${force ? ' even if not merged' : ' if merged'}`, names.map((name) => gitTargets.ref(repository, name)));
  }
  return readOnly([{ effect: 'git.log', target: gitTargets.repository(repository) }], 'structured');
}

function gitStash(args: Arguments, context: SessionContext): Classification {
  const repository = repositoryOf(args, context);
  const action = (stringArgument(args, 'action', 'command') ?? 'push').toLowerCase();
  if (action === 'drop' || action === 'clear') return gitChange('destructive', 'git.stash.drop', `git_stash ${action} deletes stashed changes`, [gitTargets.ref(repository, 'refs/stash')]);
  if (action === 'list' || action === 'show') return readOnly([{ effect: 'git.stash.list', target: gitTargets.ref(repository, 'refs/stash') }], 'structured');
  return gitChange('write', 'git.stash', `git_stash ${action} changes the working tree`, [gitTargets.worktree(repository)]);
}

function memoryTargets(args: Arguments, server: string | undefined, argument: string, kind: string): Target[] {
  const value = args[argument];
  const names: string[] = [];
  if (Array.isArray(value)) {
    for (const item of value) {
      if (typeof item === 'string') names.push(item);
      else if (typeof item === 'object' && item !== null) {
        const record = item as Record<string, unknown>;
        for (const key of ['entityName', 'from', 'to', 'name']) if (typeof record[key] === 'string') names.push(record[key]);
      }
    }
  }
  const prefix = `${server ?? 'default'}:${kind}`;
  return names.length > 0 ? [...new Set(names)].map((name) => ({ kind: 'resource', id: `${prefix}:${name}` })) : [{ kind: 'resource', id: prefix }];
}

function memoryLoss(effect: string, reason: string, targets: Target[]): Classification {
  const draft = emptyDraft();
  draft.findings.push({ level: 'destructive', effect, reason: `${reason}: ${targets.map((target) => target.id.split(':').slice(2).join(':') || target.id).join(', ')}`, targets });
  draft.writes.push(...targets);
  return finish(draft, 'structured');
}

function fileWrite(targets: Target[], tool: string): Classification {
  const draft = emptyDraft();
  for (const target of targets) {
    draft.findings.push({ level: 'destructive', effect: 'fs.overwrite', reason: `${tool} replaces ${target.id} if it exists`, targets: [target] });
    draft.writes.push(target);
    draft.creates.push(target);
    const parent = parentTarget(target);
    if (parent !== undefined) draft.dependsOn.push(parent);
  }
  return finish(draft, 'structured');
}

function fileEdit(targets: Target[], tool: string): Classification {
  const draft = emptyDraft();
  for (const target of targets) {
    draft.findings.push({ level: 'write', effect: 'fs.edit', reason: `${tool} changes text in ${target.id}`, targets: [target] });
    draft.writes.push(target);
  }
  return finish(draft, 'structured');
}

function searchFolder(args: Arguments, context: SessionContext): Target[] {
  const targets = pathTargets(args, context, 'path');
  if (targets.length > 0) return targets;
  return context.cwd === undefined ? [] : [{ kind: 'path', id: normalizePath(context.cwd, context) }];
}

// Structured tools, SQL tools, server annotations and tool names: what a call does and to what.
import { describe, expect, it } from 'vitest';

import type { RiskLevel, ToolDefinition } from '@lookout/core';
import { preloadClassifiers } from '@lookout/core';
import { call, finding, observationIds, targetIds, unknownEffects } from './helpers.js';

const S = '/home/dev/shop';
const RUN_SQL: ToolDefinition = { name: 'run_sql', inputSchema: { type: 'object', properties: { sql: { type: 'string' } } } };
const QUERY: ToolDefinition = { name: 'query', inputSchema: { type: 'object', properties: { sql: { type: 'string' }, connection: { type: 'string' } } }, annotations: { readOnlyHint: true } };

interface Row {
  name: string;
  tool: string;
  args: Record<string, unknown>;
  definition?: ToolDefinition;
  level: RiskLevel;
  effect: string;
  reason: string;
  targets: string[];
  condition?: string;
}

const CHANGES: Row[] = [
  { name: 'write_file', tool: 'write_file', args: { path: `${S}/src/a.ts`, content: 'x' }, level: 'destructive', effect: 'fs.overwrite', reason: 'replaces', targets: [`${S}/src/a.ts`] },
  { name: 'write_file relative', tool: 'write_file', args: { path: 'notes.md', content: 'x' }, level: 'destructive', effect: 'fs.overwrite', reason: 'notes.md', targets: [`${S}/notes.md`] },
  { name: 'edit_file', tool: 'edit_file', args: { path: `${S}/a.ts`, edits: [] }, level: 'write', effect: 'fs.edit', reason: 'changes text', targets: [`${S}/a.ts`] },
  { name: 'create_directory', tool: 'create_directory', args: { path: `${S}/out` }, level: 'write', effect: 'fs.mkdir', reason: 'creates', targets: [`${S}/out`] },
  { name: 'move_file', tool: 'move_file', args: { source: `${S}/a`, destination: `${S}/b` }, level: 'destructive', effect: 'fs.move', reason: 'moves', targets: [`${S}/a`, `${S}/b`] },
  { name: 'git_reset hard', tool: 'git_reset', args: { repo_path: '/srv/repo', mode: 'hard', target: 'origin/main' }, level: 'destructive', effect: 'git.reset.hard', reason: 'discards uncommitted changes', targets: ['/srv/repo#worktree'] },
  { name: 'git_reset soft', tool: 'git_reset', args: { repo_path: '/srv/repo', mode: 'soft' }, level: 'write', effect: 'git.reset', reason: 'working tree stays', targets: ['/srv/repo@HEAD'] },
  { name: 'git_clean', tool: 'git_clean', args: { repo_path: '/srv/repo', force: true }, level: 'destructive', effect: 'git.clean', reason: 'untracked files', targets: ['/srv/repo#worktree'] },
  { name: 'git_push force', tool: 'git_push', args: { repo_path: '/srv/repo', remote: 'origin', branch: 'main', force: true }, level: 'destructive', effect: 'git.push.force', reason: 'origin/main', targets: ['/srv/repo@origin/main'] },
  { name: 'git_push', tool: 'git_push', args: { repo_path: '/srv/repo', remote: 'origin', branch: 'main' }, level: 'write', effect: 'git.push', reason: 'publishes', targets: ['/srv/repo@origin/main'] },
  { name: 'git_checkout paths', tool: 'git_checkout', args: { repo_path: '/srv/repo', paths: ['src/a.ts'] }, level: 'destructive', effect: 'git.checkout.discard', reason: 'src/a.ts', targets: ['/srv/repo#worktree', '/srv/repo/src/a.ts'] },
  { name: 'git_checkout branch', tool: 'git_checkout', args: { repo_path: '/srv/repo', branch_name: 'dev' }, level: 'write', effect: 'git.checkout', reason: 'dev', targets: ['/srv/repo@HEAD'] },
  { name: 'git_branch delete', tool: 'git_branch', args: { repo_path: '/srv/repo', branch_name: 'old', delete: true, force: true }, level: 'destructive', effect: 'git.branch.delete', reason: 'even if not merged', targets: ['/srv/repo@old'] },
  { name: 'git_commit', tool: 'git_commit', args: { repo_path: '/srv/repo', message: 'x' }, level: 'write', effect: 'git.commit', reason: 'commit', targets: ['/srv/repo'] },
  { name: 'delete_entities', tool: 'delete_entities', args: { entityNames: ['Alice', 'Bob'] }, level: 'destructive', effect: 'memory.delete', reason: 'Alice, Bob', targets: ['default:entity:Alice', 'default:entity:Bob'] },
  { name: 'delete_observations', tool: 'delete_observations', args: { deletions: [{ entityName: 'Alice', observations: ['x'] }] }, level: 'destructive', effect: 'memory.delete', reason: 'Alice', targets: ['default:entity:Alice'] },
  { name: 'delete_relations', tool: 'delete_relations', args: { relations: [{ from: 'A', to: 'B', relationType: 'knows' }] }, level: 'destructive', effect: 'memory.delete', reason: 'A, B', targets: ['default:entity:A', 'default:entity:B'] },
  { name: 'Claude Code Write', tool: 'Write', args: { file_path: `${S}/a.ts`, content: 'x' }, level: 'destructive', effect: 'fs.overwrite', reason: 'replaces', targets: [`${S}/a.ts`] },
  { name: 'Claude Code Edit', tool: 'Edit', args: { file_path: `${S}/a.ts`, old_string: 'a', new_string: 'b' }, level: 'write', effect: 'fs.edit', reason: 'changes text', targets: [`${S}/a.ts`] },
  { name: 'Claude Code MultiEdit', tool: 'MultiEdit', args: { file_path: `${S}/a.ts`, edits: [] }, level: 'write', effect: 'fs.edit', reason: 'MultiEdit', targets: [`${S}/a.ts`] },
  { name: 'Claude Code NotebookEdit', tool: 'NotebookEdit', args: { notebook_path: `${S}/a.ipynb`, new_source: 'x' }, level: 'write', effect: 'fs.edit', reason: 'NotebookEdit', targets: [`${S}/a.ipynb`] },
  { name: 'Claude Code Bash', tool: 'Bash', args: { command: 'rm -rf dist' }, level: 'destructive', effect: 'fs.delete', reason: 'recursively', targets: [`${S}/dist`] },
  { name: 'execute_command', tool: 'execute_command', args: { command: 'git reset --hard' }, level: 'destructive', effect: 'git.reset.hard', reason: 'discards', targets: [`${S}#worktree`] },
  { name: 'run_terminal_cmd', tool: 'run_terminal_cmd', args: { command: 'git push -f' }, level: 'destructive', effect: 'git.push.force', reason: 'overwrites', targets: [`${S}@origin/HEAD`] },
  { name: 'start_process', tool: 'start_process', args: { command: 'terraform destroy' }, level: 'critical', effect: 'infra.destroy', reason: 'destroys', targets: [`terraform:module:${S}`] },
  { name: 'Codex shell with an argument vector', tool: 'shell', args: { command: ['bash', '-lc', 'git reset --hard'], workdir: '/srv/repo' }, level: 'destructive', effect: 'git.reset.hard', reason: 'discards', targets: ['/srv/repo#worktree'] },
  { name: 'shell tool with a cwd argument', tool: 'shell', args: { command: 'rm -rf out', cwd: '/srv/app' }, level: 'destructive', effect: 'fs.delete', reason: '/srv/app/out', targets: ['/srv/app/out'] },
  { name: 'run_sql DROP', tool: 'run_sql', args: { sql: 'DROP TABLE tmp_signup_dupes;' }, definition: RUN_SQL, level: 'critical', effect: 'sql.drop', reason: 'drops the table tmp_signup_dupes', targets: ['default/*/tmp_signup_dupes'] },
  { name: 'run_sql TRUNCATE two tables', tool: 'execute', args: { sql: 'TRUNCATE orders, order_items RESTART IDENTITY CASCADE;' }, level: 'critical', effect: 'sql.truncate', reason: 'empties orders, order_items', targets: ['default/*/orders', 'default/*/order_items'] },
  { name: 'query TRUNCATE on a named connection', tool: 'query', args: { sql: 'TRUNCATE orders', connection: 'test' }, definition: QUERY, level: 'critical', effect: 'sql.truncate', reason: 'orders', targets: ['test/*/orders'] },
  { name: 'DELETE with WHERE', tool: 'run_sql', args: { sql: 'DELETE FROM newsletter_signups WHERE id IN (SELECT id FROM tmp_signup_dupes);' }, level: 'destructive', effect: 'sql.delete', reason: 'where', targets: ['default/*/newsletter_signups'], condition: 'id IN (SELECT id FROM "tmp_signup_dupes")' },
  { name: 'DELETE without WHERE', tool: 'run_sql', args: { sql: 'DELETE FROM sessions' }, level: 'critical', effect: 'sql.delete.unbounded', reason: 'without WHERE', targets: ['default/*/sessions'] },
  { name: 'UPDATE without WHERE', tool: 'run_sql', args: { sql: "UPDATE users SET plan = 'free'" }, level: 'critical', effect: 'sql.update.unbounded', reason: 'every row', targets: ['default/*/users'] },
  { name: 'UPDATE with WHERE', tool: 'run_sql', args: { sql: "UPDATE users SET plan = 'free' WHERE id = 7" }, level: 'write', effect: 'sql.update', reason: 'id = 7', targets: ['default/*/users'], condition: 'id = 7' },
  { name: 'INSERT', tool: 'run_sql', args: { sql: "INSERT INTO audit (event) VALUES ('x')" }, level: 'write', effect: 'sql.insert', reason: 'inserts rows', targets: ['default/*/audit'] },
  { name: 'CREATE TABLE AS', tool: 'run_sql', args: { sql: 'CREATE TABLE tmp AS SELECT id FROM users' }, level: 'write', effect: 'sql.create', reason: 'creates the table tmp', targets: ['default/*/tmp'] },
  { name: 'ALTER TABLE DROP COLUMN', tool: 'run_sql', args: { sql: 'ALTER TABLE users DROP COLUMN email' }, level: 'destructive', effect: 'sql.alter.drop', reason: 'column email', targets: ['default/*/users'] },
  { name: 'DROP DATABASE (unparsed by the grammar)', tool: 'run_sql', args: { sql: 'DROP DATABASE shop' }, level: 'critical', effect: 'sql.drop', reason: 'could not parse it, but it starts with DROP', targets: ['default/shop'] },
  { name: 'multi-statement with a DROP at the end', tool: 'run_sql', args: { sql: 'SELECT 1; INSERT INTO t VALUES (1); DROP TABLE t;' }, level: 'critical', effect: 'sql.drop', reason: 'drops the table t', targets: ['default/*/t'] },
  { name: 'CTE that deletes', tool: 'run_sql', args: { sql: 'WITH d AS (DELETE FROM jobs WHERE done RETURNING *) SELECT count(*) FROM d' }, level: 'destructive', effect: 'sql.delete', reason: 'jobs', targets: ['default/*/jobs'] },
  { name: 'unparseable SQL', tool: 'run_sql', args: { sql: 'VACUUM FULL orders' }, level: 'write', effect: 'sql.unparsed', reason: 'could not parse', targets: ['default/*'] },
  { name: 'setval in a SELECT', tool: 'execute', args: { sql: "SELECT setval('orders_id_seq', 1)" }, level: 'write', effect: 'sql.function', reason: 'setval', targets: ['default/*'] },
  { name: 'MySQL tool DELETE', tool: 'mysql_query', args: { query: 'DELETE FROM carts' }, level: 'critical', effect: 'sql.delete.unbounded', reason: 'carts', targets: ['default/*/carts'] },
  { name: 'database argument names the connection', tool: 'run_sql', args: { sql: 'DROP TABLE x', database: 'analytics' }, level: 'critical', effect: 'sql.drop', reason: 'x', targets: ['analytics/*/x'] },
  { name: 'annotation destructive', tool: 'delete_messages', args: { ids: ['m1', 'm2'] }, definition: { name: 'delete_messages', annotations: { readOnlyHint: false, destructiveHint: true } }, level: 'destructive', effect: 'resource.delete', reason: 'declared destructive', targets: ['default:message:m1', 'default:message:m2'] },
  { name: 'annotation write', tool: 'archive_messages', args: { ids: ['m1'] }, definition: { name: 'archive_messages', annotations: { readOnlyHint: false, destructiveHint: false } }, level: 'write', effect: 'resource.write', reason: 'non-destructive write', targets: ['default:message:m1'] },
  { name: 'annotation destructive on a path', tool: 'purge_cache', args: { path: '/var/cache/app' }, definition: { name: 'purge_cache', annotations: { destructiveHint: true } }, level: 'destructive', effect: 'fs.delete', reason: 'declared destructive', targets: ['/var/cache/app'] },
  { name: 'name heuristic delete', tool: 'deleteProject', args: { id: 'p1' }, level: 'destructive', effect: 'resource.delete', reason: 'named like a destructive tool', targets: ['default:project:p1'] },
  { name: 'name heuristic drop', tool: 'drop_index', args: { name: 'idx' }, level: 'destructive', effect: 'resource.drop', reason: '"drop"', targets: ['default:index:idx'] },
  { name: 'name heuristic reset', tool: 'reset_environment', args: {}, level: 'destructive', effect: 'resource.reset', reason: '"reset"', targets: ['default:environment'] },
  { name: 'name heuristic truncate', tool: 'truncate_log', args: { file: 'app.log' }, level: 'destructive', effect: 'fs.truncate', reason: '"truncate"', targets: [`${S}/app.log`] },
  { name: 'name heuristic purge', tool: 'purge-queue', args: { name: 'jobs' }, level: 'destructive', effect: 'resource.delete', reason: 'destructive', targets: ['default:queue:jobs'] },
  { name: 'name heuristic overwrite', tool: 'overwrite_config', args: { path: 'config.yml' }, level: 'destructive', effect: 'fs.overwrite', reason: '"overwrite"', targets: [`${S}/config.yml`] },
  { name: 'name heuristic force', tool: 'force_sync', args: {}, level: 'destructive', effect: 'resource.force', reason: '"force"', targets: ['default:sync'] },
  { name: 'name heuristic destroy', tool: 'destroy_vm', args: { id: 'vm-1' }, level: 'destructive', effect: 'resource.delete', reason: 'destructive', targets: ['default:vm:vm-1'] },
  { name: 'name heuristic empty', tool: 'empty_trash', args: {}, level: 'destructive', effect: 'resource.delete', reason: '"delete"', targets: ['default:trash'] },
  { name: 'unknown tool defaults to write', tool: 'send_invoice', args: { id: 'inv-1' }, level: 'write', effect: 'resource.write', reason: 'treated as a write', targets: ['default:invoice:inv-1'] },
];

const READS: Array<{ name: string; tool: string; args: Record<string, unknown>; definition?: ToolDefinition; effect: string; targets: string[] }> = [
  { name: 'read_text_file', tool: 'read_text_file', args: { path: `${S}/a.ts` }, effect: 'fs.read', targets: [`${S}/a.ts`] },
  { name: 'read_file', tool: 'read_file', args: { path: 'a.ts' }, effect: 'fs.read', targets: [`${S}/a.ts`] },
  { name: 'read_media_file', tool: 'read_media_file', args: { path: 'a.png' }, effect: 'fs.read', targets: [`${S}/a.png`] },
  { name: 'read_multiple_files', tool: 'read_multiple_files', args: { paths: ['a.ts', 'b.ts'] }, effect: 'fs.read', targets: [`${S}/a.ts`, `${S}/b.ts`] },
  { name: 'list_directory', tool: 'list_directory', args: { path: `${S}/docs` }, effect: 'fs.list', targets: [`${S}/docs`] },
  { name: 'list_directory_with_sizes', tool: 'list_directory_with_sizes', args: { path: 'docs' }, effect: 'fs.list', targets: [`${S}/docs`] },
  { name: 'directory_tree', tool: 'directory_tree', args: { path: 'docs' }, effect: 'fs.list', targets: [`${S}/docs`] },
  { name: 'search_files', tool: 'search_files', args: { path: 'src', pattern: '*.ts' }, effect: 'fs.search', targets: [`${S}/src`] },
  { name: 'get_file_info', tool: 'get_file_info', args: { path: 'a.ts' }, effect: 'fs.stat', targets: [`${S}/a.ts`] },
  { name: 'edit_file dry run', tool: 'edit_file', args: { path: 'a.ts', edits: [], dryRun: true }, effect: 'fs.read', targets: [`${S}/a.ts`] },
  { name: 'git_status', tool: 'git_status', args: { repo_path: '/srv/repo' }, effect: 'git.status', targets: ['/srv/repo'] },
  { name: 'git_diff whole repository', tool: 'git_diff', args: { repo_path: '/srv/repo', target: 'HEAD' }, effect: 'git.diff', targets: ['/srv/repo'] },
  { name: 'git_diff of some paths', tool: 'git_diff', args: { repo_path: '/srv/repo', paths: ['src/a.ts'] }, effect: 'git.diff', targets: ['/srv/repo/src/a.ts'] },
  { name: 'git_log of a ref', tool: 'git_log', args: { repo_path: '/srv/repo', ref: 'origin/main' }, effect: 'git.log', targets: ['/srv/repo@origin/main'] },
  { name: 'git_fetch', tool: 'git_fetch', args: { repo_path: '/srv/repo', remote: 'origin' }, effect: 'git.fetch', targets: ['/srv/repo'] },
  { name: 'git_show', tool: 'git_show', args: { repo_path: '/srv/repo', revision: 'HEAD' }, effect: 'git.show', targets: ['/srv/repo'] },
  { name: 'git_clean dry run', tool: 'git_clean', args: { repo_path: '/srv/repo', dryRun: true }, effect: 'git.clean.preview', targets: ['/srv/repo#worktree'] },
  { name: 'Claude Code Read', tool: 'Read', args: { file_path: `${S}/a.ts` }, effect: 'fs.read', targets: [`${S}/a.ts`] },
  { name: 'Claude Code LS', tool: 'LS', args: { path: `${S}/src` }, effect: 'fs.list', targets: [`${S}/src`] },
  { name: 'Claude Code Glob', tool: 'Glob', args: { pattern: '**/*.ts', path: `${S}/src` }, effect: 'fs.search', targets: [`${S}/src`] },
  { name: 'Claude Code Grep', tool: 'Grep', args: { pattern: 'TODO' }, effect: 'fs.search', targets: [S] },
  { name: 'SELECT identity', tool: 'run_sql', args: { sql: 'SELECT current_database() AS db, current_user AS role, inet_server_addr() AS host, version();' }, effect: 'sql.identity', targets: ['default/*'] },
  { name: 'SELECT identity on a connection', tool: 'query', args: { connection: 'test', sql: 'SELECT current_database(), inet_server_addr(), (SELECT count(*) FROM orders) AS orders' }, definition: QUERY, effect: 'sql.identity', targets: ['test/*'] },
  { name: 'count inside a subquery', tool: 'query', args: { connection: 'test', sql: 'SELECT current_database(), (SELECT count(*) FROM orders) AS orders' }, definition: QUERY, effect: 'sql.count', targets: ['test/*/orders'] },
  { name: 'SELECT of a literal', tool: 'run_sql', args: { sql: "SELECT 'delete'" }, effect: 'sql.select', targets: [] },
  { name: 'annotated read-only tool', tool: 'get_message', args: { id: 'm1' }, definition: { name: 'get_message', annotations: { readOnlyHint: true } }, effect: 'resource.read', targets: ['default:message:m1'] },
  { name: 'annotated read-only listing', tool: 'list_messages', args: { folder: 'INBOX' }, definition: { name: 'list_messages', annotations: { readOnlyHint: true } }, effect: 'resource.list', targets: ['default:message'] },
  { name: 'read_graph', tool: 'read_graph', args: {}, effect: 'resource.list', targets: ['default:entity'] },
  { name: 'name heuristic read', tool: 'get_weather', args: { city: 'Oslo' }, effect: 'resource.read', targets: ['default:weather'] },
];

describe('classifyCall on structured and SQL tools', () => {
  it.each(CHANGES)('$name', ({ tool, args, definition, level, effect, reason, targets, condition }) => {
    const classification = call(tool, args, definition);

    expect(classification.level).toBe(level);
    expect(finding(classification, effect)?.reason).toContain(reason);
    expect(targetIds(classification, effect)).toEqual(targets);
    if (condition !== undefined) expect(finding(classification, effect)?.condition).toBe(condition);
    expect(unknownEffects(classification)).toEqual([]);
  });

  it.each(READS)('$name reads', ({ tool, args, definition, effect, targets }) => {
    const classification = call(tool, args, definition);

    expect(classification.level).toBe('read');
    expect(observationIds(classification, effect)).toEqual(targets);
  });
});

describe('classifyCall on SQL conditions', () => {
  it('gives a count and a delete with the same WHERE the same condition', () => {
    const count = call('run_sql', { sql: 'SELECT count(*) FROM t WHERE a = 1 AND b > 2' });
    const remove = call('run_sql', { sql: 'delete from t where a = 1 and b > 2' });

    expect(count.observations[0]?.condition).toBe(finding(remove, 'sql.delete')?.condition);
  });

  it('gives different conditions different strings', () => {
    const count = call('run_sql', { sql: 'SELECT count(*) FROM t WHERE a = 1' });
    const remove = call('run_sql', { sql: 'DELETE FROM t WHERE a = 2' });

    expect(count.observations[0]?.condition).not.toBe(finding(remove, 'sql.delete')?.condition);
  });
});

describe('classifyCall on bad input', () => {
  it.each([
    ['arguments that are not an object', 'bash', 'rm -rf /'],
    ['a number as the command', 'bash', { command: 42 }],
    ['an empty command', 'bash', { command: '' }],
    ['an unterminated quote', 'bash', { command: 'rm -rf "build' }],
    ['SQL that is not a string', 'run_sql', { sql: ['DROP TABLE x'] }],
  ])('never throws on %s', (_name, tool, args) => {
    expect(() => call(tool, args as Record<string, unknown>)).not.toThrow();
  });

  it('keeps an rm -rf visible when the quote is unterminated', () => {
    const classification = call('bash', { command: 'rm -rf "build' });

    expect(classification.level).toBe('destructive');
    expect(finding(classification, 'shell.unparsed')?.reason).toContain('could not be parsed');
    expect(targetIds(classification, 'fs.delete')).toEqual([`${S}/build`]);
  });
});

describe('preloadClassifiers', () => {
  it('loads the parsers without throwing', () => {
    expect(() => preloadClassifiers()).not.toThrow();
    expect(call('bash', { command: 'rm -rf x' }).level).toBe('destructive');
  });
});

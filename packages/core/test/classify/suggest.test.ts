// suggestInvestigations: calls with the session's own tools, best first, read-only ones first.
import { describe, expect, it } from 'vitest';

import { classifyCall, suggestInvestigations, targetCovers } from '@lookout/core';
import type { ToolDefinition } from '@lookout/core';

const READ_ONLY = { readOnlyHint: true };
const FILESYSTEM: ToolDefinition[] = [
  { name: 'list_directory', annotations: READ_ONLY },
  { name: 'get_file_info', annotations: READ_ONLY },
  { name: 'read_text_file', annotations: READ_ONLY },
  { name: 'write_file', annotations: { destructiveHint: true } },
];
const BASH: ToolDefinition = { name: 'bash', inputSchema: { type: 'object', properties: { command: { type: 'string' } } } };
const GIT: ToolDefinition[] = [
  { name: 'git_status', annotations: READ_ONLY },
  { name: 'git_log', annotations: READ_ONLY },
  { name: 'git_fetch', annotations: { readOnlyHint: false, destructiveHint: false } },
];
const SQL: ToolDefinition[] = [
  { name: 'query', inputSchema: { type: 'object', properties: { sql: { type: 'string' }, connection: { type: 'string' } } }, annotations: READ_ONLY },
  { name: 'execute', inputSchema: { type: 'object', properties: { sql: { type: 'string' }, connection: { type: 'string' } } }, annotations: { destructiveHint: true } },
];
const context = { cwd: '/srv/app' };

describe('suggestInvestigations', () => {
  it('proposes a listing, then a stat, then a shell ls for a folder', () => {
    const calls = suggestInvestigations({ target: { kind: 'path', id: '/srv/app/data' }, effects: ['fs.list', 'fs.stat'], tools: [...FILESYSTEM, BASH], context });

    expect(calls).toEqual([
      { tool: 'list_directory', arguments: { path: '/srv/app/data' }, readOnly: true },
      { tool: 'get_file_info', arguments: { path: '/srv/app/data' }, readOnly: true },
      { tool: 'bash', arguments: { command: 'ls -la /srv/app/data' }, readOnly: false },
      { tool: 'bash', arguments: { command: 'ls -ld /srv/app/data' }, readOnly: false },
    ]);
  });

  it('quotes paths with spaces for the shell', () => {
    const calls = suggestInvestigations({ target: { kind: 'path', id: "/srv/my docs/it's" }, effects: ['fs.list'], tools: [BASH], context });

    expect(calls[0]?.arguments).toEqual({ command: "ls -la '/srv/my docs/it'\\''s'" });
  });

  it('proposes git_status on the repository of a working tree target', () => {
    const calls = suggestInvestigations({ target: { kind: 'git', id: '/srv/repo#worktree' }, effects: ['git.status'], tools: [...GIT, BASH], context });

    expect(calls[0]).toEqual({ tool: 'git_status', arguments: { repo_path: '/srv/repo' }, readOnly: true });
    expect(calls[1]?.arguments).toEqual({ command: 'git -C /srv/repo status --short --branch' });
  });

  it('proposes a log of the remote branch before a force push', () => {
    const calls = suggestInvestigations({ target: { kind: 'git', id: '/srv/repo@origin/main' }, effects: ['git.fetch', 'git.log'], tools: GIT, context });

    expect(calls).toContainEqual({ tool: 'git_log', arguments: { repo_path: '/srv/repo', max_count: 10, ref: 'origin/main' }, readOnly: true });
    expect(calls).toContainEqual({ tool: 'git_fetch', arguments: { repo_path: '/srv/repo', remote: 'origin' }, readOnly: false });
  });

  it('asks the same connection which database it is', () => {
    const calls = suggestInvestigations({ target: { kind: 'sql', id: 'test/*' }, effects: ['sql.identity'], tools: SQL, context });

    expect(calls[0]?.tool).toBe('query');
    expect(calls[0]?.arguments['connection']).toBe('test');
    expect(String(calls[0]?.arguments['sql'])).toContain('current_database()');
    expect(calls[0]?.readOnly).toBe(true);
  });

  it('counts rows with the same condition as the DELETE', () => {
    const calls = suggestInvestigations({ target: { kind: 'sql', id: 'default/*/orders' }, effects: ['sql.count'], condition: "status = 'void'", tools: SQL, context });

    expect(calls[0]?.arguments).toEqual({ sql: "SELECT count(*) FROM orders WHERE status = 'void';" });
  });

  it('proposes terraform plan -destroy in the module folder', () => {
    const calls = suggestInvestigations({ target: { kind: 'cloud', id: 'terraform:module:/home/dev/infra' }, effects: ['infra.plan'], tools: [BASH], context });

    expect(calls).toEqual([{ tool: 'bash', arguments: { command: 'terraform -chdir=/home/dev/infra plan -destroy -no-color' }, readOnly: false }]);
  });

  it('marks only server-declared read-only tools as read-only', () => {
    const calls = suggestInvestigations({ target: { kind: 'path', id: '/a' }, effects: ['fs.read'], tools: [{ name: 'read_text_file' }, BASH], context });

    expect(calls.every((suggested) => !suggested.readOnly)).toBe(true);
  });

  it('proposes nothing when the session has no fitting tool', () => {
    expect(suggestInvestigations({ target: { kind: 'path', id: '/a' }, effects: ['fs.list'], tools: [{ name: 'send_mail' }], context })).toEqual([]);
  });

  it('proposes a read-only getter for a resource', () => {
    const tools: ToolDefinition[] = [{ name: 'get_message', inputSchema: { type: 'object', properties: { id: { type: 'string' } } }, annotations: READ_ONLY }];
    const calls = suggestInvestigations({ target: { kind: 'resource', id: 'mail:message:m1' }, effects: ['resource.read'], tools, context });

    expect(calls).toEqual([{ tool: 'get_message', arguments: { id: 'm1' }, readOnly: true }]);
  });
});

describe('suggestInvestigations listings', () => {
  it.each([
    { name: 'a folder', id: '/srv/app/data', listed: '/srv/app/data' },
    { name: 'a file', id: '/srv/app/notes.txt', listed: '/srv/app' },
    { name: 'a glob', id: '/srv/app/**/*.pyc', listed: '/srv/app' },
    { name: 'a dotfile folder', id: '/srv/app/.git', listed: '/srv/app/.git' },
  ])('lists the folder that covers $name', ({ id, listed }) => {
    const calls = suggestInvestigations({ target: { kind: 'path', id, ...(id.includes('*') ? { glob: true } : {}) }, effects: ['fs.list'], tools: FILESYSTEM, context });

    expect(calls[0]).toEqual({ tool: 'list_directory', arguments: { path: listed }, readOnly: true });
  });
});

describe('suggestInvestigations identity queries', () => {
  it.each([
    { name: 'PostgreSQL by default', tool: { name: 'query', inputSchema: { type: 'object', properties: { sql: { type: 'string' } } } }, sql: 'current_database()' },
    { name: 'SQLite by description', tool: { name: 'query', description: 'Run a read-only SQL query (SELECT or PRAGMA).', inputSchema: { type: 'object', properties: { sql: { type: 'string' } } } }, sql: 'PRAGMA database_list;' },
    { name: 'MySQL by name', tool: { name: 'mysql_query', inputSchema: { type: 'object', properties: { sql: { type: 'string' } } } }, sql: '@@hostname' },
  ])('asks $name which database it is', ({ tool, sql }) => {
    const calls = suggestInvestigations({ target: { kind: 'sql', id: 'default/*' }, effects: ['sql.identity'], tools: [tool], context });

    expect(String(calls[0]?.arguments['sql'])).toContain(sql);
  });
});

describe('suggestInvestigations round trip', () => {
  it.each([
    { effect: 'git.status', target: { kind: 'git' as const, id: '/srv/repo#worktree' } },
    { effect: 'git.clean.preview', target: { kind: 'git' as const, id: '/srv/repo' } },
    { effect: 'git.stash.list', target: { kind: 'git' as const, id: '/srv/repo@refs/stash' } },
    { effect: 'git.log', target: { kind: 'git' as const, id: '/srv/repo@origin/main' } },
    { effect: 'fs.list', target: { kind: 'path' as const, id: '/srv/app/notes.txt' } },
    { effect: 'fs.stat', target: { kind: 'path' as const, id: '/srv/app/data' } },
    { effect: 'fs.read', target: { kind: 'path' as const, id: '/srv/app/package.json' } },
    { effect: 'infra.plan', target: { kind: 'cloud' as const, id: 'terraform:module:/srv/infra' } },
    { effect: 'k8s.get', target: { kind: 'cloud' as const, id: 'k8s:current:prod:deployment:web' } },
    { effect: 'k8s.get', target: { kind: 'cloud' as const, id: 'k8s:current:prod:helm:payments' } },
    { effect: 'docker.list', target: { kind: 'cloud' as const, id: 'docker:volume:pgdata' } },
    { effect: 'cloud.describe', target: { kind: 'url' as const, id: 's3://backups/2024/' } },
    { effect: 'http.get', target: { kind: 'url' as const, id: 'https://api.example.com/v1/users/42' } },
    { effect: 'db.status', target: { kind: 'resource' as const, id: 'prisma:project:/srv/app' } },
    { effect: 'db.status', target: { kind: 'resource' as const, id: 'knex:project:/srv/app' } },
  ])('proposes a shell call that observes $effect of $target.id', ({ effect, target }) => {
    const calls = suggestInvestigations({ target, effects: [effect], tools: [BASH], context });
    expect(calls.length).toBeGreaterThan(0);

    const suggested = calls[0] as (typeof calls)[number];
    const classification = classifyCall({ tool: suggested.tool, arguments: suggested.arguments, context });
    expect(classification.level).toBe('read');
    expect(classification.observations.some((observation) => observation.effect === effect && targetCovers(observation.target, target))).toBe(true);
  });

  it('proposes no git status for a path target', () => {
    const calls = suggestInvestigations({ target: { kind: 'path', id: '/srv/repo/a.pyc' }, effects: ['git.status', 'fs.stat'], tools: [...GIT, BASH], context });

    expect(calls.map((suggested) => suggested.tool)).not.toContain('git_status');
    expect(calls[0]?.arguments).toEqual({ command: 'ls -ld /srv/repo/a.pyc' });
  });
});

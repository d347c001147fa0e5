// Proposing investigative calls with the session's own tools: for a target and the effects that would
// satisfy its investigation, the exact calls an agent (or the proxy, for read-only tools) could make.
import { parentTarget } from '../targets.js';
import type { SuggestedCall, Target, ToolDefinition } from '../types.js';
import type { SuggestInput } from './types.js';
import { nameWords } from './args.js';
import { quoteShellWord } from './shell/quote.js';
import type { SqlDialect } from './sql/parser.js';
import { sqlDialect } from './structured.js';
import { schemaProperties, shellToolArgument, sqlToolArgument } from './tools.js';

type Proposer = (target: Target, input: SuggestInput) => SuggestedCall[];

/** Investigative effect → how to propose calls for it. Effects not listed propose nothing. */
const PROPOSERS: Record<string, Proposer> = {
  'fs.list': (target, input) => {
    const folder = listingFolder(target);
    return [
      ...callsWith(input.tools, ['list_directory', 'list_directory_with_sizes', 'directory_tree'], { path: folder }),
      ...callsWith(input.tools, ['LS'], { path: folder }),
      ...shellCalls(input.tools, `ls -la ${quoteShellWord(folder)}`),
    ];
  },
  'fs.stat': (target, input) => [
    ...callsWith(input.tools, ['get_file_info'], { path: target.id }),
    ...shellCalls(input.tools, `ls -ld ${quoteShellWord(target.id)}`),
  ],
  'fs.read': (target, input) => [
    ...callsWith(input.tools, ['read_text_file', 'read_file'], { path: target.id }),
    ...callsWith(input.tools, ['Read'], { file_path: target.id }),
    ...shellCalls(input.tools, `head -n 200 ${quoteShellWord(target.id)}`),
  ],
  'git.status': (target, input) => {
    const repository = gitRepository(target);
    return [
      ...callsWith(input.tools, ['git_status'], { repo_path: repository }),
      ...shellCalls(input.tools, `git -C ${quoteShellWord(repository)} status --short --branch`),
    ];
  },
  'git.log': (target, input) => gitRefCalls(target, input),
  'git.fetch': (target, input) => gitRefCalls(target, input),
  'sql.identity': (target, input) => sqlCalls(input.tools, target, (tool) => IDENTITY_QUERIES[sqlDialect(tool.name, tool)]),
  'sql.count': (target, input) => sqlTableCalls(target, input, 'count(*)'),
  'sql.select': (target, input) => sqlTableCalls(target, input, 'count(*)'),
  'infra.plan': (target, input) => {
    const folder = terraformFolder(target);
    const chdir = folder === undefined ? '' : ` -chdir=${quoteShellWord(folder)}`;
    const destroy = input.forEffect === 'infra.apply' ? '' : ' -destroy';
    return shellCalls(input.tools, `terraform${chdir} plan${destroy} -no-color`);
  },
  'git.clean.preview': (target, input) => shellCalls(input.tools, `git -C ${quoteShellWord(gitRepository(target))} clean -nd`),
  'git.stash.list': (target, input) => shellCalls(input.tools, `git -C ${quoteShellWord(gitRepository(target))} stash list`),
  'k8s.get': (target, input) => kubernetesCalls(target, input),
  'docker.list': (target, input) => {
    const listings: Record<string, string> = { volume: 'docker volume ls', image: 'docker images' };
    return shellCalls(input.tools, listings[target.id.split(':')[1] ?? ''] ?? 'docker ps -a');
  },
  'cloud.describe': (target, input) => (target.kind === 'url' && target.id.startsWith('s3://') ? shellCalls(input.tools, `aws s3 ls ${quoteShellWord(target.id)} --recursive --summarize`) : []),
  'http.get': (target, input) => shellCalls(input.tools, `curl -sS -i ${quoteShellWord(target.id)}`),
  'db.status': (target, input) => {
    const match = /^([\w-]+):project:(.+)$/.exec(target.id);
    const command = match?.[1] === undefined ? undefined : MIGRATION_STATUS[match[1]];
    if (command === undefined || match?.[2] === undefined) return [];
    return shellCalls(input.tools, `cd ${quoteShellWord(match[2])} && ${command}`);
  },
  'resource.list': (target, input) => resourceCalls(target, input, 'list'),
  'resource.read': (target, input) => resourceCalls(target, input, 'read'),
};

/** The command that shows a project's migration status, per database tool, as the shell classifier reads it. */
const MIGRATION_STATUS: Record<string, string> = {
  prisma: 'npx prisma migrate status',
  knex: 'npx knex migrate:status',
  sequelize: 'npx sequelize-cli db:migrate:status',
  drizzle: 'npx drizzle-kit check',
  rails: 'bin/rails db:version',
  django: 'python manage.py showmigrations',
};

/** The target kind each family of investigative effects looks at; a proposer only serves its own kind. */
const EFFECT_KINDS: Record<string, Target['kind'][]> = {
  fs: ['path'],
  git: ['git'],
  sql: ['sql'],
  infra: ['cloud'],
  k8s: ['cloud'],
  docker: ['cloud'],
  cloud: ['cloud', 'url'],
  http: ['url'],
  db: ['resource'],
  resource: ['resource'],
};

/** Calls with the session's own tools that would satisfy the investigation, best first, without repeats. */
export function suggestInvestigations(input: SuggestInput): SuggestedCall[] {
  const calls: SuggestedCall[] = [];
  const seen = new Set<string>();
  for (const effect of input.effects) {
    const proposer = PROPOSERS[effect];
    if (proposer === undefined) continue;
    // A git status cannot cover a path target, nor a listing a git target: skip proposers of other kinds.
    const kinds = EFFECT_KINDS[effect.slice(0, effect.indexOf('.'))];
    if (kinds !== undefined && !kinds.includes(input.target.kind)) continue;
    for (const call of proposer(input.target, input)) {
      const key = `${call.tool} ${JSON.stringify(call.arguments)}`;
      if (seen.has(key)) continue;
      seen.add(key);
      calls.push(call);
    }
  }

  // Read-only calls first, because a front end may make them itself; the order within each group stays.
  return [...calls.filter((call) => call.readOnly), ...calls.filter((call) => !call.readOnly)];
}

function callsWith(tools: ToolDefinition[], names: string[], args: Record<string, unknown>): SuggestedCall[] {
  const calls: SuggestedCall[] = [];
  for (const name of names) {
    const tool = tools.find((candidate) => candidate.name === name);
    if (tool !== undefined) calls.push({ tool: tool.name, arguments: args, readOnly: isReadOnly(tool) });
  }
  return calls;
}

function shellCalls(tools: ToolDefinition[], command: string): SuggestedCall[] {
  const calls: SuggestedCall[] = [];
  for (const tool of tools) {
    const argument = shellToolArgument(tool);
    if (argument !== undefined) calls.push({ tool: tool.name, arguments: { [argument]: command }, readOnly: isReadOnly(tool) });
  }
  return calls;
}

/** The query that shows which database and server a connection reaches, per dialect. */
const IDENTITY_QUERIES: Record<SqlDialect, string> = {
  postgresql: 'SELECT current_database(), current_user, inet_server_addr(), inet_server_port(), version();',
  mysql: 'SELECT DATABASE(), CURRENT_USER(), @@hostname, @@port, VERSION();',
  mariadb: 'SELECT DATABASE(), CURRENT_USER(), @@hostname, @@port, VERSION();',
  sqlite: 'PRAGMA database_list;',
  transactsql: 'SELECT DB_NAME(), SUSER_NAME(), @@SERVERNAME, @@VERSION;',
  bigquery: 'SELECT @@project_id, SESSION_USER();',
  snowflake: 'SELECT CURRENT_DATABASE(), CURRENT_USER(), CURRENT_ACCOUNT(), CURRENT_VERSION();',
};

function sqlCalls(tools: ToolDefinition[], target: Target, sql: string | ((tool: ToolDefinition) => string)): SuggestedCall[] {
  const [connection] = target.id.split('/');
  const calls: SuggestedCall[] = [];
  for (const tool of tools) {
    const argument = sqlToolArgument(tool);
    if (argument === undefined) continue;
    const args: Record<string, unknown> = { [argument]: typeof sql === 'string' ? sql : sql(tool) };
    const properties = schemaProperties(tool) ?? {};
    if (connection !== undefined && connection !== 'default' && 'connection' in properties) args['connection'] = connection;
    calls.push({ tool: tool.name, arguments: args, readOnly: isReadOnly(tool) });
  }
  return [...calls.filter((call) => call.readOnly), ...calls.filter((call) => !call.readOnly)];
}

function sqlTableCalls(target: Target, input: SuggestInput, selectList: string): SuggestedCall[] {
  const [, , table] = target.id.split('/');
  if (table === undefined || table === '*') return [];
  const where = input.condition === undefined ? '' : ` WHERE ${input.condition}`;
  return sqlCalls(input.tools, target, `SELECT ${selectList} FROM ${table}${where};`);
}

function gitRefCalls(target: Target, input: SuggestInput): SuggestedCall[] {
  const repository = gitRepository(target);
  const ref = target.id.includes('@') ? target.id.slice(target.id.lastIndexOf('@') + 1) : undefined;
  const remote = ref?.includes('/') === true ? ref.slice(0, ref.indexOf('/')) : 'origin';
  const logArgs: Record<string, unknown> = { repo_path: repository, max_count: 10 };
  if (ref !== undefined) logArgs['ref'] = ref;
  const shellRef = ref === undefined ? '' : ` ${quoteShellWord(ref)}`;
  return [
    ...callsWith(input.tools, ['git_fetch'], { repo_path: repository, remote }),
    ...callsWith(input.tools, ['git_log'], logArgs),
    ...shellCalls(input.tools, `git -C ${quoteShellWord(repository)} fetch ${quoteShellWord(remote)} && git -C ${quoteShellWord(repository)} log --oneline -10${shellRef}`),
  ];
}

/** `k8s:<context>:<namespace>:<kind>:<name>` → `kubectl get <kind> <name> -n <namespace>`. */
function kubernetesCalls(target: Target, input: SuggestInput): SuggestedCall[] {
  const [, , namespace, kind, name] = target.id.split(':');
  if (namespace === undefined || kind === undefined || kind === 'file' || kind === 'helm') {
    return kind === 'helm' && name !== undefined ? shellCalls(input.tools, `helm status ${quoteShellWord(name)} -n ${quoteShellWord(namespace ?? 'default')}`) : [];
  }
  const object = name === undefined ? kind : `${kind} ${quoteShellWord(name)}`;
  return shellCalls(input.tools, `kubectl get ${object} -n ${quoteShellWord(namespace)} -o wide`);
}

function resourceCalls(target: Target, input: SuggestInput, kindOfRead: 'list' | 'read'): SuggestedCall[] {
  const [, kind, id] = target.id.split(':');
  if (kind === undefined) return [];
  const calls: SuggestedCall[] = [];
  for (const tool of input.tools) {
    if (tool.annotations?.readOnlyHint !== true) continue;
    const words = nameWords(tool.name);
    if (!words.some((word) => word === kind || word === `${kind}s`)) continue;
    const properties = schemaProperties(tool) ?? {};
    if (kindOfRead === 'read' && id !== undefined && 'id' in properties) calls.push({ tool: tool.name, arguments: { id }, readOnly: true });
    if (kindOfRead === 'list' && (words[0] === 'list' || words[0] === 'search')) calls.push({ tool: tool.name, arguments: {}, readOnly: true });
  }
  return calls;
}

/**
 * Returns the folder whose listing covers a path target: a glob's folder part, the parent of a name that
 * looks like a file (`notes.txt`), or the path itself. Listing a file's parent works whether or not the
 * file exists, where listing the file fails.
 */
function listingFolder(target: Target): string {
  if (target.glob === true) {
    const first = target.id.search(/[*?[\]{}]/);
    const cut = target.id.lastIndexOf('/', first);
    return cut <= 0 ? '/' : target.id.slice(0, cut);
  }
  const name = target.id.slice(target.id.lastIndexOf('/') + 1);
  if (/^[^.].*\.[A-Za-z0-9]{1,8}$/.test(name)) return parentTarget(target)?.id ?? target.id;
  return target.id;
}

function gitRepository(target: Target): string {
  return target.id.replace(/[#@].*$/, '');
}

function terraformFolder(target: Target): string | undefined {
  const match = /^terraform:module:(.+)$/.exec(target.id);
  return match?.[1];
}

function isReadOnly(tool: ToolDefinition): boolean {
  return tool.annotations?.readOnlyHint === true;
}

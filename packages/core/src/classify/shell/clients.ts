// Database clients and database tooling on the command line: psql, mysql and sqlite3 with their SQL,
// ORMs' migration and seed commands (prisma, drizzle-kit, knex, sequelize, typeorm, rails, django),
// and package-manager scripts named like a reset, drop or seed.
import { classifySql, databaseTarget } from '../sql/classify-sql.js';
import type { SqlLocation } from '../sql/classify-sql.js';
import type { SqlDialect } from '../sql/parser.js';
import type { Target } from '../../types.js';
import { addFinding, addObservations, display } from './context.js';
import type { CommandContext, CommandHandler } from './context.js';
import type { ExpandedWord } from './expand.js';
import { parseArguments } from './options.js';
import { nameWords } from '../args.js';

interface ClientSpec {
  dialect: SqlDialect;
  /** Options whose value is SQL to run. */
  sqlOptions: string[];
  /** Options that take a value (so the value is not read as an operand). */
  valued: string[];
  hostOptions: string[];
  databaseOptions: string[];
  fileOptions: string[];
}

const POSTGRES: ClientSpec = { dialect: 'postgresql', sqlOptions: ['c', 'command'], valued: ['c', 'command', 'd', 'dbname', 'h', 'host', 'p', 'port', 'U', 'username', 'f', 'file', 'v', 'set', 'variable', 'P', 'pset', 'o', 'output', 'L', 'log-file', 'F', 'field-separator', 'R', 'record-separator', 'T'], hostOptions: ['h', 'host'], databaseOptions: ['d', 'dbname'], fileOptions: ['f', 'file'] };
const MYSQL: ClientSpec = { dialect: 'mysql', sqlOptions: ['e', 'execute'], valued: ['e', 'execute', 'h', 'host', 'P', 'port', 'u', 'user', 'D', 'database', 'S', 'socket', 'default-character-set'], hostOptions: ['h', 'host'], databaseOptions: ['D', 'database'], fileOptions: [] };

/** Words in a script or task name that mark it as destroying data. */
const DESTRUCTIVE_SCRIPT_WORDS = new Set(['reset', 'drop', 'seed', 'nuke', 'wipe', 'purge', 'destroy', 'truncate', 'flush', 'fresh', 'teardown', 'clear', 'delete', 'rollback']);
const PACKAGE_MANAGER_BUILTINS = new Set(['install', 'i', 'add', 'remove', 'rm', 'uninstall', 'un', 'update', 'up', 'upgrade', 'ci', 'link', 'unlink', 'publish', 'pack', 'init', 'create', 'outdated', 'list', 'ls', 'why', 'audit', 'store', 'prune', 'dedupe', 'config', 'import', 'rebuild', 'patch', 'env', 'setup', 'licenses', 'info', 'view', 'search', 'whoami', 'login', 'logout', 'version', 'help', 'doctor', 'cache', 'root', 'bin', 'fetch', 'test', 't', 'start', 'stop', 'restart', 'build', 'unpublish', 'deprecate', 'dist-tag', 'owner', 'exec', 'dlx', 'x']);
const READ_BUILTINS = new Set(['outdated', 'list', 'ls', 'why', 'audit', 'info', 'view', 'search', 'whoami', 'version', 'help', 'doctor', 'root', 'bin', 'licenses', 'config']);

export const CLIENT_COMMANDS: Record<string, CommandHandler> = {
  psql: (command) => runSqlClient(command, POSTGRES),
  mysql: (command) => runSqlClient(command, MYSQL),
  mariadb: (command) => runSqlClient(command, { ...MYSQL, dialect: 'mariadb' }),
  sqlite3: runSqlite,
  sqlite: runSqlite,
  duckdb: runSqlite,
  sqlcmd: (command) => runSqlClient(command, { dialect: 'transactsql', sqlOptions: ['Q', 'q'], valued: ['Q', 'q', 'S', 'd', 'U', 'P', 'i', 'o'], hostOptions: ['S'], databaseOptions: ['d'], fileOptions: ['i'] }),
  'clickhouse-client': (command) => runSqlClient(command, { dialect: 'mysql', sqlOptions: ['q', 'query'], valued: ['q', 'query', 'h', 'host', 'd', 'database', 'u', 'user', 'port'], hostOptions: ['h', 'host'], databaseOptions: ['d', 'database'], fileOptions: [] }),
  'redis-cli': runRedis,
  mongosh: runMongo,
  mongo: runMongo,
  prisma: runPrisma,
  'drizzle-kit': runDrizzle,
  knex: runKnex,
  sequelize: runSequelize,
  'sequelize-cli': runSequelize,
  typeorm: runTypeorm,
  rails: runRakeTasks,
  rake: runRakeTasks,
  supabase: runSupabase,
  npm: (command) => runPackageManager(command, 'npm'),
  pnpm: (command) => runPackageManager(command, 'pnpm'),
  yarn: (command) => runPackageManager(command, 'yarn'),
  bun: (command) => runPackageManager(command, 'bun'),
  make: runMake,
  just: runMake,
  python: runPython,
  python3: runPython,
};

function runSqlClient(command: CommandContext, spec: ClientSpec): void {
  // mysql takes its password glued to -p (`-psecret`); read as short options it would look like -e.
  const args = spec.dialect === 'mysql' || spec.dialect === 'mariadb' ? command.args.filter((arg) => !/^(-p.+|--password(=.*)?)$/.test(arg.text)) : command.args;
  const parsed = parseArguments(args, spec.valued);
  const location = clientLocation(parsed.values, parsed.operands, spec);
  const origin = display(command);

  const statements = spec.sqlOptions.flatMap((option) => parsed.values.get(option) ?? []);
  for (const sql of statements) classifySql(sql, location, command.draft, origin);

  const files = spec.fileOptions.flatMap((option) => parsed.values.get(option) ?? []);
  for (const file of files) {
    addFinding(command, { level: 'write', effect: 'sql.unparsed', reason: `${command.name} runs the SQL in ${file}, which Lookout has not read, so it is treated as a write`, targets: [databaseTarget(location)] });
  }
  const redirected = command.invocation.redirects.find((redirect) => redirect.operator === '<')?.target.text;
  if (redirected !== undefined) files.push(redirected);
  if (redirected !== undefined) {
    addFinding(command, { level: 'write', effect: 'sql.unparsed', reason: `${command.name} runs the SQL in ${redirected}, which Lookout has not read, so it is treated as a write`, targets: [databaseTarget(location)] });
  }
  if (statements.length === 0 && files.length === 0) classifyInput(command, location, origin);
}

/** SQL given on standard input: a here-document, a here-string, or `echo "…" |`. */
function classifyInput(command: CommandContext, location: SqlLocation, origin: string): void {
  const input = command.invocation.input ?? echoedText(command);
  if (input !== undefined) {
    classifySql(input, location, command.draft, origin);
    return;
  }
  addFinding(command, { level: 'write', effect: 'sql.unparsed', reason: `${command.name} reads SQL from its input, which Lookout cannot see, so it is treated as a write`, targets: [databaseTarget(location)] });
}

function echoedText(command: CommandContext): string | undefined {
  const source = command.invocation.pipedFrom;
  const name = source?.argv[0]?.text;
  if (source === undefined || (name !== 'echo' && name !== 'printf')) return undefined;
  return source.argv.slice(1).filter((arg) => !/^-[neE]+$/.test(arg.text)).map((arg) => arg.text).join(' ').replace(/\\n/g, '\n');
}

function clientLocation(values: Map<string, string[]>, operands: ExpandedWord[], spec: ClientSpec): SqlLocation {
  let host = spec.hostOptions.map((option) => values.get(option)?.[0]).find((value) => value !== undefined);
  let database = spec.databaseOptions.map((option) => values.get(option)?.[0]).find((value) => value !== undefined);

  for (const operand of operands) {
    const url = parseConnectionUrl(operand);
    if (url !== undefined) {
      host = url.host ?? host;
      database = url.database ?? database;
    } else if (database === undefined) {
      database = operand.text;
    }
  }
  // Passwords never enter target ids: only the host and the database name do.
  const location: SqlLocation = { connection: host ?? 'local', dialect: spec.dialect };
  if (database !== undefined && database !== '') location.database = database;
  return location;
}

/** `postgres://user:secret@db.internal:5432/shop` → host and database; `"$DATABASE_URL"` → the variable's name. */
function parseConnectionUrl(word: ExpandedWord): { host?: string; database?: string } | undefined {
  if (word.unknown.length > 0 && word.text === '') return { host: `$${word.unknown[0] ?? 'URL'}` };
  const match = /^[a-z+]+:\/\/(?:[^@/]*@)?([^/:?]+)(?::\d+)?(?:\/([^?]*))?/i.exec(word.text);
  if (match === null) return undefined;
  const result: { host?: string; database?: string } = {};
  if (match[1] !== undefined) result.host = match[1];
  if (match[2] !== undefined && match[2] !== '') result.database = match[2];
  return result;
}

function runSqlite(command: CommandContext): void {
  const parsed = parseArguments(command.args, ['cmd', 'separator', 'nullvalue', 'init', 'c']);
  const [file, ...sqlWords] = parsed.operands;
  const database = file === undefined ? 'memory' : (file.text.split('/').pop() ?? file.text);
  const location: SqlLocation = { connection: 'sqlite', database, dialect: 'sqlite' };
  const origin = display(command);
  const sql = [...(parsed.values.get('cmd') ?? []), ...(parsed.values.get('c') ?? []), ...sqlWords.map((word) => word.text)];
  if (sql.length > 0) {
    for (const text of sql) {
      if (text.trimStart().startsWith('.')) classifySqliteDotCommand(command, text.trim(), location);
      else classifySql(text, location, command.draft, origin);
    }
    return;
  }
  classifyInput(command, location, origin);
}

/** sqlite3's dot commands: `.tables` and `.schema` look, `.databases` names the file, the rest may change things. */
function classifySqliteDotCommand(command: CommandContext, text: string, location: SqlLocation): void {
  const name = /^\.(\w+)/.exec(text)?.[1] ?? '';
  if (name === 'databases' || name === 'dbinfo') {
    addObservations(command, 'sql.identity', [databaseTarget(location)]);
    return;
  }
  if (['tables', 'schema', 'indexes', 'indices', 'show', 'dump', 'fullschema', 'help', 'headers', 'mode'].includes(name)) {
    addObservations(command, 'sql.schema', [databaseTarget(location)]);
    return;
  }
  addFinding(command, { level: 'write', effect: 'sql.unparsed', reason: `sqlite3 runs the dot command .${name}, which Lookout treats as a write`, targets: [databaseTarget(location)] });
}

function runRedis(command: CommandContext): void {
  const parsed = parseArguments(command.args, ['h', 'p', 'a', 'n', 'u', 'user', 'pass']);
  const verb = parsed.operands[0]?.text.toUpperCase();
  const host = parsed.values.get('h')?.[0] ?? 'local';
  const target: Target = { kind: 'resource', id: `redis:${host}:${parsed.values.get('n')?.[0] ?? '0'}` };
  if (verb === 'FLUSHALL' || verb === 'FLUSHDB') {
    addFinding(command, { level: 'critical', effect: 'db.flush', reason: `redis-cli ${verb} deletes every key`, targets: [target] });
  } else if (verb === 'DEL' || verb === 'UNLINK') {
    addFinding(command, { level: 'destructive', effect: 'db.delete', reason: `redis-cli ${verb} deletes keys ${parsed.operands.slice(1).map((arg) => arg.text).join(', ')}`, targets: [target] });
  } else if (verb === 'DBSIZE' || verb === 'INFO' || verb === 'KEYS' || verb === 'SCAN') {
    addObservations(command, 'db.status', [target]);
  } else if (verb !== undefined && !['GET', 'PING', 'TTL', 'TYPE', 'EXISTS', 'HGET', 'HGETALL', 'LRANGE', 'SMEMBERS', 'MGET'].includes(verb)) {
    addFinding(command, { level: 'write', effect: 'db.write', reason: `redis-cli ${verb} changes keys`, targets: [target] });
  }
}

function runMongo(command: CommandContext): void {
  const parsed = parseArguments(command.args, ['eval', 'host', 'port', 'u', 'p', 'username', 'password', 'authenticationDatabase']);
  const script = parsed.values.get('eval')?.join('\n') ?? command.invocation.input ?? '';
  const target: Target = { kind: 'resource', id: `mongodb:${parsed.operands[0]?.text ?? 'local'}` };
  // NOTE: mongosh scripts are JavaScript; only the well-known destructive calls are recognised here.
  if (/\b(dropDatabase|drop)\s*\(/.test(script)) addFinding(command, { level: 'critical', effect: 'db.drop', reason: 'mongosh drops a database or collection', targets: [target] });
  else if (/\b(deleteMany|remove|deleteOne|findOneAndDelete)\s*\(/.test(script)) addFinding(command, { level: 'destructive', effect: 'db.delete', reason: 'mongosh deletes documents', targets: [target] });
  else if (script !== '' && /\b(insert|update|replace|create|rename)\w*\s*\(/.test(script)) addFinding(command, { level: 'write', effect: 'db.write', reason: 'mongosh changes documents', targets: [target] });
}

function runPrisma(command: CommandContext): void {
  const words = command.args.map((arg) => arg.text);
  const target = projectDatabase(command, 'prisma');
  const has = (...flags: string[]): boolean => flags.some((flag) => words.includes(flag));
  if (words[0] === 'migrate' && words[1] === 'status') return addObservations(command, 'db.status', [target]);
  if (words[0] === 'migrate' && words[1] === 'reset') return critical(command, 'db.reset', 'prisma migrate reset drops the database and reapplies every migration', target);
  if (words[0] === 'db' && words[1] === 'push' && has('--force-reset')) return critical(command, 'db.reset', 'prisma db push --force-reset drops all data and recreates the schema', target);
  if (words[0] === 'db' && words[1] === 'push' && has('--accept-data-loss')) return destructive(command, 'db.schema.push', 'prisma db push --accept-data-loss applies schema changes that drop data', target);
  if (words[0] === 'db' && words[1] === 'seed') return destructive(command, 'db.seed', 'prisma db seed runs the seed script, which commonly replaces rows', target);
  if (words[0] === 'db' && words[1] === 'execute') return write(command, 'db.execute', 'prisma db execute runs SQL from a file or input', target);
  if (words[0] === 'migrate' || (words[0] === 'db' && words[1] === 'push')) return write(command, 'db.migrate', `prisma ${words.slice(0, 2).join(' ')} changes the database schema`, target);
}

function runDrizzle(command: CommandContext): void {
  const verb = command.args[0]?.text ?? '';
  const target = projectDatabase(command, 'drizzle');
  if (verb.startsWith('check') || verb.startsWith('studio')) return addObservations(command, 'db.status', [target]);
  if (verb.startsWith('push')) return destructive(command, 'db.schema.push', 'drizzle-kit push applies the schema directly and can drop columns and tables', target);
  if (verb.startsWith('drop')) return destructive(command, 'db.migration.drop', 'drizzle-kit drop deletes a migration', target);
  if (verb.startsWith('migrate')) return write(command, 'db.migrate', 'drizzle-kit migrate applies migrations', target);
}

function runKnex(command: CommandContext): void {
  const verb = command.args.find((arg) => !arg.text.startsWith('-'))?.text ?? '';
  const target = projectDatabase(command, 'knex');
  if (/^migrate:(status|list|currentVersion)/.test(verb)) return addObservations(command, 'db.status', [target]);
  if (/^migrate:(rollback|down)/.test(verb)) return destructive(command, 'db.migrate.rollback', `knex ${verb} reverts migrations, dropping what they created`, target);
  if (/^seed:run/.test(verb)) return destructive(command, 'db.seed', 'knex seed:run runs seed files, which commonly delete and replace rows', target);
  if (/^migrate:/.test(verb)) return write(command, 'db.migrate', `knex ${verb} applies migrations`, target);
}

function runSequelize(command: CommandContext): void {
  const verb = command.args.find((arg) => !arg.text.startsWith('-'))?.text ?? '';
  const target = projectDatabase(command, 'sequelize');
  if (verb === 'db:migrate:status') return addObservations(command, 'db.status', [target]);
  if (verb === 'db:drop') return critical(command, 'db.drop', 'sequelize db:drop drops the database', target);
  if (/^db:migrate:undo/.test(verb)) return destructive(command, 'db.migrate.rollback', `sequelize ${verb} reverts migrations`, target);
  if (/^db:seed/.test(verb)) return destructive(command, 'db.seed', `sequelize ${verb} runs or reverts seeders, which delete and replace rows`, target);
  if (/^db:/.test(verb)) return write(command, 'db.migrate', `sequelize ${verb} changes the database`, target);
}

function runTypeorm(command: CommandContext): void {
  const verb = command.args.find((arg) => !arg.text.startsWith('-'))?.text ?? '';
  const target = projectDatabase(command, 'typeorm');
  if (verb === 'schema:drop') return critical(command, 'db.drop', 'typeorm schema:drop drops every table', target);
  if (verb === 'schema:sync') return destructive(command, 'db.schema.push', 'typeorm schema:sync changes the schema to match the entities and can drop columns', target);
  if (verb === 'migration:revert') return destructive(command, 'db.migrate.rollback', 'typeorm migration:revert reverts the last migration', target);
  if (verb.startsWith('migration:run')) return write(command, 'db.migrate', 'typeorm migration:run applies migrations', target);
}

function runRakeTasks(command: CommandContext): void {
  const target = projectDatabase(command, command.name);
  for (const task of command.args.map((arg) => arg.text)) {
    if (['db:drop', 'db:reset', 'db:schema:load', 'db:purge', 'db:setup'].includes(task)) return critical(command, 'db.reset', `${command.name} ${task} drops or reloads the database`, target);
    if (task.startsWith('db:rollback') || task.startsWith('db:migrate:down')) return destructive(command, 'db.migrate.rollback', `${command.name} ${task} reverts migrations`, target);
    if (task.startsWith('db:seed')) return destructive(command, 'db.seed', `${command.name} ${task} runs the seeds`, target);
    if (task === 'db:version' || task === 'db:migrate:status') return addObservations(command, 'db.status', [target]);
  }
  write(command, 'shell.exec', `${command.name} runs tasks`, target);
}

function runSupabase(command: CommandContext): void {
  const words = command.args.map((arg) => arg.text);
  const target = projectDatabase(command, 'supabase');
  if (words[0] === 'db' && words[1] === 'reset') return critical(command, 'db.reset', 'supabase db reset recreates the database', target);
  if (words[0] === 'db' && words[1] === 'push') return write(command, 'db.migrate', 'supabase db push applies migrations', target);
  write(command, 'shell.exec', `supabase ${words.slice(0, 2).join(' ')} runs`, target);
}

function runPython(command: CommandContext): void {
  const script = command.args[0]?.text ?? '';
  if (/manage\.py$/.test(script)) {
    const task = command.args[1]?.text ?? '';
    const target = projectDatabase(command, 'django');
    if (task === 'flush' || task === 'reset_db') return critical(command, 'db.reset', `manage.py ${task} deletes every row of every table`, target);
    if (task === 'migrate' && command.args[3]?.text === 'zero') return destructive(command, 'db.migrate.rollback', 'manage.py migrate … zero reverts every migration of the app', target);
    if (task === 'migrate') return write(command, 'db.migrate', 'manage.py migrate applies migrations', target);
    if (task === 'showmigrations') return addObservations(command, 'db.status', [target]);
    if (['shell', 'dbshell', 'runserver', 'test', 'check', 'makemigrations'].includes(task)) return;
  }
  if (command.args.some((arg) => arg.text === '-c')) return write(command, 'shell.exec', `${command.name} -c runs inline code, which Lookout does not read`, projectDatabase(command, 'python'));
  if (script !== '' && !script.startsWith('-')) write(command, 'shell.exec', `${command.name} runs ${script}, which Lookout does not read`, projectDatabase(command, 'python'));
}

function runMake(command: CommandContext): void {
  const targets = command.args.filter((arg) => !arg.text.startsWith('-') && !arg.text.includes('=')).map((arg) => arg.text);
  const destructiveTarget = targets.find(isDestructiveScriptName);
  if (destructiveTarget !== undefined) return destructive(command, 'script.destructive', `${command.name} ${destructiveTarget} runs a task named like a reset, drop or seed`, scriptTarget(command, command.name === 'just' ? 'justfile' : 'Makefile'));
  write(command, 'script.run', `${command.name} ${targets.join(' ')} runs build tasks`.trim(), projectDatabase(command, command.name));
}

function runPackageManager(command: CommandContext, manager: string): void {
  const args = command.args.filter((arg, index, all) => !isManagerOption(arg.text, all[index - 1]?.text));
  const first = args[0]?.text;
  if (first === undefined) return;

  if (first === 'exec' || first === 'dlx' || first === 'x' || (manager === 'bun' && first === 'x')) {
    command.runArguments(args.slice(1));
    return;
  }
  const isRun = first === 'run' || first === 'run-script' || first === 'rs';
  const script = isRun ? args[1]?.text : PACKAGE_MANAGER_BUILTINS.has(first) ? undefined : first;

  if (script === undefined) {
    if (isRun || READ_BUILTINS.has(first)) return;
    if (first === 'unpublish') return destructive(command, 'pkg.unpublish', `${manager} unpublish removes a published package version`, scriptTarget(command, 'package.json'));
    write(command, first === 'test' || first === 't' ? 'script.run' : 'pkg.install', `${manager} ${first} runs`, projectDatabase(command, manager));
    return;
  }

  if (isDestructiveScriptName(script)) {
    destructive(command, 'script.destructive', `${manager} runs the script "${script}", named like a reset, drop or seed`, scriptTarget(command, 'package.json'));
    return;
  }
  // `pnpm prisma …` and `yarn knex …` run a package's binary, which may be a tool known here.
  if (!isRun && CLIENT_COMMANDS[script] !== undefined) {
    const start = command.args.findIndex((arg) => arg.text === script);
    command.runArguments(command.args.slice(start));
    return;
  }
  write(command, 'script.run', `${manager} runs the script "${script}"`, scriptTarget(command, 'package.json'));
}

/** Options of npm, pnpm, yarn and bun that take the next argument as their value. */
const VALUED_MANAGER_OPTIONS = /^--?(filter|prefix|dir|workspace|cwd|F|C|w)$/;

function isManagerOption(text: string, previous: string | undefined): boolean {
  if (previous !== undefined && VALUED_MANAGER_OPTIONS.test(previous)) return true;
  return text.startsWith('-');
}

function isDestructiveScriptName(name: string): boolean {
  return nameWords(name).some((word) => DESTRUCTIVE_SCRIPT_WORDS.has(word));
}

/** Returns the file that defines a script (package.json, Makefile), because reading it investigates the script. */
function scriptTarget(command: CommandContext, manifest: string): Target {
  return { kind: 'path', id: `${command.invocation.cwd === '/' ? '' : command.invocation.cwd}/${manifest}` };
}

/** Returns one target per folder and tool for the database a project's tooling uses, which only its configuration names. */
function projectDatabase(command: CommandContext, tool: string): Target {
  return { kind: 'resource', id: `${tool}:project:${command.invocation.cwd}` };
}

function critical(command: CommandContext, effect: string, reason: string, target: Target): void {
  addFinding(command, { level: 'critical', effect, reason, targets: [target] });
}

function destructive(command: CommandContext, effect: string, reason: string, target: Target): void {
  addFinding(command, { level: 'destructive', effect, reason, targets: [target] });
}

function write(command: CommandContext, effect: string, reason: string, target: Target): void {
  addFinding(command, { level: 'write', effect, reason, targets: [target] });
}

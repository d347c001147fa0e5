// The options of `lookout proxy` (≡ `lookout-mcp`): parsed from argv and the environment, validated once with
// zod, then frozen. Every flag, its unit and its default is listed in PROXY_HELP.
import { homedir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { z } from 'zod';

export const DEFAULT_CALL_TIMEOUT_SECONDS = 600;
export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

export const PROXY_HELP = `Usage: lookout-mcp [options] -- COMMAND [ARGS...]
       lookout-mcp [options] --upstream-url URL
       (lookout proxy takes the same arguments)

Sits between an MCP client and an MCP server and forwards every message; the guard checks tool calls.

Upstream server (one of):
  -- COMMAND [ARGS...]       start the server as a child process and talk to it over stdio; it inherits the
                             environment and working directory, and its stderr goes to lookout-mcp's stderr
  --upstream-url URL         connect to a server over HTTP instead
  --header 'Name: value'     HTTP header sent to --upstream-url; repeat for several (default: none)
  --transport KIND           streamable-http or sse (the HTTP+SSE transport of protocol 2024-11-05)
                             for --upstream-url (default: streamable-http)

Client side:
  --listen HOST:PORT         serve Streamable HTTP at http://HOST:PORT/mcp instead of stdio, one upstream
                             session per client session; PORT 0 picks a free port (default: stdio)
  --allowed-hosts LIST       comma-separated Host header values accepted with --listen, with or without port
                             (default: the listen address, plus localhost, 127.0.0.1 and [::1] on loopback)
  --allowed-origins LIST     comma-separated Origin header values accepted with --listen; requests without
                             an Origin header are accepted (default: http://localhost:PORT, http://127.0.0.1:PORT,
                             http://[::1]:PORT)

Guard:
  --policy FILE              policy file, YAML or JSON (env LOOKOUT_POLICY; default: the coding-agent preset)
  --journal FILE             near-miss journal, JSON lines (env LOOKOUT_JOURNAL;
                             default: ~/.local/state/lookout/journal.jsonl)
  --no-guard                 forward only: no checks, no journal, no added tools or instructions
  --no-agent-tools           do not add the lookout_recall and lookout_note tools

Behaviour:
  --call-timeout SECONDS     how long a request may wait for the server before the client gets a timeout
                             error and the server a cancellation (default: ${DEFAULT_CALL_TIMEOUT_SECONDS})
  --restart                  restart a server process that exits, with backoff from 0.25 s to 10 s, and send
                             notifications/tools/list_changed (default: off; lookout-mcp exits with code 1)
  --log-level LEVEL          ${LOG_LEVELS.join(', ')}; logs go to stderr as JSON lines (default: info)
  -h, --help                 print this help

Exit codes: 0 after a clean shutdown (client closed stdin, SIGINT or SIGTERM), 1 when the server died and
--restart is off, 2 for invalid options, an invalid policy, or a server tool named like an agent tool
(lookout_recall, lookout_note; --no-agent-tools avoids the clash).
`;

const listSchema = z
  .string()
  .transform((value) => value.split(',').map((item) => item.trim()).filter((item) => item !== ''));

const headerSchema = z.string().transform((value, context) => {
  const colon = value.indexOf(':');
  const name = colon === -1 ? '' : value.slice(0, colon).trim();
  if (name === '' || /\s/.test(name)) {
    context.addIssue({ code: 'custom', message: `invalid --header "${value}": expected 'Name: value'` });
    return z.NEVER;
  }
  return [name, value.slice(colon + 1).trim()] as const;
});

const listenSchema = z.string().transform((value, context) => {
  const match = /^(\[[^\]]+\]|[^:]+):(\d{1,5})$/.exec(value);
  const port = match === null ? NaN : Number(match[2]);
  if (match === null || port > 65_535) {
    context.addIssue({ code: 'custom', message: `invalid --listen "${value}": expected HOST:PORT, such as 127.0.0.1:8808` });
    return z.NEVER;
  }
  return { host: match[1]!.replace(/^\[|\]$/g, ''), port };
});

const rawOptionsSchema = z.object({
  command: z.array(z.string()),
  upstreamUrl: z.url({ protocol: /^https?$/, error: (issue) => `invalid --upstream-url "${String(issue.input)}": expected an http or https URL` }).optional(),
  header: z.array(headerSchema).default([]),
  transport: z.enum(['streamable-http', 'sse'], { error: (issue) => `invalid --transport "${String(issue.input)}": expected streamable-http or sse` }).optional(),
  listen: listenSchema.optional(),
  allowedHosts: listSchema.optional(),
  allowedOrigins: listSchema.optional(),
  policy: z.string().min(1).optional(),
  journal: z.string().min(1),
  guard: z.boolean(),
  agentTools: z.boolean(),
  callTimeout: z.coerce
    .number({ error: (issue) => `invalid --call-timeout "${String(issue.input)}": expected a number of seconds` })
    .positive({ error: (issue) => `invalid --call-timeout "${String(issue.input)}": expected a number of seconds above 0` })
    .default(DEFAULT_CALL_TIMEOUT_SECONDS),
  restart: z.boolean(),
  logLevel: z.enum(LOG_LEVELS, { error: (issue) => `invalid --log-level "${String(issue.input)}": expected one of ${LOG_LEVELS.join(', ')}` }).default('info'),
});

export const proxyOptionsSchema = rawOptionsSchema
  .superRefine((options, context) => {
    const fail = (message: string): void => context.addIssue({ code: 'custom', message });
    const hasCommand = options.command.length > 0;
    if (hasCommand && options.upstreamUrl !== undefined) fail('give either a server command after "--" or --upstream-url, not both');
    if (!hasCommand && options.upstreamUrl === undefined) fail('missing upstream server: put its command after "--" (lookout-mcp -- npx server) or pass --upstream-url URL');
    if (options.upstreamUrl === undefined && options.header.length > 0) fail('--header needs --upstream-url');
    if (options.upstreamUrl === undefined && options.transport !== undefined) fail('--transport needs --upstream-url');
    if (options.listen === undefined && (options.allowedHosts !== undefined || options.allowedOrigins !== undefined)) fail('--allowed-hosts and --allowed-origins need --listen');
  })
  .transform((options) => ({
    upstream:
      options.upstreamUrl === undefined
        ? ({ kind: 'command', command: options.command[0]!, args: options.command.slice(1) } as const)
        : ({ kind: 'url', url: new URL(options.upstreamUrl), transport: options.transport ?? 'streamable-http', headers: Object.fromEntries(options.header) } as const),
    listen: options.listen,
    allowedHosts: options.allowedHosts,
    allowedOrigins: options.allowedOrigins,
    policyPath: options.policy,
    journalPath: options.journal,
    guard: options.guard,
    agentTools: options.agentTools,
    callTimeoutMs: Math.round(options.callTimeout * 1000),
    restart: options.restart,
    logLevel: options.logLevel,
  }));

export type ProxyOptions = Readonly<z.output<typeof proxyOptionsSchema>>;

export type ParsedProxyArgs = { kind: 'help' } | { kind: 'options'; options: ProxyOptions } | { kind: 'invalid'; message: string };

/** Parses `lookout proxy` arguments; never throws. */
export function parseProxyArgs(argv: string[], env: NodeJS.ProcessEnv): ParsedProxyArgs {
  const separator = argv.indexOf('--');
  const flags = separator === -1 ? argv : argv.slice(0, separator);
  const command = separator === -1 ? [] : argv.slice(separator + 1);

  let values: Record<string, string | boolean | string[] | undefined>;
  try {
    values = parseArgs({ args: flags, options: FLAG_SPEC, strict: true, allowPositionals: false }).values;
  } catch (error) {
    const hint = /positional/i.test((error as Error).message) ? ' Put the server command after "--".' : '';
    return { kind: 'invalid', message: `${(error as Error).message}.${hint}` };
  }
  if (values['help'] === true) return { kind: 'help' };

  const parsed = proxyOptionsSchema.safeParse({
    command,
    upstreamUrl: values['upstream-url'],
    header: values['header'],
    transport: values['transport'],
    listen: values['listen'],
    allowedHosts: values['allowed-hosts'],
    allowedOrigins: values['allowed-origins'],
    policy: values['policy'] ?? emptyToUndefined(env['LOOKOUT_POLICY']),
    journal: values['journal'] ?? emptyToUndefined(env['LOOKOUT_JOURNAL']) ?? defaultJournalPath(env),
    guard: values['no-guard'] !== true,
    agentTools: values['no-agent-tools'] !== true,
    callTimeout: values['call-timeout'],
    restart: values['restart'] === true,
    logLevel: values['log-level'],
  });
  if (!parsed.success) return { kind: 'invalid', message: parsed.error.issues.map((issue) => issue.message).join('\n') };
  return { kind: 'options', options: Object.freeze(parsed.data) };
}

/** Returns the default journal path, absolute because GUI clients start the proxy from unknown folders. */
export function defaultJournalPath(env: NodeJS.ProcessEnv): string {
  return join(emptyToUndefined(env['HOME']) ?? homedir(), '.local', 'state', 'lookout', 'journal.jsonl');
}

const FLAG_SPEC = {
  'upstream-url': { type: 'string' },
  header: { type: 'string', multiple: true },
  transport: { type: 'string' },
  listen: { type: 'string' },
  'allowed-hosts': { type: 'string' },
  'allowed-origins': { type: 'string' },
  policy: { type: 'string' },
  journal: { type: 'string' },
  'no-guard': { type: 'boolean' },
  'no-agent-tools': { type: 'boolean' },
  'call-timeout': { type: 'string' },
  restart: { type: 'boolean' },
  'log-level': { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const;

function emptyToUndefined(value: string | undefined): string | undefined {
  return value === undefined || value === '' ? undefined : value;
}

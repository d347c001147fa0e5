// `lookout proxy` (≡ `lookout-mcp`): the transparent MCP proxy, with the guard in front of tools/call.
import { EXIT_USAGE, type CliCommand, type CliIo } from '../command.js';
import { setUpGuard } from '../../guard/factory.js';
import { passThroughGuard, type ProxyGuardFactory } from '../../proxy/guard.js';
import { runHttpHost } from '../../proxy/http-host.js';
import { createProxyLogger } from '../../proxy/logger.js';
import type { Logger } from 'pino';
import { parseProxyArgs, PROXY_HELP, type ProxyOptions } from '../../proxy/options.js';
import { runStdioHost, type HostOptions } from '../../proxy/stdio-host.js';
import { childConnector, httpConnector, type UpstreamConnector } from '../../proxy/upstream.js';

/** After the proxy is done, exit even if a stray handle (an unread stdin, say) would keep Node running. */
const EXIT_DEADLINE_MS = 3_000;

export const proxyCommand: CliCommand = {
  name: 'proxy',
  summary: 'Run the MCP proxy between a client and a server (the same as lookout-mcp).',
  run: runProxyCommand,
};

async function runProxyCommand(args: string[], io: CliIo): Promise<number> {
  const parsed = parseProxyArgs(args, io.env);
  if (parsed.kind === 'help') {
    io.stdout.write(PROXY_HELP);
    return 0;
  }
  if (parsed.kind === 'invalid') {
    io.stderr.write(`lookout-mcp: ${parsed.message}\nRun "lookout-mcp --help" for the options.\n`);
    return EXIT_USAGE;
  }

  const { options } = parsed;
  const logger = createProxyLogger(options.logLevel, io.stderr);
  const guardFactory = createGuardFactory(options, io, logger);
  if (typeof guardFactory === 'string') {
    io.stderr.write(`lookout-mcp: ${guardFactory}\n`);
    return EXIT_USAGE;
  }

  const host: HostOptions = {
    connector: createConnector(options, io),
    guardFactory,
    callTimeoutMs: options.callTimeoutMs,
    restart: options.restart,
    logger,
  };

  const code =
    options.listen === undefined
      ? await runStdioHost(host, process.stdin, io.stdout)
      : await runHttpHost({ ...host, ...options.listen, allowedHosts: options.allowedHosts, allowedOrigins: options.allowedOrigins });

  logger.info({ code }, 'lookout-mcp stopped');
  setTimeout(() => process.exit(code), EXIT_DEADLINE_MS).unref();
  return code;
}

function createConnector(options: ProxyOptions, io: CliIo): UpstreamConnector {
  const { upstream } = options;
  if (upstream.kind === 'url') return httpConnector(upstream);
  return childConnector({ command: upstream.command, args: upstream.args, cwd: io.cwd, env: io.env, stderr: io.stderr });
}

/** Returns the guard factory, or why the guard cannot start (an invalid policy). */
function createGuardFactory(options: ProxyOptions, io: CliIo, logger: Logger): ProxyGuardFactory | string {
  if (!options.guard) return passThroughGuard;

  const upstreamArgs = options.upstream.kind === 'url' ? [] : options.upstream.args;
  const setup = setUpGuard({ policyPath: options.policyPath, journalPath: options.journalPath, agentTools: options.agentTools, cwd: io.cwd, upstreamArgs, logger });
  return setup.ok ? setup.factory : setup.message;
}

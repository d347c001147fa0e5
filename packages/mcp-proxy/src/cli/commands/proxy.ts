// `lookout proxy` (≡ `lookout-mcp`): the transparent MCP proxy, with the guard in front of tools/call.
import { accessSync, constants } from 'node:fs';
import { resolve } from 'node:path';
import { EXIT_USAGE, type CliCommand, type CliIo } from '../command.js';
import { passThroughGuard, type ProxyGuardFactory } from '../../proxy/guard.js';
import { runHttpHost } from '../../proxy/http-host.js';
import { createProxyLogger } from '../../proxy/logger.js';
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
  const policyProblem = checkPolicyFile(options, io.cwd);
  if (policyProblem !== undefined) {
    io.stderr.write(`lookout-mcp: ${policyProblem}\n`);
    return EXIT_USAGE;
  }

  const logger = createProxyLogger(options.logLevel, io.stderr);
  const host: HostOptions = {
    connector: createConnector(options, io),
    guardFactory: createGuardFactory(options),
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

function createGuardFactory(options: ProxyOptions): ProxyGuardFactory {
  if (!options.guard) return passThroughGuard;
  // TODO: plug in the @lookout/core guard here (policy, journal, agent tools); until then every call is forwarded.
  return passThroughGuard;
}

/** Returns why the policy file cannot be used, or undefined. */
function checkPolicyFile(options: ProxyOptions, cwd: string): string | undefined {
  if (options.policyPath === undefined) return undefined;
  const path = resolve(cwd, options.policyPath);
  try {
    accessSync(path, constants.R_OK);
  } catch {
    return `invalid --policy: cannot read "${path}". Check the path (LOOKOUT_POLICY sets it too).`;
  }
  // TODO: parse and validate the policy with @lookout/core/node once the guard is plugged in (exit 2 on errors).
  return undefined;
}

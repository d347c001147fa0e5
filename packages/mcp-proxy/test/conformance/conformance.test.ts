/**
 * Runs the MCP conformance suite (@modelcontextprotocol/conformance 0.1.16, `server --suite active`)
 * against the conformance target and against server-everything, each directly and through
 * `lookout-mcp --listen --no-guard`, and checks that the proxy changes no scenario's outcome.
 * The target also runs the pending suite, and the active suite through the proxy with the guard on.
 */
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startProxy, startServerEverything, type ProxyOptions, type RunningProcess } from './processes.js';
import { checkOutcomes, formatComparisonTable, runConformanceSuite, type SuiteName, type SuiteRun } from './suite.js';
import { startTargetServer, type RunningTargetServer } from './target-server/http.js';

const SUITE_TEST_TIMEOUT_MS = 120_000;

/**
 * Scenarios that test what `lookout-mcp --listen` does itself rather than what it forwards.
 * The proxy checks Host and Origin on its own endpoint, so this scenario must pass through the
 * proxy even when the server behind it has no such check.
 */
const PROXY_ENFORCED_SCENARIOS: ReadonlySet<string> = new Set(['dns-rebinding-protection']);

function allScenarios(direct: SuiteRun, proxied: SuiteRun): string[] {
  return [...new Set([...direct.results.keys(), ...proxied.results.keys()])].sort();
}

/**
 * Scenarios that pass in one run and fail (or are missing) in the other. A proxy-enforced
 * scenario is listed only when it fails through the proxy.
 */
function findOutcomeMismatches(direct: SuiteRun, proxied: SuiteRun): string[] {
  return allScenarios(direct, proxied).filter((scenario) => {
    const proxiedPassed = proxied.results.get(scenario)?.passed;
    if (PROXY_ENFORCED_SCENARIOS.has(scenario)) return proxiedPassed !== true;
    return direct.results.get(scenario)?.passed !== proxiedPassed;
  });
}

/** Forwarded scenarios whose individual checks end differently, for example SUCCESS directly and WARNING through the proxy. */
function findCheckMismatches(direct: SuiteRun, proxied: SuiteRun): string[] {
  return allScenarios(direct, proxied)
    .filter((scenario) => !PROXY_ENFORCED_SCENARIOS.has(scenario))
    .flatMap((scenario) => {
      const directOutcomes = checkOutcomes(direct.results.get(scenario));
      const proxiedOutcomes = checkOutcomes(proxied.results.get(scenario));
      return directOutcomes === proxiedOutcomes ? [] : [`${scenario}: direct [${directOutcomes}], proxied [${proxiedOutcomes}]`];
    });
}

function failedScenarios(run: SuiteRun): string[] {
  return [...run.results.values()]
    .filter((result) => !result.passed)
    .map((result) => result.scenario)
    .sort();
}

/** Runs a suite once on first use and shares the result between tests. */
function lazySuiteRun(url: () => string, suite: SuiteName): () => Promise<SuiteRun> {
  let run: Promise<SuiteRun> | undefined;
  return () => (run ??= runConformanceSuite(url(), suite));
}

/** Runs the suite through a fresh `lookout-mcp --listen` in front of upstreamUrl and compares it with the direct run. */
async function expectParityThroughProxy(
  upstreamUrl: string,
  directRun: () => Promise<SuiteRun>,
  suite: SuiteName,
  proxyOptions: ProxyOptions = {},
): Promise<void> {
  const direct = await directRun();
  const proxy = await startProxy(upstreamUrl, proxyOptions);
  try {
    const proxied = await runConformanceSuite(proxy.url, suite);
    const report = `${formatComparisonTable({ direct, proxied })}\n\n${proxied.command}\n\nlookout-mcp stderr:\n${proxy.stderr()}`;

    expect(proxied.results.size, report).toBe(proxied.announcedScenarioCount);
    expect(findOutcomeMismatches(direct, proxied), report).toEqual([]);
    expect(findCheckMismatches(direct, proxied), report).toEqual([]);
  } finally {
    await proxy.stop();
  }
}

describe('conformance target', () => {
  let target: RunningTargetServer;
  const directActiveRun = lazySuiteRun(() => target.url, 'active');
  const directPendingRun = lazySuiteRun(() => target.url, 'pending');

  beforeAll(async () => {
    // The dns-rebinding scenario makes the target log a rejection at warn; only errors matter here.
    target = await startTargetServer({ logger: pino({ level: 'error' }, pino.destination(2)) });
  });

  afterAll(async () => {
    await target?.close();
  });

  it(
    'passes every active scenario directly',
    async () => {
      const direct = await directActiveRun();
      const report = `${formatComparisonTable({ direct })}\n\n${direct.command}`;

      expect(direct.results.size, report).toBe(direct.announcedScenarioCount);
      expect(failedScenarios(direct), report).toEqual([]);
    },
    SUITE_TEST_TIMEOUT_MS,
  );

  it(
    'passes every pending scenario directly',
    async () => {
      const direct = await directPendingRun();
      const report = `${formatComparisonTable({ direct })}\n\n${direct.command}`;

      expect(direct.results.size, report).toBe(direct.announcedScenarioCount);
      expect(failedScenarios(direct), report).toEqual([]);
    },
    SUITE_TEST_TIMEOUT_MS,
  );

  it(
    'passes the same active scenarios through lookout-mcp',
    () => expectParityThroughProxy(target.url, directActiveRun, 'active'),
    SUITE_TEST_TIMEOUT_MS,
  );

  it(
    'passes the same pending scenarios through lookout-mcp',
    () => expectParityThroughProxy(target.url, directPendingRun, 'pending'),
    SUITE_TEST_TIMEOUT_MS,
  );

  // With the guard on, the default policy applies and the proxy adds its own tools. None of the
  // suite's calls is risky, so the guard must let every scenario through unchanged.
  it(
    'passes the same scenarios through the guard',
    () => expectParityThroughProxy(target.url, directActiveRun, 'active', { guard: true }),
    SUITE_TEST_TIMEOUT_MS,
  );
});

describe('server-everything over Streamable HTTP', () => {
  let everything: RunningProcess;
  const directRun = lazySuiteRun(() => everything.url, 'active');

  beforeAll(async () => {
    everything = await startServerEverything();
  });

  afterAll(async () => {
    await everything?.stop();
  });

  it(
    'runs every active scenario directly',
    async () => {
      const direct = await directRun();
      const report = `${formatComparisonTable({ direct })}\n\n${direct.command}`;

      expect(direct.results.size, report).toBe(direct.announcedScenarioCount);
      // server-everything has none of the suite's test_* tools, resources and prompts, so only the
      // scenarios that need none of them are expected to pass.
      for (const scenario of ['server-initialize', 'ping', 'logging-set-level', 'tools-list', 'resources-list', 'prompts-list']) {
        expect(direct.results.get(scenario)?.passed, `${scenario}\n${report}`).toBe(true);
      }
    },
    SUITE_TEST_TIMEOUT_MS,
  );

  it(
    'passes the same scenarios through lookout-mcp',
    () => expectParityThroughProxy(everything.url, directRun, 'active'),
    SUITE_TEST_TIMEOUT_MS,
  );
});

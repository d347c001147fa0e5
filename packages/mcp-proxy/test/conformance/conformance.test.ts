/**
 * Runs the MCP conformance suite (@modelcontextprotocol/conformance 0.1.16, `server --suite active`)
 * against the conformance target and against server-everything, each directly and through
 * `lookout-mcp --listen --no-guard`, and checks that the proxy changes no scenario's outcome.
 * The target also runs the pending suite, and the active suite through the proxy with the guard
 * on, in three concurrent runs, and (a subset) with the proxy talking stdio to it.
 */
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  startProxy,
  startProxyOverStdio,
  startServerEverything,
  TARGET_STDIO_COMMAND,
  type RunningProcess,
} from './processes.js';
import {
  checkOutcomes,
  formatComparisonTable,
  runConformanceScenarios,
  runConformanceSuite,
  type SuiteName,
  type SuiteRun,
} from './suite.js';
import { startTargetServer, type RunningTargetServer } from './target-server/http.js';

const SUITE_TEST_TIMEOUT_MS = 120_000;
/** The stdio-upstream run starts one CLI and one tsx child per scenario, about 7 s each on a loaded machine. */
const STDIO_UPSTREAM_TEST_TIMEOUT_MS = 180_000;
/** Number of active-suite runs that share one proxy at the same time. */
const CONCURRENT_SUITE_RUNS = 3;

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

/** Only these scenarios run against the stdio upstream (see the test). */
const STDIO_UPSTREAM_SCENARIOS: readonly string[] = [
  'server-initialize',
  'completion-complete',
  'tools-call-mixed-content',
  'tools-call-with-logging',
  'tools-call-with-progress',
  'tools-call-sampling',
  'elicitation-sep1330-enums',
  'resources-templates-read',
];

/** Keeps the scenarios of a run that are in the list. */
function selectScenarios(run: SuiteRun, scenarios: readonly string[]): SuiteRun {
  const results = new Map([...run.results].filter(([scenario]) => scenarios.includes(scenario)));
  return { ...run, results, announcedScenarioCount: results.size };
}

/**
 * Runs the suite, or the given scenarios, through a fresh `lookout-mcp --listen` from
 * startProxyForRun and compares the outcome with the direct run.
 */
async function expectParityThroughProxy(
  startProxyForRun: () => Promise<RunningProcess>,
  directRun: () => Promise<SuiteRun>,
  selection: SuiteName | readonly string[],
): Promise<void> {
  const fullDirect = await directRun();
  const direct = typeof selection === 'string' ? fullDirect : selectScenarios(fullDirect, selection);
  const proxy = await startProxyForRun();
  try {
    const proxied =
      typeof selection === 'string' ? await runConformanceSuite(proxy.url, selection) : await runConformanceScenarios(proxy.url, selection);
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
    () => expectParityThroughProxy(() => startProxy(target.url), directActiveRun, 'active'),
    SUITE_TEST_TIMEOUT_MS,
  );

  it(
    'passes the same pending scenarios through lookout-mcp',
    () => expectParityThroughProxy(() => startProxy(target.url), directPendingRun, 'pending'),
    SUITE_TEST_TIMEOUT_MS,
  );

  // Several suites at once through one proxy: sessions interleave, so sampling and elicitation
  // requests from the target must reach the client session whose call caused them.
  it(
    'passes the same scenarios in concurrent sessions',
    async () => {
      const direct = await directActiveRun();
      const proxy = await startProxy(target.url);
      try {
        const concurrentRuns = await Promise.all(
          Array.from({ length: CONCURRENT_SUITE_RUNS }, () => runConformanceSuite(proxy.url)),
        );
        for (const proxied of concurrentRuns) {
          const report = `${formatComparisonTable({ direct, proxied })}\n\nlookout-mcp stderr:\n${proxy.stderr()}`;
          expect(proxied.results.size, report).toBe(proxied.announcedScenarioCount);
          expect(findCheckMismatches(direct, proxied), report).toEqual([]);
        }
      } finally {
        await proxy.stop();
      }
    },
    SUITE_TEST_TIMEOUT_MS,
  );

  // With the guard on, the default policy applies and the proxy adds its own tools. None of the
  // suite's calls is risky, so the guard must let every scenario through unchanged.
  it(
    'passes the same scenarios through the guard',
    () => expectParityThroughProxy(() => startProxy(target.url, { guard: true }), directActiveRun, 'active'),
    SUITE_TEST_TIMEOUT_MS,
  );

  // The same target served over stdio, with the proxy starting it as a child process, so the
  // scenarios go through the proxy's stdio upstream instead of its HTTP client. The proxy starts
  // one child per client session and the suite opens one session per scenario, so only a subset
  // runs: the whole suite took about 100 s here, mostly tsx startup.
  it(
    'passes the same scenarios with a stdio upstream',
    () => expectParityThroughProxy(() => startProxyOverStdio(TARGET_STDIO_COMMAND), directActiveRun, STDIO_UPSTREAM_SCENARIOS),
    STDIO_UPSTREAM_TEST_TIMEOUT_MS,
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
    () => expectParityThroughProxy(() => startProxy(everything.url), directRun, 'active'),
    SUITE_TEST_TIMEOUT_MS,
  );
});

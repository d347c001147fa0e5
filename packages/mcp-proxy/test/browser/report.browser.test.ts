// Opens the HTML report in headless Chromium and checks that its charts render with data and that the page
// logs no errors and makes no request beyond the page itself. Needs Debian's `chromium` package.
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const CHROMIUM_PATH = '/usr/bin/chromium';
const CHROMIUM_FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];
const JOURNAL = fileURLToPath(new URL('../report/fixtures/every-event.jsonl', import.meta.url));
const LOOKOUT_BIN = fileURLToPath(new URL('../../dist/cli/lookout.js', import.meta.url));

/** Each chart, with the sum of its `data-value` marks that the sample journal must produce. */
const CHARTS = [
  { chart: 'outcomes', total: 11 },
  { chart: 'modes', total: 13 },
  { chart: 'tools', total: 11 },
  { chart: 'decay', total: 6 },
  { chart: 'facts', total: 6 },
  { chart: 'timeline', total: 14 },
] as const;

let workDir: string;
let server: Server;
let pageUrl: string;
let context: BrowserContext;
let page: Page;
const consoleErrors: string[] = [];
const foreignRequests: string[] = [];

beforeAll(async () => {
  if (!existsSync(CHROMIUM_PATH)) {
    throw new Error(`Chromium not found at ${CHROMIUM_PATH}. Install it with "apt-get install -y chromium".`);
  }
  workDir = await mkdtemp(join(tmpdir(), 'lookout-browser-'));

  const htmlPath = join(workDir, 'report.html');
  await promisify(execFile)(process.execPath, [LOOKOUT_BIN, 'report', JOURNAL, '--html', htmlPath]);
  const html = await readFile(htmlPath);

  server = createServer((request, response) => {
    if (request.url !== '/report.html') {
      response.writeHead(404).end();
      return;
    }
    response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(html);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  pageUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/report.html`;

  context = await chromium.launchPersistentContext(join(workDir, 'profile'), {
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: CHROMIUM_FLAGS,
    viewport: { width: 1100, height: 900 },
  });
  page = await context.newPage();
  page.on('console', (message) => {
    if (message.type() === 'error') consoleErrors.push(message.text());
  });
  page.on('pageerror', (error) => consoleErrors.push(error.message));
  page.on('request', (request) => {
    if (request.url() !== pageUrl) foreignRequests.push(request.url());
  });
  await page.goto(pageUrl, { waitUntil: 'load' });
});

afterAll(async () => {
  await context?.close();
  await new Promise<void>((resolve) => (server === undefined ? resolve() : server.close(() => resolve())));
  // The screenshot stays for a person to look at unless the run is on CI.
  if (process.env.CI !== undefined) await rm(workDir, { recursive: true, force: true });
});

describe('HTML report in Chromium', () => {
  it.each(CHARTS)('draws the $chart chart with its data', async ({ chart, total }) => {
    const svg = page.locator(`svg[data-chart="${chart}"]`);
    const box = await svg.boundingBox();
    const marks = await svg.locator('[data-value]').evaluateAll((elements) =>
      elements.map((element) => {
        const rect = element.getBoundingClientRect();
        return { value: Number(element.getAttribute('data-value')), width: rect.width, height: rect.height };
      }),
    );
    const drawn = marks.filter((mark) => mark.value > 0);

    expect(box?.width).toBeGreaterThan(100);
    expect(box?.height).toBeGreaterThan(20);
    expect(drawn.length).toBeGreaterThan(0);
    expect(drawn.every((mark) => mark.width > 0 && mark.height > 0)).toBe(true);
    expect(drawn.reduce((sum, mark) => sum + mark.value, 0)).toBe(total);
  });

  it('logs no console errors', () => {
    expect(consoleErrors).toEqual([]);
  });

  it('requests nothing beyond the page', () => {
    expect(foreignRequests).toEqual([]);
  });

  it('carries the aggregates as JSON', async () => {
    const intercepts = await page.evaluate(() => {
      const data = document.getElementById('lookout-report-data')?.textContent ?? 'null';
      return (JSON.parse(data) as { totals: { intercepts: number } }).totals.intercepts;
    });

    expect(intercepts).toBe(11);
  });

  it('sorts a table by a clicked column', async () => {
    const table = page.locator('section', { hasText: 'By tool' }).locator('table');
    const firstColumn = async (): Promise<string[]> => table.locator('tbody tr td:first-child').allTextContents();
    const before = await firstColumn();

    await table.locator('th').first().click();
    const descending = await firstColumn();
    await table.locator('th').first().click();
    const ascending = await firstColumn();

    expect(before[0]).toBe('run_shell');
    expect(descending).toEqual([...before].sort((left, right) => right.localeCompare(left)));
    expect(ascending).toEqual([...before].sort((left, right) => left.localeCompare(right)));
  });

  it('renders a readable screenshot', async () => {
    const screenshotPath = join(workDir, 'report.png');

    const image = await page.screenshot({ path: screenshotPath, fullPage: true });

    // A blank or broken page compresses to a few kilobytes; the charts and tables take far more.
    expect(image.byteLength).toBeGreaterThan(50_000);
    console.info(`report screenshot: ${screenshotPath}`);
  });
});

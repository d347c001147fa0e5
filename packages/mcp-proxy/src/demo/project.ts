// The demo's project: a small shop repository in a temporary folder, with source, invoices, a build folder,
// customer exports that exist nowhere else, long logs, and a git repository with uncommitted work.
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

export interface DemoProject {
  /** The temporary folder that contains everything the demo writes. */
  folder: string;
  /** The project inside it, which both servers work on. */
  root: string;
}

const SOURCES: Record<string, string> = {
  'src/cart.ts': cartSource(),
  'src/checkout.ts': "import { total } from './cart';\n\nexport function checkout(items: Array<{ cents: number; quantity: number }>): string {\n  return `Charged ${(total(items) / 100).toFixed(2)} EUR`;\n}\n",
  'docs/README.md': '# Shop\n\nRun `pnpm dev` to start the storefront. Exports of customer data live in data/exports.\n',
  'build/release-notes-draft.md': '# Release notes (draft)\n\n- Gift cards can be split across orders.\n- Faster checkout on mobile.\n',
  'build/cache/chunk-1.tmp': 'x'.repeat(2_000),
  'build/cache/chunk-2.tmp': 'x'.repeat(2_000),
  archive: 'Shortcut to //nas/archive (the share is offline).\n',
};

/** Creates the project; git must be on PATH. */
export function layOutProject(): DemoProject {
  const folder = mkdtempSync(join(tmpdir(), 'lookout-demo-'));
  const root = join(folder, 'shop');

  for (const [path, text] of Object.entries(SOURCES)) write(root, path, text);
  for (let index = 1; index <= 4; index += 1) write(root, `invoices/INV-2023-000${index}.pdf`, `%PDF-1.7 invoice 2023-${index}\n`);
  for (let index = 1; index <= 2; index += 1) write(root, `invoices/INV-2024-000${index}.pdf`, `%PDF-1.7 invoice 2024-${index}\n`);
  for (const year of [2022, 2023]) {
    for (let month = 1; month <= 3; month += 1) write(root, `data/exports/${year}/customers-${year}-0${month}.csv`, customerRows(year, month));
  }
  write(root, 'logs/app.log', logLines(700));

  commitAll(root);
  write(root, 'src/cart.ts', `${cartSource()}\nexport const FREE_SHIPPING_CENTS = 5_000; // work in progress, not committed\n`);
  return { folder, root };
}

function write(root: string, path: string, text: string): void {
  const file = join(root, path);
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, text);
}

function commitAll(root: string): void {
  const git = (...args: string[]): void => {
    execFileSync('git', ['-c', 'user.name=Demo', '-c', 'user.email=demo@example.com', ...args], { cwd: root, stdio: 'ignore' });
  };
  git('init', '-q');
  git('add', 'src', 'docs');
  git('commit', '-q', '-m', 'Initial shop');
}

function cartSource(): string {
  return [
    'export interface Line { cents: number; quantity: number }',
    '',
    'export function total(lines: Line[]): number {',
    '  return lines.reduce((sum, line) => sum + line.cents * line.quantity, 0);',
    '}',
    '',
  ].join('\n');
}

function customerRows(year: number, month: number): string {
  const rows = ['id,email,country,orders'];
  for (let index = 1; index <= 20; index += 1) rows.push(`${year}${month}${index},customer${index}@example.com,DE,${index % 7}`);
  return `${rows.join('\n')}\n`;
}

function logLines(count: number): string {
  const lines: string[] = [];
  for (let index = 0; index < count; index += 1) {
    const minute = String(index % 60).padStart(2, '0');
    lines.push(`2026-03-12T09:${minute}:${String(index % 57).padStart(2, '0')}Z INFO checkout order=${40_000 + index} lines=${1 + (index % 4)} total_cents=${1_000 + ((index * 37) % 9_000)}`);
  }
  return `${lines.join('\n')}\n`;
}

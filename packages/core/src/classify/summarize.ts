// Reading an investigative call's result: one line for the hold text, and whether anything is at stake.
// Results are text as the tool printed it (a filesystem server's listing, `ls -la`, `git status`, a
// psql table), so each reader looks for the shapes those tools print and falls back to the first line.
import type { ObservationSummary, SummarizeObservation } from './types.js';

const MISSING = /\b(ENOENT|no such file or directory|not found|does not exist|cannot access|cannot find path|could not find)\b/i;
const NUMBER_FORMAT = new Intl.NumberFormat('en-US');

type Reader = (text: string, isError: boolean) => ObservationSummary;

const READERS: Record<string, Reader> = {
  'fs.list': readListing,
  'fs.search': readListing,
  'fs.stat': (text, isError) => (isMissing(text, isError) ? missing() : { summary: firstLine(text), atStake: true }),
  'fs.read': (text, isError) => (isMissing(text, isError) ? missing() : { summary: `the file holds ${formatCount(lineCount(text))} lines`, atStake: true }),
  'git.status': readGitStatus,
  'git.log': (text) => ({ summary: `${formatCount(countMatches(text, /^(commit [0-9a-f]{7,}|[0-9a-f]{7,40} )/gm))} commits shown`, atStake: true }),
  'git.fetch': (text) => ({ summary: firstLine(text) || 'fetched, nothing new', atStake: true }),
  'sql.count': readCount,
  'sql.select': readCount,
  'sql.identity': (text) => ({ summary: `connected to ${identityLine(text)}`, atStake: true }),
  'infra.plan': readPlan,
};

export const summarizeObservation: SummarizeObservation = ({ effect, resultText, isError }) => {
  const reader = READERS[effect];
  if (reader !== undefined) return reader(resultText, isError);
  if (isMissing(resultText, isError)) return missing();
  return { summary: firstLine(resultText) || 'the result was empty', atStake: true };
};

function readListing(text: string, isError: boolean): ObservationSummary {
  if (isMissing(text, isError)) return missing();
  if (isError) return { summary: `the listing failed: ${firstLine(text)}`, atStake: true };

  const entries = listingEntries(text);
  if (entries === 0) return { summary: 'the folder is empty', atStake: false };
  return { summary: `the folder holds ${formatCount(entries)} ${entries === 1 ? 'entry' : 'entries'}`, atStake: true };
}

/** Counts entries in a filesystem-server listing, a directory_tree JSON, `ls -la`, or one path a line. */
function listingEntries(text: string): number {
  const trimmed = text.trim();
  if (trimmed === '') return 0;

  if (trimmed.startsWith('[') || trimmed.startsWith('{')) {
    try {
      return countTreeEntries(JSON.parse(trimmed) as unknown);
    } catch {
      // Not JSON after all: count lines below.
    }
  }

  let entries = 0;
  for (const raw of trimmed.split('\n')) {
    const line = raw.trim();
    if (line === '' || /^total \d+/.test(line)) continue;
    // `ls -la` lists the folder itself and its parent; they are not entries.
    if (/^[dlcbps-][rwxsStT-]{9}/.test(line) && /\s\.{1,2}$/.test(line)) continue;
    if (/^No matches found/i.test(line)) continue;
    entries += 1;
  }
  return entries;
}

function countTreeEntries(value: unknown): number {
  if (Array.isArray(value)) return value.reduce<number>((sum, item) => sum + countTreeEntries(item), 0);
  if (typeof value !== 'object' || value === null) return 0;
  const children = (value as { children?: unknown }).children;
  return 1 + (Array.isArray(children) ? countTreeEntries(children) : 0);
}

function readGitStatus(text: string, isError: boolean): ObservationSummary {
  if (isError) return { summary: `git status failed: ${firstLine(text)}`, atStake: true };
  if (/nothing to commit, working tree clean/i.test(text)) return { summary: 'the working tree is clean', atStake: false };

  const short = countMatches(text, /^(?:[ MADRCU?!]{2}) \S/gm);
  const long = countMatches(text, /^\t\S/gm);
  const changes = Math.max(short, long);
  if (changes === 0 && !/\S/.test(text.replace(/^##.*$/gm, ''))) return { summary: 'the working tree is clean', atStake: false };
  return { summary: `${formatCount(changes)} uncommitted ${changes === 1 ? 'change' : 'changes'}`, atStake: true };
}

function readCount(text: string, isError: boolean): ObservationSummary {
  if (isError) return { summary: `the count failed: ${firstLine(text)}`, atStake: true };

  const count = firstCount(text);
  if (count === undefined) return { summary: firstLine(text) || 'the count returned nothing', atStake: true };
  return { summary: `${formatCount(count)} ${count === 1 ? 'row matches' : 'rows match'}`, atStake: count > 0 };
}

/** Finds the first whole number in a result that is a cell value, skipping psql's "(1 row)" footer. */
function firstCount(text: string): number | undefined {
  const withoutFooter = text.replace(/\(\d+ rows?\)/g, '');
  const json = /"count"\s*:\s*"?(\d+)/i.exec(withoutFooter);
  if (json?.[1] !== undefined) return Number(json[1]);
  for (const line of withoutFooter.split('\n')) {
    if (/^[\s-+|]*$/.test(line)) continue;
    const cell = /^\s*\|?\s*(\d[\d,]*)\s*(\||$)/.exec(line);
    if (cell?.[1] !== undefined) return Number(cell[1].replace(/,/g, ''));
  }
  return undefined;
}

function readPlan(text: string, isError: boolean): ObservationSummary {
  if (isError) return { summary: `the plan failed: ${firstLine(text)}`, atStake: true };
  if (/No changes\./.test(text)) return { summary: 'the plan shows no changes', atStake: false };
  const plan = /Plan: (\d+) to add, (\d+) to change, (\d+) to destroy/.exec(text);
  if (plan === null) return { summary: firstLine(text), atStake: true };
  const destroyed = Number(plan[3]);
  return { summary: `the plan adds ${plan[1]}, changes ${plan[2]} and destroys ${plan[3]} resources`, atStake: destroyed > 0 || Number(plan[2]) > 0 };
}

function identityLine(text: string): string {
  const lines = text.split('\n').filter((line) => line.trim() !== '' && !/^[\s-+|]*$/.test(line));
  const header = lines[0]?.split('|').map((cell) => cell.trim());
  const values = lines[1]?.split('|').map((cell) => cell.trim());
  if (header === undefined || values === undefined) return firstLine(text);
  return header
    .map((name, index) => `${name} ${values[index] ?? ''}`.trim())
    .slice(0, 5)
    .join(', ');
}

function isMissing(text: string, isError: boolean): boolean {
  return isError && MISSING.test(text);
}

function missing(): ObservationSummary {
  return { summary: 'the target does not exist', atStake: false };
}

function firstLine(text: string): string {
  const line = text.split('\n').find((candidate) => candidate.trim() !== '') ?? '';
  return line.trim().slice(0, 160);
}

function lineCount(text: string): number {
  return text === '' ? 0 : text.split('\n').length;
}

function countMatches(text: string, pattern: RegExp): number {
  return text.match(pattern)?.length ?? 0;
}

function formatCount(count: number): string {
  return NUMBER_FORMAT.format(count);
}

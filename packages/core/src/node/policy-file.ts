// Loading a policy file (YAML or JSON; JSON is read by the YAML parser too) with errors that point into
// the file: file, line, column, the dotted key and the shape that was expected there.
import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { homedir } from 'node:os';
import { LineCounter, isMap, isPair, isScalar, parseDocument } from 'yaml';
import type { Document } from 'yaml';

import { resolvePolicy } from '../policy.js';
import type { PolicyIssue } from '../policy.js';
import type { PolicyInput, ResolvedPolicy } from '../policy-schema.js';
import { loadPreset } from './presets.js';

export type PolicyFileErrorCode =
  | 'LOOKOUT_POLICY_UNREADABLE'
  | 'LOOKOUT_POLICY_SYNTAX'
  | 'LOOKOUT_POLICY_INVALID'
  | 'LOOKOUT_PRESET_NOT_FOUND'
  | 'LOOKOUT_PRESET_CYCLE';

export interface PolicyFileError {
  code: PolicyFileErrorCode;
  /** The file the problem is in (a preset's file for a problem inside a preset). */
  file: string;
  /** 1-based; 0 when the problem is not at a place in the file (it could not be read). */
  line: number;
  column: number;
  /** Dotted key (`rules.0.when.effect`); empty for the whole document. */
  key: string;
  /** The shape expected at that key, in words. */
  expected: string;
  message: string;
}

export type PolicyFileResult = { ok: true; policy: ResolvedPolicy; file: string } | { ok: false; errors: PolicyFileError[] };

interface ParsedFile {
  file: string;
  document: Document.Parsed;
  lineCounter: LineCounter;
}

/**
 * Loads and resolves a policy file. Names in `extends` are presets, or files when they contain a `/` or end
 * in `.yaml`, `.yml` or `.json` (relative to the file that names them).
 */
export function loadPolicyFile(path: string): PolicyFileResult {
  const file = resolve(expandHome(path));
  const parsedFiles = new Map<string, ParsedFile>();
  const errors: PolicyFileError[] = [];

  const readPolicy = (target: string): PolicyInput | undefined => {
    const parsed = parseFile(target);
    if (!parsed.ok) {
      errors.push(...parsed.errors);
      return undefined;
    }
    parsedFiles.set(target, parsed.file);
    return parsed.file.document.toJS() as PolicyInput;
  };

  const top = readPolicy(file);
  if (top === undefined) return { ok: false, errors };

  // NOTE: file names in `extends` resolve against the folder of the top-level file, also inside an
  // extended file; presets are looked up by name.
  const fileOfName = new Map<string, string>([[file, file]]);
  const load = (name: string): PolicyInput | undefined => {
    if (!isFileReference(name)) return loadPreset(name);
    const target = resolve(dirname(file), expandHome(name));
    fileOfName.set(name, target);
    return readPolicy(target);
  };

  const result = resolvePolicy([{ name: file, input: top }], (name) => load(name));
  if (errors.length > 0) return { ok: false, errors };
  if (result.ok) return { ok: true, policy: result.policy, file };

  const { error } = result;
  const source = parsedFiles.get(fileOfName.get(error.source) ?? error.source);
  if (error.issues.length === 0 || source === undefined) {
    return { ok: false, errors: [{ code: error.code, file: source?.file ?? error.source, line: 0, column: 0, key: '', expected: '', message: error.message }] };
  }
  return {
    ok: false,
    errors: error.issues.map((issue) => locateIssue(error.code, source, issue)),
  };
}

/** Parses policy text (YAML or JSON) into a resolved policy, with errors located in `file`. */
export function parsePolicyText(text: string, file: string): PolicyFileResult {
  const parsed = parseText(text, file);
  if (!parsed.ok) return parsed;
  const result = resolvePolicy([{ name: file, input: parsed.file.document.toJS() }], loadPreset);
  if (result.ok) return { ok: true, policy: result.policy, file };
  if (result.error.issues.length === 0 || result.error.source !== file) {
    return { ok: false, errors: [{ code: result.error.code, file: result.error.source, line: 0, column: 0, key: '', expected: '', message: result.error.message }] };
  }
  return { ok: false, errors: result.error.issues.map((issue) => locateIssue(result.error.code, parsed.file, issue)) };
}

/** One line per error, as compilers print them: `policy.yaml:4:13: rules.0.action: … (expected …)`. */
export function formatPolicyError(error: PolicyFileError): string {
  const where = error.line > 0 ? `${error.file}:${error.line}:${error.column}` : error.file;
  const key = error.key === '' ? '' : ` ${error.key}:`;
  // zod's own messages often name the expected shape already ("expected one of …"); say it once.
  const expected = error.expected === '' || error.message.includes('expected') ? '' : ` (expected ${error.expected})`;
  return `${where}:${key} ${error.message}${expected}`;
}

function parseFile(file: string): { ok: true; file: ParsedFile } | { ok: false; errors: PolicyFileError[] } {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'the file does not exist' : String(error);
    return {
      ok: false,
      errors: [{ code: 'LOOKOUT_POLICY_UNREADABLE', file, line: 0, column: 0, key: '', expected: '', message: `Cannot read the policy file: ${reason}.` }],
    };
  }
  return parseText(text, file);
}

function parseText(text: string, file: string): { ok: true; file: ParsedFile } | { ok: false; errors: PolicyFileError[] } {
  const lineCounter = new LineCounter();
  const document = parseDocument(text, { lineCounter, prettyErrors: false });
  if (document.errors.length > 0) {
    return {
      ok: false,
      errors: document.errors.map((problem) => {
        const position = lineCounter.linePos(problem.pos[0]);
        return {
          code: 'LOOKOUT_POLICY_SYNTAX',
          file,
          line: position.line,
          column: position.col,
          key: '',
          expected: 'valid YAML or JSON',
          message: problem.message.split('\n')[0] ?? 'syntax error',
        };
      }),
    };
  }
  return { ok: true, file: { file, document, lineCounter } };
}

/** Finds where an issue's key sits in the file: the key itself for an unknown key, else its value. */
function locateIssue(code: PolicyFileErrorCode, source: ParsedFile, issue: PolicyIssue): PolicyFileError {
  const unknownKey = issue.unknownKey;
  let offset: number | undefined;

  if (unknownKey !== undefined) {
    const parent = source.document.getIn(issue.segments, true);
    if (isMap(parent)) {
      const pair = parent.items.find((item) => isPair(item) && isScalar(item.key) && item.key.value === unknownKey);
      const keyNode = pair?.key as { range?: [number, number, number] } | undefined;
      offset = keyNode?.range?.[0];
    }
  }

  // Walk up from the full key until a node exists (a missing key is reported at its parent).
  for (let length = issue.segments.length; offset === undefined && length >= 0; length -= 1) {
    const node = length === 0 ? source.document.contents : source.document.getIn(issue.segments.slice(0, length), true);
    const range = (node as { range?: [number, number, number] } | null | undefined)?.range;
    if (range !== undefined) offset = range[0];
  }

  const position = source.lineCounter.linePos(offset ?? 0);
  const key = unknownKey === undefined ? issue.path : [issue.path, unknownKey].filter((part) => part !== '').join('.');
  return { code, file: source.file, line: position.line, column: position.col, key, expected: issue.expected, message: issue.message };
}

function isFileReference(name: string): boolean {
  return name.includes('/') || /\.(?:ya?ml|json)$/i.test(name);
}

export function expandHome(path: string): string {
  if (path === '~' || path.startsWith('~/')) return `${homedir()}${path.slice(1)}`;
  return path;
}

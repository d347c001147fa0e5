// Validates a policy file for `lookout check`. The policy loader the proxy uses decides whether the file is
// valid; a second pass over the file's own text adds a fix to each problem (the allowed keys, the closest
// spelling) and the checks a linter adds on top: duplicate ids and strict JSON for `.json` files.
import { readFile } from 'node:fs/promises';

import { PolicySchema, type Policy, type ResolvedPolicy } from '@lookout/core';
import { loadPolicyFile, type PolicyFileError } from '@lookout/core/node';
import { isMap, LineCounter, parseDocument, type Document, type Node as YamlNode } from 'yaml';
import { z } from 'zod';

export interface PolicyProblem {
  file: string;
  /** 1-based; line 1 column 1 when the problem has no better place. */
  line: number;
  column: number;
  /** Dotted path of the offending key (`rules.0.action`); empty for the whole file. */
  path: string;
  message: string;
  fix: string;
}

export type PolicyCheck = { ok: true; policy: Policy } | { ok: false; problems: PolicyProblem[] };

/** A valid file: what it declares itself, and the policy after its presets are merged and defaults filled. */
export type PolicyFileCheck = { ok: true; declared: Policy; resolved: ResolvedPolicy } | { ok: false; problems: PolicyProblem[] };

type JsonSchemaNode = { properties?: Record<string, JsonSchemaNode>; items?: JsonSchemaNode; anyOf?: JsonSchemaNode[] };

const POLICY_JSON_SCHEMA = z.toJSONSchema(PolicySchema, { io: 'input', unrepresentable: 'any' }) as JsonSchemaNode;

/** Reads, loads and validates the file; rejects only when the file cannot be read. */
export async function checkPolicyFile(file: string): Promise<PolicyFileCheck> {
  const local = checkPolicyText(await readFile(file, 'utf8'), file);
  const loaded = loadPolicyFile(file);

  if (!loaded.ok) {
    const localProblems = local.ok ? [] : local.problems;
    return { ok: false, problems: loaded.errors.map((error) => withFix(error, localProblems)) };
  }
  if (!local.ok) return local;
  return { ok: true, declared: local.policy, resolved: loaded.policy };
}

/** Turns a loader error into a problem, borrowing the fix of the local problem at the same place. */
function withFix(error: PolicyFileError, localProblems: PolicyProblem[]): PolicyProblem {
  const match = localProblems.find(
    (problem) => problem.file === error.file && ((problem.line === error.line && problem.column === error.column) || (error.key !== '' && problem.path === error.key)),
  );
  const fix = match?.fix ?? fallbackFix(error);
  return { file: error.file, line: error.line, column: error.column, path: error.key, message: match?.message ?? error.message, fix };
}

export function checkPolicyText(text: string, file: string): PolicyCheck {
  // YAML accepts what JSON rejects (comments, trailing commas), so a .json file is held to JSON first.
  if (file.endsWith('.json')) {
    const jsonProblem = checkJsonSyntax(text, file);
    if (jsonProblem !== undefined) return { ok: false, problems: [jsonProblem] };
  }

  const lineCounter = new LineCounter();
  const document = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true });

  if (document.errors.length > 0) {
    return {
      ok: false,
      problems: document.errors.map((error) => {
        const position = lineCounter.linePos(error.pos[0]);
        return {
          file,
          line: position.line,
          column: position.col,
          path: '',
          message: firstLine(error.message),
          fix: syntaxFix(error.code),
        };
      }),
    };
  }

  // The loader rejects an empty document as "expected object, received null"; this says it plainly.
  if (document.contents === null) {
    return {
      ok: false,
      problems: [{ file, line: 1, column: 1, path: '', message: 'the policy file is empty', fix: 'add at least "extends: [coding-agent]", or run without a policy to get that default' }],
    };
  }
  const value: unknown = document.toJS();
  const parsed = PolicySchema.safeParse(value);
  if (parsed.success) {
    const duplicates = findDuplicateIds(parsed.data, document, lineCounter, file);
    return duplicates.length === 0 ? { ok: true, policy: parsed.data } : { ok: false, problems: duplicates };
  }

  return { ok: false, problems: parsed.error.issues.flatMap((issue) => describeIssue(issue, document, lineCounter, file)) };
}

function checkJsonSyntax(text: string, file: string): PolicyProblem | undefined {
  try {
    JSON.parse(text);
    return undefined;
  } catch (error) {
    const message = (error as Error).message;
    const offset = Number(/position (\d+)/.exec(message)?.[1] ?? 0);
    const before = text.slice(0, offset);
    const line = before.split('\n').length;
    const column = offset - (before.lastIndexOf('\n') + 1) + 1;
    return { file, line, column, path: '', message: `invalid JSON: ${message.replace(/ in JSON at position \d+.*$/, '')}`, fix: 'fix the JSON syntax at this position (JSON allows no comments or trailing commas)' };
  }
}

function fallbackFix(error: PolicyFileError): string {
  if (error.code === 'LOOKOUT_POLICY_UNREADABLE') return 'check the name in "extends": file names resolve against the folder of the policy you checked';
  if (error.code === 'LOOKOUT_PRESET_CYCLE') return 'remove one of the "extends" entries that form the cycle';
  return error.expected === '' ? 'see docs/policy.md for the expected shape' : `expected ${error.expected}`;
}

function describeIssue(issue: z.core.$ZodIssue, document: Document, lineCounter: LineCounter, file: string): PolicyProblem[] {
  const path = issue.path.filter((segment): segment is string | number => typeof segment !== 'symbol');

  if (issue.code === 'unrecognized_keys') {
    const allowed = Object.keys(schemaAt(path)?.properties ?? {});
    return issue.keys.map((key) => ({
      file,
      ...positionOf(document, lineCounter, path, key),
      path: [...path, key].join('.'),
      message: `unknown key "${key}"`,
      fix: unknownKeyFix(key, allowed),
    }));
  }

  return [
    {
      file,
      ...positionOf(document, lineCounter, path),
      path: path.join('.'),
      message: issueMessage(issue),
      fix: issueFix(issue),
    },
  ];
}

function issueMessage(issue: z.core.$ZodIssue): string {
  if (issue.code === 'invalid_type' && issue.input === undefined) return `missing required key (expected ${issue.expected})`;
  // A refinement's message already states what to change, so it becomes the fix and this names the key.
  if (issue.code === 'custom') return `invalid "${String(issue.path.at(-1) ?? 'policy')}"`;
  return issue.message;
}

function issueFix(issue: z.core.$ZodIssue): string {
  switch (issue.code) {
    case 'invalid_value':
      return `use one of: ${issue.values.map((value) => String(value)).join(', ')}`;
    case 'invalid_type':
      return issue.input === undefined ? `add the key with a ${issue.expected} value` : `write a ${issue.expected} here`;
    case 'too_small':
      if (issue.origin === 'array') return `list at least ${String(issue.minimum)} item(s)`;
      return issue.inclusive === false ? `use a value greater than ${String(issue.minimum)}` : `use a value of at least ${String(issue.minimum)}`;
    case 'invalid_format':
      return `write a value in ${issue.format} format`;
    case 'custom':
      return issue.message;
    default:
      return 'see docs/policy.md for the expected shape';
  }
}

function unknownKeyFix(key: string, allowed: string[]): string {
  const closest = allowed
    .map((candidate) => ({ candidate, distance: editDistance(key.toLowerCase(), candidate.toLowerCase()) }))
    .sort((left, right) => left.distance - right.distance)[0];
  const suggestion = closest !== undefined && closest.distance <= 2 ? `did you mean "${closest.candidate}"? ` : '';
  return allowed.length === 0 ? 'remove the key' : `${suggestion}Allowed keys here: ${allowed.join(', ')}`;
}

function syntaxFix(code: string): string {
  if (code === 'DUPLICATE_KEY') return 'remove or rename one of the two keys';
  if (code === 'BAD_INDENT' || code === 'MISSING_CHAR') return 'check the indentation and punctuation on this line and the one before';
  return 'fix the YAML or JSON syntax at this position';
}

/** Fact and rule ids name things in reminders, rules and the journal, so each must be unique. */
function findDuplicateIds(policy: Policy, document: Document, lineCounter: LineCounter, file: string): PolicyProblem[] {
  const problems: PolicyProblem[] = [];
  for (const [listKey, items] of [
    ['facts', policy.facts ?? []],
    ['rules', policy.rules ?? []],
  ] as const) {
    const firstIndex = new Map<string, number>();
    items.forEach((item, index) => {
      const earlier = firstIndex.get(item.id);
      if (earlier === undefined) {
        firstIndex.set(item.id, index);
        return;
      }
      problems.push({
        file,
        ...positionOf(document, lineCounter, [listKey, index, 'id']),
        path: `${listKey}.${index}.id`,
        message: `duplicate id "${item.id}" (also ${listKey}.${earlier}.id)`,
        fix: `give each entry of "${listKey}" its own id`,
      });
    });
  }
  return problems;
}

/**
 * Places a path in the file: the named key when given, else the value at the path, else the nearest
 * ancestor that exists (a missing key is reported at the object that lacks it).
 */
function positionOf(
  document: Document,
  lineCounter: LineCounter,
  path: Array<string | number>,
  key?: string,
): { line: number; column: number } {
  for (let length = path.length; length >= 0; length -= 1) {
    const node = document.getIn(path.slice(0, length), true) as YamlNode | undefined;
    if (node === undefined || node === null) continue;

    const keyNode = length === path.length && key !== undefined && isMap(node) ? node.items.find((pair) => String((pair.key as { value?: unknown })?.value) === key)?.key : undefined;
    const offset = (keyNode as YamlNode | undefined)?.range?.[0] ?? node.range?.[0];
    if (offset === undefined) continue;

    const position = lineCounter.linePos(offset);
    return { line: position.line, column: position.col };
  }
  return { line: 1, column: 1 };
}

/** Finds the policy's JSON Schema at a path, to list the keys allowed where an unknown one sits. */
function schemaAt(path: Array<string | number>): JsonSchemaNode | undefined {
  let node: JsonSchemaNode | undefined = POLICY_JSON_SCHEMA;
  for (const segment of path) {
    if (node === undefined) return undefined;
    const objectNode: JsonSchemaNode = node.anyOf?.find((option) => option.properties !== undefined || option.items !== undefined) ?? node;
    node = typeof segment === 'number' ? objectNode.items : objectNode.properties?.[segment];
  }
  return node?.anyOf?.find((option) => option.properties !== undefined) ?? node;
}

function editDistance(left: string, right: string): number {
  let previous = Array.from({ length: right.length + 1 }, (_, index) => index);
  for (let row = 1; row <= left.length; row += 1) {
    const current = [row];
    for (let column = 1; column <= right.length; column += 1) {
      const substitution = (previous[column - 1] ?? 0) + (left[row - 1] === right[column - 1] ? 0 : 1);
      current.push(Math.min((previous[column] ?? 0) + 1, (current[column - 1] ?? 0) + 1, substitution));
    }
    previous = current;
  }
  return previous[right.length] ?? 0;
}

function firstLine(text: string): string {
  return text.split('\n')[0] ?? text;
}


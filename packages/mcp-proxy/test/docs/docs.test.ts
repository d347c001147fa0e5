// The docs against the code: every flag the CLI reference and the README name exists in that command's
// --help, and docs/policy.md documents exactly the keys the policy schema has.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

import { PolicySchema } from '@lookout/core';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';

const ROOT = fileURLToPath(new URL('../../../../', import.meta.url));
const LOOKOUT_BIN = fileURLToPath(new URL('../../dist/cli/lookout.js', import.meta.url));
const COMMANDS = ['proxy', 'replay', 'report', 'wrap', 'check', 'demo'] as const;

function readDoc(path: string): string {
  return readFileSync(`${ROOT}${path}`, 'utf8');
}

function helpFlags(command: string): Set<string> {
  const help = execFileSync(process.execPath, [LOOKOUT_BIN, command, '--help'], { encoding: 'utf8' });
  return new Set(help.match(/--[a-z][a-z-]*/g) ?? []);
}

/** Flags written in code spans or code blocks of a markdown text. */
function documentedFlags(markdown: string): string[] {
  const code = [...markdown.matchAll(/`([^`\n]+)`/g), ...markdown.matchAll(/```[a-z]*\n([\s\S]*?)```/g)].map((match) => match[1] ?? '');
  return [...new Set(code.flatMap((span) => span.match(/(?<![\w-])--[a-z][a-z-]*/g) ?? []))];
}

/** The sections of docs/cli.md, keyed by the command their heading names. */
function cliSections(): Map<string, string> {
  const sections = new Map<string, string>();
  const parts = readDoc('docs/cli.md').split(/^## /m).slice(1);
  for (const part of parts) {
    const command = /^`lookout (\w+)`/.exec(part)?.[1];
    if (command !== undefined) sections.set(command, part);
  }
  return sections;
}

/** Every property name in the policy's JSON Schema, with the top-level ones apart. */
function schemaKeys(): { topLevel: string[]; all: Set<string> } {
  const schema = z.toJSONSchema(PolicySchema, { io: 'input' }) as { properties: Record<string, unknown> };
  const all = new Set<string>();
  const visit = (node: unknown): void => {
    if (typeof node !== 'object' || node === null) return;
    const properties = (node as { properties?: Record<string, unknown> }).properties;
    if (properties !== undefined) for (const key of Object.keys(properties)) all.add(key);
    for (const value of Object.values(node)) visit(value);
  };
  visit(schema);
  return { topLevel: Object.keys(schema.properties), all };
}

describe('docs/cli.md', () => {
  it('has a section for every command', () => {
    expect([...cliSections().keys()].sort()).toEqual([...COMMANDS].sort());
  });

  // `wrap` and `check` also describe the proxy flags they write or share, so those count as known there too.
  it.each(COMMANDS)('names only flags of lookout %s or the proxy', (command) => {
    const section = cliSections().get(command) ?? '';
    const known = new Set([...helpFlags(command), ...helpFlags('proxy')]);

    const unknown = documentedFlags(section).filter((flag) => !known.has(flag));

    expect(unknown).toEqual([]);
  });
});

describe('README.md', () => {
  it('names only flags that some lookout command has', () => {
    const known = new Set(COMMANDS.flatMap((command) => [...helpFlags(command)]));

    const unknown = documentedFlags(readDoc('README.md')).filter((flag) => !known.has(flag));

    expect(unknown).toEqual([]);
  });
});

describe('docs/policy.md', () => {
  const policyDoc = readDoc('docs/policy.md');
  const headings = [...policyDoc.matchAll(/^### `([^`]+)`/gm)].map((match) => match[1] ?? '');
  const tableKeys = [...policyDoc.matchAll(/^\| `([^`]+)` \|/gm)].map((match) => (match[1] ?? '').replace(/^needs\[\]\./, ''));

  it('has a section for every top-level key', () => {
    expect(headings.sort()).toEqual(schemaKeys().topLevel.sort());
  });

  it('documents every nested key of the schema', () => {
    const documented = new Set([...headings, ...tableKeys]);

    const missing = [...schemaKeys().all].filter((key) => !documented.has(key));

    expect(missing).toEqual([]);
  });

  it('documents no key the schema lacks', () => {
    const { all } = schemaKeys();
    const keyLike = tableKeys.filter((key) => /^[a-z$][A-Za-z]*$/.test(key));

    const unknown = keyLike.filter((key) => !all.has(key));

    expect(unknown).toEqual([]);
  });
});

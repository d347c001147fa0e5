// The presets shipped in `presets/<name>.yaml`, and the default policy (the `coding-agent` preset).
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';

import { resolvePolicy } from '../policy.js';
import type { PolicyInput, ResolvedPolicy } from '../policy-schema.js';
import { packageRoot } from './package-root.js';

const PRESET_NAME = /^[a-z0-9][a-z0-9-]*$/;
const cache = new Map<string, PolicyInput | undefined>();

/** The folder the presets ship in. */
export function presetFolder(): string {
  return join(packageRoot(), 'presets');
}

/** Reads a shipped preset by name, or returns undefined when there is none by that name. */
export function loadPreset(name: string): PolicyInput | undefined {
  if (!PRESET_NAME.test(name)) return undefined;
  if (cache.has(name)) return cache.get(name);

  const file = join(presetFolder(), `${name}.yaml`);
  const input = existsSync(file) ? (parse(readFileSync(file, 'utf8')) as PolicyInput) : undefined;
  cache.set(name, input);
  return input;
}

/** The names of the shipped presets. */
export function presetNames(): string[] {
  const folder = presetFolder();
  if (!existsSync(folder)) return [];
  return readdirNames(folder);
}

export class PolicyLoadError extends Error {
  readonly code: string;

  constructor(code: string, message: string) {
    super(message);
    this.name = 'PolicyLoadError';
    this.code = code;
  }
}

/** The policy used when none is given: the `coding-agent` preset, resolved. Throws when the preset is broken. */
export function defaultPolicy(): ResolvedPolicy {
  const result = resolvePolicy({}, loadPreset);
  if (!result.ok) throw new PolicyLoadError(result.error.code, `The shipped default policy does not load: ${result.error.message}`);
  return result.policy;
}

function readdirNames(folder: string): string[] {
  return readdirSync(folder)
    .filter((name) => name.endsWith('.yaml'))
    .map((name) => name.slice(0, -'.yaml'.length))
    .sort();
}


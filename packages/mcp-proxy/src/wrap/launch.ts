// Finds what a wrapped entry must run: this node binary and the installed lookout-mcp entry script.
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

import type { ProxyLaunch } from './servers.js';

const PACKAGE_NAME = '@lookout/mcp-proxy';
const ENTRY_SCRIPT = join('dist', 'cli', 'lookout-mcp.js');

/**
 * Resolves the entry script from the package this module belongs to, found by walking up to its
 * package.json. That works from `dist/` and from `src/` (tests), and in a workspace or an npm install.
 */
export function findProxyEntry(moduleUrl: string = import.meta.url): string {
  let folder = dirname(fileURLToPath(moduleUrl));

  for (;;) {
    const manifest = join(folder, 'package.json');
    if (existsSync(manifest) && readPackageName(manifest) === PACKAGE_NAME) {
      const entry = join(folder, ENTRY_SCRIPT);
      if (!existsSync(entry)) {
        throw new Error(`the lookout-mcp entry script is missing at ${entry}. Build the package first ("pnpm build").`);
      }
      return entry;
    }

    const parent = dirname(folder);
    if (parent === folder) throw new Error(`cannot find the ${PACKAGE_NAME} package above ${fileURLToPath(moduleUrl)}`);
    folder = parent;
  }
}

/** Builds the launch for this process: absolute node path, entry script and an absolute policy path. */
export function resolveProxyLaunch(policy: string | undefined, cwd: string): ProxyLaunch {
  const launch: ProxyLaunch = { nodePath: process.execPath, proxyEntry: findProxyEntry() };
  if (policy !== undefined) launch.policyPath = resolve(cwd, policy);
  return launch;
}

function readPackageName(manifest: string): string | undefined {
  try {
    const parsed: unknown = JSON.parse(readFileSync(manifest, 'utf8'));
    return typeof parsed === 'object' && parsed !== null && 'name' in parsed && typeof parsed.name === 'string' ? parsed.name : undefined;
  } catch {
    return undefined;
  }
}

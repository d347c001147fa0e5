// The package's own folder, found from this module's location so it works from `src` (tests, tsx) and from
// `dist` (the built package) alike: both sit one level below the package root, `node/` two.
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export function packageRoot(): string {
  return resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
}

// Writes `schemas/*.schema.json` from the zod schemas: `pnpm --filter @lookout/core schemas`.
// A test checks that the shipped files equal what this writes, so run it after changing a schema.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';

import { packageRoot } from './package-root.js';
import { schemaFiles } from './schemas.js';

const folder = join(packageRoot(), 'schemas');
for (const [name, text] of Object.entries(schemaFiles())) {
  writeFileSync(join(folder, name), text);
  process.stderr.write(`wrote ${join(folder, name)}\n`);
}

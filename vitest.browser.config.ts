import { defineConfig } from 'vitest/config';

import baseConfig from './vitest.config.js';

// Browser tests open generated pages in headless Chromium (Debian's /usr/bin/chromium through playwright-core).
// They are kept out of `pnpm test` because they need that browser; `pnpm test:browser` runs them.
export default defineConfig({
  resolve: baseConfig.resolve,
  test: {
    include: ['packages/*/test/browser/**/*.browser.test.ts'],
    exclude: ['**/node_modules/**', '**/dist/**'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    pool: 'forks',
  },
});

import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

const source = (path: string): string => fileURLToPath(new URL(path, import.meta.url));

// Tests run on the TypeScript sources; processes that tests spawn (the CLI) run the built dist.
export default defineConfig({
  resolve: {
    alias: [
      { find: /^@lookout\/core\/node$/, replacement: source('./packages/core/src/node/index.ts') },
      { find: /^@lookout\/core$/, replacement: source('./packages/core/src/index.ts') },
      { find: /^@lookout\/mcp-proxy$/, replacement: source('./packages/mcp-proxy/src/index.ts') },
      { find: /^@lookout\/langchain$/, replacement: source('./packages/langchain-adapter/src/index.ts') },
    ],
  },
  test: {
    include: ['packages/*/test/**/*.test.ts', 'examples/*/test/**/*.test.ts', 'test/**/*.test.ts', 'bench/test/**/*.test.ts'],
    exclude: ['**/node_modules/**', '**/dist/**', '**/*.browser.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    pool: 'forks',
  },
});

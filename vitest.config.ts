import { defineConfig } from 'vitest/config';

// Unit, property and conformance tests. Playwright specs live in tests/e2e and are run by
// scripts/e2e.mjs, so they are excluded here on purpose.
export default defineConfig({
  test: {
    include: ['tests/**/*.test.{ts,tsx}'],
    exclude: ['tests/e2e/**', 'node_modules/**'],
    environment: 'node',
    testTimeout: 60_000,
  },
});

import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    globalSetup: ['./test/buildDist.ts'],
    setupFiles: ['./test/yieldBetweenTests.ts'],
    reporters: ['default', './test/closingLineReporter.ts'],
    testTimeout: 60_000,
    pool: 'forks',
  },
});

// vitest as StrykerJS runs it (npm run mutation, stryker.config.json): the properties alone —
// `check` of linux-6.18 on a handful of small bounds (test/mutation/propertiesAlone.test.ts),
// each allowed only linux-6.18's expected violations — not the litmus corpus, and without
// test/'s dist/ build.
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  root: fileURLToPath(new URL('..', import.meta.url)),
  test: {
    include: ['test/mutation/*.test.ts'],
    testTimeout: 600_000,
    pool: 'forks',
  },
});

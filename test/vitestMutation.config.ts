// vitest as StrykerJS runs it (npm run mutation, stryker.config.json): the properties alone —
// the `check` of linux-6.18 on the small bound that must show only its expected violations
// (test/check/regression.test.ts) — not the litmus corpus, and without test/'s dist/ build.
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  root: fileURLToPath(new URL('..', import.meta.url)),
  test: {
    include: ['test/check/regression.test.ts'],
    testNamePattern: 'linux-6.18 alone',
    testTimeout: 600_000,
    pool: 'forks',
  },
});

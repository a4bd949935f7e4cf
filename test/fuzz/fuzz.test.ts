// The fuzz campaign of issue 13, short: a fixed seed and 2,000 cases (mutated litmus traces,
// grammar traces, random bytes, one-fault argument vectors for every command) through the
// command line in process. `npm run fuzz -- --runs 100000` is the long run.

import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { fuzz, litmusCorpus } from '../../fuzz/fuzzCases.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

describe('fuzzing the command line', () => {
  it('2,000 cases: no uncaught exception, internal error, slow run, raw control byte; misuse is status 2 and one line', async () => {
    const tally = await fuzz(litmusCorpus(ROOT), { runs: 2_000, seed: 20261203 });
    expect(tally.examples).toEqual([]);
    expect(tally.findings).toEqual({
      uncaught: 0,
      internal: 0,
      slow: 0,
      status: 0,
      lines: 0,
      control: 0,
    });
    // Every kind of case was tried, and traces ended in each status.
    expect(Object.values(tally.byKind).every((n) => n > 100)).toBe(true);
    expect(Object.keys(tally.byStatus).sort()).toEqual(['0', '1', '2']);
  }, 120_000);
});

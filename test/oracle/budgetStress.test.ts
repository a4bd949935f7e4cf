// A small stress run of the safety budget inside `npm test` (the 10,000-trace run is
// `npm run stress`): random traces aimed at the budget, on this machine's kernel.

import { describe, expect, it } from 'vitest';
import { budgetStress } from '../../src/oracle/stress/budgetStress.js';
import { SKIP_REASON, kernelTestsSkipped } from './kernelTestKit.js';

describe.skipIf(kernelTestsSkipped)(`the budget under random traces${SKIP_REASON}`, () => {
  it('200 traces: each refused or run, no process left, Mlocked back to baseline', async () => {
    const f = await budgetStress({ count: 200, seed: 18 });
    expect(f.problems).toEqual([]);
    expect([f.leftProcesses, f.mlockedLeaks]).toEqual([0, 0]);
    expect(f.traces).toBe(200);
    // The generator does attack: some traces are refused on load, some at a call, some run.
    expect(f.refusedOnLoad).toBeGreaterThan(0);
    expect(f.refusedAtRun).toBeGreaterThan(0);
    expect(f.ranToEnd).toBeGreaterThan(0);
  }, 300_000);
});

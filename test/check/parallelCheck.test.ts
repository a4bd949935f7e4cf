// `mmspec check` on worker threads must explore exactly what one thread explores: the same
// states, transitions, verdicts and coverage, and counterexamples as short. Worker threads load
// the compiled JavaScript test/buildDist.ts builds.
import { describe, expect, it } from 'vitest';
import { checkKernel } from '../../src/check/checkKernel.js';
import type { CheckReport } from '../../src/check/checkKernel.js';
import { kernelSystemRef } from '../../src/cli/_internals/kernelSystemFor.js';
import { DEFAULT_KERNEL_BOUND, SMALL_KERNEL_BOUND } from '../../src/check/kernelBounds.js';
import { getModel } from '../../models/registry.js';

async function both(model: string): Promise<[CheckReport, CheckReport]> {
  const m = getModel(model);
  const serial = await checkKernel(m, SMALL_KERNEL_BOUND);
  const parallel = await checkKernel(m, SMALL_KERNEL_BOUND, {
    workers: 2,
    systemRef: kernelSystemRef(model, SMALL_KERNEL_BOUND, {}),
  });
  return [serial, parallel];
}

const sorted = (m: ReadonlyMap<string, number>) => [...m].sort(([a], [b]) => a.localeCompare(b));

describe('mmspec check on worker threads', () => {
  it('linux-6.18: the same states, transitions, depth, verdicts and coverage as one thread', async () => {
    const [serial, parallel] = await both('linux-6.18');
    expect(parallel.states).toBe(serial.states);
    expect(parallel.transitions).toBe(serial.transitions);
    expect(parallel.depth).toBe(serial.depth);
    expect(parallel.properties.map((p) => [p.name, p.verdict])).toEqual(
      serial.properties.map((p) => [p.name, p.verdict]),
    );
    // Each worker counts into its own copy of the system; the sums must be the serial counts.
    expect(sorted(parallel.coverage.calls)).toEqual(sorted(serial.coverage.calls));
    expect(sorted(parallel.coverage.decisions)).toEqual(sorted(serial.coverage.decisions));
    expect(serial.coverage.calls.size).toBeGreaterThan(10);
  });

  it('linux-6.18 at depth 4: the states of level 4, checked as they are found, do not beat the 3-step runs', async () => {
    // Level 3 is expanded while the states it finds are checked (Expander.checkFoundInto); many
    // of those violate the two lazy-batch invariants too, some found before a violating state
    // of level 3 is expanded and checked.
    const bound = { ...DEFAULT_KERNEL_BOUND, depth: 4 };
    const report = await checkKernel(getModel('linux-6.18'), bound, {
      workers: 2,
      systemRef: kernelSystemRef('linux-6.18', bound, {}),
    });
    const violated = report.properties.filter((p) => p.verdict === 'violated');
    expect(violated.map((p) => [p.name, p.counterexample?.shortest])).toEqual([
      ['mlockedPageHasLockedVmaStrict', 3],
      ['lockedVmaPageMlocked', 3],
    ]);
  });

  it('a planted model resolved by name in each worker: the bug is caught as fast', async () => {
    const [serial, parallel] = await both('planted:map-populate-foll');
    const shortest = (r: CheckReport) =>
      r.properties
        .filter((p) => p.verdict === 'violated')
        .map((p) => [p.name, p.counterexample?.shortest]);
    expect(shortest(parallel)).toEqual(shortest(serial));
    expect(shortest(serial).length).toBeGreaterThan(0);
  });
});

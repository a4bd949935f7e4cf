// mmspec check --bitstate on the small bound: counts no greater than the exact search's, close
// with a large bitmap, the same verdicts and shortest counterexample lengths.

import { describe, expect, it } from 'vitest';
import { checkKernel } from '../../src/check/checkKernel.js';
import type { CheckReport } from '../../src/check/checkKernel.js';
import { SMALL_KERNEL_BOUND } from '../../src/check/kernelBounds.js';
import { kernelSystemRef } from '../../src/cli/_internals/kernelSystemFor.js';
import { getModel } from '../../models/registry.js';

const verdicts = (r: CheckReport) =>
  r.properties.map((p) => [p.name, p.verdict, p.counterexample?.shortest ?? null]);

describe('check --bitstate on the small bound', () => {
  for (const model of ['linux-6.18', 'planted:mcl-future-unlocks']) {
    it(`${model}: at most the exact counts, all of them with 2^22 bits, same verdicts`, async () => {
      const m = getModel(model);
      const exact = await checkKernel(m, SMALL_KERNEL_BOUND);
      const bits = await checkKernel(m, SMALL_KERNEL_BOUND, {
        bitstate: { log2Bits: 22, hashes: 3 },
      });
      // 3243 states before the region signatures were made invariant under relabelling: two
      // classes were stored twice (same transitions, same verdicts); 3241 before PG_dirty joined
      // the state (branch observe).
      if (model === 'linux-6.18') expect([exact.states, exact.transitions]).toEqual([3339, 12410]);
      expect(bits.states).toBeLessThanOrEqual(exact.states);
      expect(bits.states).toBeGreaterThanOrEqual(exact.states - 1);
      expect(bits.transitions).toBeLessThanOrEqual(exact.transitions);
      expect(verdicts(bits)).toEqual(verdicts(exact));
      expect(bits.bitstate?.expectedOmissions).toBeLessThan(0.01);
    });
  }

  it('planted:mcl-future-unlocks on 2 workers with a 1 MB frontier: the one-thread figures, coverage summed', async () => {
    const model = 'planted:mcl-future-unlocks';
    const m = getModel(model);
    const bitstate = { log2Bits: 14, hashes: 2 };
    const one = await checkKernel(m, SMALL_KERNEL_BOUND, { bitstate });
    const two = await checkKernel(m, SMALL_KERNEL_BOUND, {
      bitstate,
      workers: 2,
      frontierMemoryMB: 1,
      systemRef: kernelSystemRef(model, SMALL_KERNEL_BOUND, {}),
    });
    expect([two.states, two.transitions, two.depth]).toEqual([
      one.states,
      one.transitions,
      one.depth,
    ]);
    expect(verdicts(two)).toEqual(verdicts(one));
    expect(two.bitstate?.expectedOmissions).toBe(one.bitstate?.expectedOmissions);
    expect([...two.coverage.calls].sort()).toEqual([...one.coverage.calls].sort());
  });

  it('planted:mcl-future-unlocks with its states on disk (no --bitstate), flushed many times: the exact figures', async () => {
    const m = getModel('planted:mcl-future-unlocks');
    const exact = await checkKernel(m, SMALL_KERNEL_BOUND);
    const disk = await checkKernel(m, SMALL_KERNEL_BOUND, { frontierMemoryMB: 0.02 });
    expect([disk.states, disk.transitions, disk.depth]).toEqual([
      exact.states,
      exact.transitions,
      exact.depth,
    ]);
    expect(verdicts(disk)).toEqual(verdicts(exact));
    expect(disk.diskBytes).toBeGreaterThan(0);
    expect([...disk.coverage.calls].sort()).toEqual([...exact.coverage.calls].sort());
  });
});

// A violation is told as soon as BFS finds it, with its place in the search: a one-step bug
// shows among the first states, however large the rest of the bound (issue 11: the V6
// MAP_POPULATE regression "in under a second", linux-3.8's def_flags clobber). No timing is
// asserted here; bench and the report hold the seconds.
import { describe, expect, it } from 'vitest';
import { checkKernel } from '../../src/check/checkKernel.js';
import { DEFAULT_KERNEL_BOUND, NOHUGEPAGE_KERNEL_BOUND } from '../../src/check/kernelBounds.js';
import type { ViolationFound } from '../../src/explore/exploreOptions.js';
import { widenBound } from '../../src/cli/_internals/widenBound.js';
import { getModel } from '../../models/registry.js';

describe('violations told as found', () => {
  it('rfc-lockonfault-v6: MAP_POPULATE populating nothing, at the first state, from a generic invariant', async () => {
    const model = getModel('rfc-lockonfault-v6');
    const bound = widenBound(DEFAULT_KERNEL_BOUND, [{ model, ref: model.name }]);
    const told: ViolationFound[] = [];
    // Stopped early on purpose: the violation is among the transitions out of the initial states.
    const r = await checkKernel(model, bound, {
      workers: 1,
      maxStates: 500,
      onViolation: (f) => told.push(f),
    });
    const p = r.properties.find((x) => x.name === 'mapPopulateFaultsEverything');
    expect(p?.verdict).toBe('violated');
    expect(p?.counterexample?.shortest).toBe(1);
    expect(p?.counterexample?.trace.text).toContain('MAP_POPULATE');
    const found = told.find((f) => f.property === 'mapPopulateFaultsEverything');
    // Found expanding an initial state (there are bound.setups.length of them).
    expect(found?.state).toBeLessThanOrEqual(bound.setups.length);
    expect(p?.foundAfter?.states).toBe(found?.state);
    // Each property told once.
    expect(new Set(told.map((f) => f.property)).size).toBe(told.length);
  });

  it('linux-3.8: the def_flags clobber, from generic invariants, in one step', async () => {
    const model = getModel('linux-3.8');
    const told: ViolationFound[] = [];
    const r = await checkKernel(model, NOHUGEPAGE_KERNEL_BOUND, {
      workers: 1,
      onViolation: (f) => told.push(f),
    });
    for (const name of ['mclFutureClearingConsistent', 'munlockallRestores']) {
      const p = r.properties.find((x) => x.name === name);
      expect(p?.verdict).toBe('violated');
      expect(p?.counterexample?.shortest).toBe(1);
      const f = told.find((x) => x.property === name);
      expect(f?.state).toBe(p?.foundAfter?.states);
      // Within the initial state and its successors.
      expect(f?.state).toBeLessThan(r.states);
    }
  });
});

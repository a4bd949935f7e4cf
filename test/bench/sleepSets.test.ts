// The measuring sticks of bench/sleepSets.ts: the independence audit finds the pairs that do not
// commute when a condition is left out, and the sleep-set search keeps every state while it
// sleeps some transitions, and loses states under a relation that is wrong.

import { describe, expect, it } from 'vitest';
import type { BoundedState } from '../../src/check/boundedState.js';
import { kernelSystem } from '../../src/check/kernelSystem.js';
import { resolveBound } from '../../src/check/resolveBound.js';
import { getModel } from '../../models/registry.js';
import { auditIndependence } from '../../bench/_internals/auditIndependence.js';
import {
  type RegionIndependence,
  regionIndependence,
} from '../../bench/_internals/regionIndependence.js';
import { sleepSetSearch } from '../../bench/_internals/sleepSetSearch.js';

const system = (bound: string) => kernelSystem(getModel('linux-6.18'), resolveBound(bound));

/** The relation with its mlock batch condition alone left out: it is asked of batches made empty. */
const ignoringBatch = (r: RegionIndependence): RegionIndependence => {
  const emptied = (s: BoundedState): BoundedState => ({
    ...s,
    kernel: { ...s.kernel, mlockBatch: [] },
  });
  return {
    ...r,
    independent: (s, x, y, nx, ny) => r.independent(emptied(s), x, y, emptied(nx), emptied(ny)),
  };
};

describe('auditIndependence', () => {
  const sys = system('regions=3,pages=4,depth=3');
  const relation = regionIndependence(sys);

  it('finds every pair the relation relates commuting and judged alike to depth 2', () => {
    const audit = auditIndependence(sys, relation, 2);
    expect(audit.pairs).toBeGreaterThan(10_000);
    expect(audit.examples).toEqual([]);
    expect(audit.notCommuting + audit.judgedOtherwise).toBe(0);
  });

  it('finds pairs that do not commute once the mlock batch is left out', () => {
    const audit = auditIndependence(sys, ignoringBatch(relation), 2);
    expect(audit.notCommuting).toBeGreaterThan(0);
  });
});

describe('sleepSetSearch', () => {
  const bound = 'regions=2,pages=1,depth=5,calls=mmap+mlock+access';

  it('reaches every state of the plain search, level by level, and sleeps some transitions', () => {
    const sys = system(bound);
    const plain = sleepSetSearch(sys, 5, null);
    const sleeping = sleepSetSearch(sys, 5, regionIndependence(sys));
    expect(plain.slept).toBe(0);
    expect(sleeping.levels).toEqual(plain.levels);
    expect(sleeping.slept).toBeGreaterThan(0);
    expect(sleeping.transitions + sleeping.slept).toBe(plain.transitions);
  });

  it('loses states under a relation that relates letters that do not commute', () => {
    const sys = system('regions=3,pages=4,depth=4');
    const plain = sleepSetSearch(sys, 4, null);
    const wrong = sleepSetSearch(sys, 4, ignoringBatch(regionIndependence(sys)));
    expect(wrong.states).toBeLessThan(plain.states);
  });
});

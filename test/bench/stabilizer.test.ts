// The measuring stick of bench/stabilizer.ts: the relabellings it finds leave their states as
// they are, the transitions it calls mirror images go where their orbit's first goes and are
// judged alike, and the audit catches a stabilizer that takes in a relabelling it should not.

import { describe, expect, it } from 'vitest';
import type { BoundedState } from '../../src/check/boundedState.js';
import { kernelSystem } from '../../src/check/kernelSystem.js';
import { resolveBound } from '../../src/check/resolveBound.js';
import { permutations } from '../../src/check/symmetry.js';
import { describeLetter } from '../../src/check/describeLetter.js';
import { getModel } from '../../models/registry.js';
import { expandedKeys } from '../../bench/_internals/expandedKeys.js';
import { mirrorCensus } from '../../bench/_internals/mirrorCensus.js';
import { type Stabilizer, stabilizer } from '../../bench/_internals/stabilizer.js';

const system = kernelSystem(getModel('linux-6.18'), resolveBound('regions=3,pages=4,depth=3'));
const signal = new AbortController().signal;

/**
 * A stabilizer that takes every relabelling of the placed regions as leaving the state as it
 * is: each letter's orbit is then its images under all of them.
 */
function everyRelabelling(right: Stabilizer): Stabilizer {
  const result = {
    order: 1,
    representatives(s: BoundedState): Int32Array {
      const first = right.representatives(s);
      result.order = s.hints < 2 ? 1 : permutations(s.hints).length;
      if (s.hints < 2) return first;
      // Every letter is taken into the orbit of the first letter that prints alike with each
      // placed region named `a`.
      const byText = new Map<string, number>();
      system.alphabet.forEach((l, i) => {
        const placed = (k: number | undefined) => (k !== undefined && k < s.hints ? 0 : k);
        const region = placed(l.region);
        const target = placed(l.target);
        const text = describeLetter({
          ...l,
          ...(region === undefined ? {} : { region }),
          ...(target === undefined ? {} : { target }),
        });
        const j = byText.get(text);
        if (j === undefined) byText.set(text, i);
        else first[i] = Math.min(first[i] ?? i, j);
      });
      return first;
    },
  };
  return result;
}

describe('mirrorCensus', () => {
  it('finds states left as they are by a relabelling, and their mirror images judged alike', async () => {
    const keys = await expandedKeys(system, 3, signal);
    const census = mirrorCensus(system, stabilizer(system), keys, signal);
    // The initial states have no region placed; some states with two placed regions hold
    // alike, and three alike come of the same call made on each.
    expect(census.orders.get(2) ?? 0).toBeGreaterThan(0);
    expect(census.spared).toBeGreaterThan(0);
    expect(census.spared).toBeLessThan(census.transitions);
    expect(census.examples).toEqual([]);
    expect(census.otherwise).toBe(0);
  });

  it('catches a stabilizer that takes in every relabelling', async () => {
    const keys = await expandedKeys(system, 3, signal);
    const census = mirrorCensus(system, everyRelabelling(stabilizer(system)), keys, signal);
    expect(census.otherwise).toBeGreaterThan(0);
    expect(census.examples.length).toBeGreaterThan(0);
  });
});

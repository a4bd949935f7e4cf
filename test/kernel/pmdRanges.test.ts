// The PMD set of pageTables.ts (src/kernel/pmdRanges.ts): hasAny against a PMD-by-PMD search,
// and remove leaving a set with nothing in the range as it was.

import { describe, expect, it } from 'vitest';
import { PmdRanges } from '../../src/kernel/pmdRanges.js';

const set = PmdRanges.of([2, 3, 4, 9, 12, 13]);

describe('PmdRanges', () => {
  it('hasAny is true exactly when some PMD of the range is in the set', () => {
    for (let from = 0; from < 16; from++)
      for (let to = 0; to < 16; to++) {
        let some = false;
        for (let pmd = from; pmd < to; pmd++) some ||= set.has(pmd);
        expect(set.hasAny(from, to), `[${from}, ${to})`).toBe(some);
      }
  });

  it('remove of a range holding none of the set returns the set itself', () => {
    expect(set.remove(5, 9)).toBe(set);
    expect(set.remove(5, 10)).not.toBe(set);
    expect([...set.remove(5, 10).pmds()]).toEqual([2, 3, 4, 12, 13]);
  });
});

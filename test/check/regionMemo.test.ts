// The region signatures the symmetry reduction sorts by are read back from a memo (symmetry.ts,
// RegionMemo) when a region holds the VMA and Page objects it was last hashed from. The memo
// must only ever spare work: each signature, in the order the explorer asks for them (a
// parent's successors one after another, from the decoded parent), is the one hashed afresh
// from a copy with no object in common (the state decoded from its own key: ids are renumbered,
// which the signature does not see).

import { describe, expect, it } from 'vitest';
import { Decoder } from '../../src/explore/decoder.js';
import { Encoder } from '../../src/explore/encoder.js';
import type { BoundedState } from '../../src/check/boundedState.js';
import { kernelSystem } from '../../src/check/kernelSystem.js';
import { parseBound } from '../../src/check/parseBound.js';
import { SMALL_KERNEL_BOUND } from '../../src/check/kernelBounds.js';
import { signatures } from '../../src/check/symmetry.js';
import { getModel } from '../../models/registry.js';

const system = kernelSystem(
  getModel('linux-6.18'),
  parseBound('regions=3,pages=3,depth=3', SMALL_KERNEL_BOUND),
);

/** `s` rebuilt from its own (unreduced) key: equal contents, none of its objects. */
function copyOf(s: BoundedState): BoundedState {
  const e = new Encoder(system.encodedWords);
  system.encode(s, e);
  e.finish();
  const copy = system.decode?.(new Decoder().reset(e.words));
  if (copy === undefined) throw new Error('the kernel system has no decode');
  return copy;
}

const signed = (s: BoundedState): number[] => {
  const out = new Float64Array(s.hints);
  signatures(s.kernel, s.hints, out);
  return [...out];
};

describe('the region signatures read back from the memo', () => {
  it('are the ones hashed afresh, for every successor in the order the explorer meets them', () => {
    let level = [...system.initial()];
    let compared = 0;
    let differ = 0;
    for (let depth = 0; depth < 4; depth++) {
      const next: BoundedState[] = [];
      for (const stored of level) {
        // Expanded as the explorer does: from the decoded state, its successors in turn.
        const parent = copyOf(stored);
        const asked: { state: BoundedState; sigs: number[] }[] = [];
        system.successors(parent, (_l, n) => {
          if (n.hints >= 2) asked.push({ state: n, sigs: signed(n) });
          next.push(n);
        });
        for (const { state, sigs } of asked) {
          const fresh = signed(copyOf(state));
          expect(sigs).toEqual(fresh);
          compared++;
          if (new Set(fresh).size > 1) differ++;
        }
      }
      level = next.filter((_, i) => i % 5 === 0);
    }
    // Not vacuous: many successors, and regions that hold different things.
    expect(compared).toBeGreaterThan(5000);
    expect(differ).toBeGreaterThan(3000);
  });
});

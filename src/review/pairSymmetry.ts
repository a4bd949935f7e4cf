// Symmetry reduction of the side-by-side run: one relabelling of the regions for both sides.
// Relabelling A and B apart would be unsound: sameObservables compares region k of A with
// region k of B, and a state where A's `a` matches B's `b` is not one the same letters reach.
// Permuting both with the same map is a symmetry of the pair, for the reason it is one of a
// single model (src/check/symmetry.ts): every region is tried with the same letters, so
// relabelling commutes with the step of each model, and the invariant, region by region on
// both sides at once, is preserved by it. Worth having: at the default bound it stores less
// than half the states, and a pair state is two states wide.

import { permuteRegions, signatures, sortingMap } from '../check/symmetry.js';
import type { PairState } from './pairState.js';

/** The representative of `p`'s class: placed regions in order of their signatures on A, then B. */
export function canonicalPair(p: PairState): PairState {
  const n = p.a.hints;
  // Each side's signatures of all placed regions at once: a region's signature also reads the
  // regions it is linked to (symmetry.ts:RegionLinks).
  const a = new Float64Array(n);
  const b = new Float64Array(n);
  signatures(p.a.kernel, n, a);
  signatures(p.b.kernel, n, b);
  const map = sortingMap(n, (slot) => `${a[slot] ?? 0}#${b[slot] ?? 0}`);
  return map === null ? p : permutePair(p, map);
}

/** `p` with region k moved to region map[k] on both sides. */
export function permutePair(p: PairState, map: readonly number[]): PairState {
  return { ...p, a: permuteRegions(p.a, map), b: permuteRegions(p.b, map) };
}

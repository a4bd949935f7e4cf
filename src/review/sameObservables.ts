// The one invariant of the side-by-side run: the last call returned the same on both models,
// and a trace can observe nothing that tells them apart (src/review/observables.ts).

import type { Invariant } from '../explore/transitionSystem.js';
import { sameObservations } from './observableDifferences.js';
import { observables } from './observables.js';
import type { PairState } from './pairState.js';

export const SAME_OBSERVABLES = 'sameObservables';

/** `pages`: the bound's pages a region, all a `pages(...)` check of a region reads. */
export function sameObservables(pages: number): Invariant<PairState> {
  return {
    name: SAME_OBSERVABLES,
    holds: (p) =>
      !p.resultsDiffer &&
      sameObservations(
        observables(p.a.kernel, p.a.hints, pages),
        observables(p.b.kernel, p.b.hints, pages),
      ),
  };
}

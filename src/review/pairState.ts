// A state of the side-by-side run: model A's and model B's bounded states after the same
// letters, and whether the last call returned differently on the two.

import type { BoundedState } from '../check/boundedState.js';
import type { Result } from '../kernel/result.js';

export interface PairState {
  readonly a: BoundedState;
  readonly b: BoundedState;
  /**
   * The call that led here returned differently on A and B. Encoded (one bit), unlike the
   * results themselves: the explorer checks invariants on decoded states, which carry no
   * result, and a state whose results differ is a difference the search stops at anyway.
   */
  readonly resultsDiffer: boolean;
}

/** The same value, errno or signal (both null in an initial state). */
export function sameResult(x: Result | null, y: Result | null): boolean {
  if (x === null || y === null) return x === y;
  switch (x.kind) {
    case 'value':
      return y.kind === 'value' && x.value === y.value;
    case 'errno':
      return y.kind === 'errno' && x.errno === y.errno;
    case 'signal':
      return y.kind === 'signal' && x.signal === y.signal;
    case 'hang':
      return y.kind === 'hang';
  }
}

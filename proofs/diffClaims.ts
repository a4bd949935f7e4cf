// Claims about pairs of models (mmspec diff, src/review): within a bound, no trace tells them
// apart, or the shortest run that does has so many steps. Re-checked by
// test/proofs/diffClaims.test.ts.

import type { KernelBound } from '../src/check/kernelBound.js';
import { NOHUGEPAGE_KERNEL_BOUND, SMALL_KERNEL_BOUND } from '../src/check/kernelBounds.js';

export type DiffExpectation =
  | { readonly verdict: 'same'; readonly reason: string }
  | { readonly verdict: 'differ'; readonly steps: number; readonly reason: string };

export interface DiffClaim {
  readonly a: string;
  readonly b: string;
  readonly bound: KernelBound;
  readonly expected: DiffExpectation;
}

export const DIFF_CLAIMS: readonly DiffClaim[] = [
  {
    a: 'linux-6.18',
    b: 'planted:mlockall-clears-def-flags',
    bound: SMALL_KERNEL_BOUND,
    expected: {
      verdict: 'same',
      reason:
        'def_flags holds only VM_LOCKED|VM_LOCKONFAULT in an x86-64 process (PR_SET_THP_DISABLE sets an mm flag since 4.13), so clearing all of it is clearing the lock bits: no C reproducer can show this planted bug here (the default bound agrees too: 366,389 pairs of states)',
    },
  },
  {
    a: 'linux-6.18',
    b: 'planted:mlockall-clears-def-flags',
    bound: NOHUGEPAGE_KERNEL_BOUND,
    expected: {
      verdict: 'differ',
      steps: 2,
      reason: 'from VM_NOHUGEPAGE in def_flags (s390 KVM): mlockall, then a new mapping lacks nh',
    },
  },
  {
    a: 'linux-6.18',
    b: 'planted:map-populate-foll',
    bound: SMALL_KERNEL_BOUND,
    expected: {
      verdict: 'differ',
      steps: 1,
      reason: 'MAP_LOCKED (or MAP_POPULATE) populates nothing without FOLL_POPULATE',
    },
  },
  {
    a: 'linux-6.18',
    b: 'planted:mcl-future-unlocks',
    bound: SMALL_KERNEL_BOUND,
    expected: {
      verdict: 'differ',
      steps: 2,
      reason: 'a locked mapping, then mlockall(MCL_FUTURE) unlocks it',
    },
  },
];

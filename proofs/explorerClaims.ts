// The explorer's claims (mmspec check, src/check): property x model x kernel bound ->
// expected verdict, with the length of the shortest counterexample where one is expected.
// Re-checked by test/proofs/explorerClaims.test.ts on the small bounds; the default bound's
// verdicts (the same, measured at depth 5) are recorded in the lead's ledger.

import { knownPropertyNames } from '../src/check/kernelProperties.js';
import type { KernelBound } from '../src/check/kernelBound.js';
import { NOHUGEPAGE_KERNEL_BOUND, SETUPS, SMALL_KERNEL_BOUND } from '../src/check/kernelBounds.js';
import { expectedViolations } from '../models/expectedVerdicts.js';

export type ExplorerVerdict =
  | { readonly verdict: 'holds' }
  | { readonly verdict: 'violated'; readonly shortest: number; readonly reason: string };

export interface ExplorerClaim {
  readonly property: string;
  readonly model: string;
  readonly bound: KernelBound;
  readonly expected: ExplorerVerdict;
}

/** The shortest counterexample of each known 6.18 violation on the small bound. */
const LINUX_618_SHORTEST: Readonly<Record<string, number>> = {
  mlockedPageHasLockedVmaStrict: 3,
  lockedVmaPageMlocked: 3,
};

/**
 * The depth-6 lockPostcondition violation of 6.18 (models/expectedVerdicts.ts, found on the
 * default bound at depth 6, about 5 minutes of both cores) on a bound narrow enough to find it
 * in seconds: three 2-page regions of a 2-page tmpfile, mmap, MAP_FIXED and mlock only, one
 * privileged process. 6,729 states at depth 6, about 3 s of user CPU.
 */
export const MLOCK_COUNT_BOUND: KernelBound = {
  name: 'mlock-count',
  regions: 3,
  pages: 2,
  depth: 6,
  filePages: 2,
  setups: SETUPS.slice(0, 1),
  calls: ['mmap', 'mmapFixed', 'mlock'],
};

/** Known violations of 6.18 that the small bound is too small to show, and their bound. */
const NARROW: Readonly<Record<string, { readonly bound: KernelBound; readonly shortest: number }>> =
  { lockPostcondition: { bound: MLOCK_COUNT_BOUND, shortest: 6 } };

/** The known violations of 6.18 (models/expectedVerdicts.ts), each a claim to re-check. */
const LINUX_618_FAILURES: Readonly<Record<string, ExplorerVerdict>> = Object.fromEntries(
  Object.entries(expectedViolations('linux-6.18'))
    .filter(([property]) => NARROW[property] === undefined)
    .map(([property, reason]) => [
      property,
      { verdict: 'violated', shortest: LINUX_618_SHORTEST[property] ?? 0, reason },
    ]),
);

/** Each narrow violation on each model that expects it; the models that drain hold there. */
const NARROW_CLAIMS: readonly ExplorerClaim[] = Object.entries(NARROW).flatMap(
  ([property, { bound, shortest }]) =>
    ['linux-6.18', 'linux-7.3', 'linux-6.12'].map((model): ExplorerClaim => {
      const reason = expectedViolations(model)[property];
      return {
        property,
        model,
        bound,
        expected:
          reason === undefined ? { verdict: 'holds' } : { verdict: 'violated', shortest, reason },
      };
    }),
);

export const EXPLORER_CLAIMS: readonly ExplorerClaim[] = [
  ...knownPropertyNames().map((property): ExplorerClaim => ({
    property,
    model: 'linux-6.18',
    bound: SMALL_KERNEL_BOUND,
    expected: LINUX_618_FAILURES[property] ?? { verdict: 'holds' },
  })),
  ...NARROW_CLAIMS,
  {
    property: 'mapPopulateFaultsEverything',
    model: 'planted:map-populate-foll',
    bound: SMALL_KERNEL_BOUND,
    expected: {
      verdict: 'violated',
      shortest: 1,
      reason: 'planted: populate without FOLL_POPULATE skips every page',
    },
  },
  {
    property: 'mclFutureAloneKeepsVmas',
    model: 'planted:mcl-future-unlocks',
    bound: SMALL_KERNEL_BOUND,
    expected: {
      verdict: 'violated',
      shortest: 2,
      reason: 'planted: mlockall(MCL_FUTURE) unlocks existing VMAs',
    },
  },
  {
    property: 'mclFutureClearingConsistent',
    model: 'planted:mlockall-clears-def-flags',
    bound: NOHUGEPAGE_KERNEL_BOUND,
    expected: {
      verdict: 'violated',
      shortest: 1,
      reason: 'planted: mlockall clears VM_NOHUGEPAGE from def_flags',
    },
  },
  {
    property: 'lockLimitRespected',
    model: 'planted:limit-off-by-one',
    bound: SMALL_KERNEL_BOUND,
    expected: {
      verdict: 'violated',
      shortest: 2,
      reason:
        'planted: mlock refused with ENOMEM exactly at RLIMIT_MEMLOCK, the range fully mapped',
    },
  },
  {
    property: 'madvisePopulateErrno',
    model: 'planted:populate-write-unknown',
    bound: SMALL_KERNEL_BOUND,
    expected: {
      verdict: 'violated',
      shortest: 2,
      reason:
        'planted: MADV_POPULATE_WRITE refused with EINVAL where the page says ENOMEM, EFAULT or success',
    },
  },
  {
    property: 'mclFutureClearingConsistent',
    model: 'planted:mlockall-limit-late',
    bound: SMALL_KERNEL_BOUND,
    expected: {
      verdict: 'violated',
      shortest: 1,
      reason: 'planted: mlockall(MCL_CURRENT) locks every VMA, then fails with ENOMEM',
    },
  },
  {
    property: 'smapsShowsLockBits',
    model: 'planted:smaps-hides-lf',
    bound: SMALL_KERNEL_BOUND,
    expected: {
      verdict: 'violated',
      shortest: 2,
      reason: 'planted: smaps prints no lf for a VM_LOCKONFAULT VMA',
    },
  },
  {
    property: 'lockCallsChangeOnlyLockBits',
    model: 'planted:mlockall-onfault-dropped',
    bound: SMALL_KERNEL_BOUND,
    expected: {
      verdict: 'violated',
      shortest: 2,
      reason:
        'planted: mlockall(MCL_CURRENT|MCL_ONFAULT) leaves a mapped VMA without VM_LOCKONFAULT',
    },
  },
  {
    property: 'refusalsJustified',
    model: 'planted:mlockall-future-onfault-einval',
    bound: SMALL_KERNEL_BOUND,
    expected: {
      verdict: 'violated',
      shortest: 1,
      reason: 'planted: mlockall(MCL_FUTURE|MCL_ONFAULT) refused with EINVAL',
    },
  },
];

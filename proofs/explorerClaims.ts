// The explorer's claims (mmspec check, src/check): property x model x kernel bound ->
// expected verdict, with the length of the shortest counterexample where one is expected.
// Re-checked by test/proofs/explorerClaims.test.ts on the small bounds; the default bound's
// verdicts (the same, measured at depth 5) are recorded in the lead's ledger.

import { THREAD_PROPERTY_NAMES, knownPropertyNames } from '../src/check/kernelProperties.js';
import type { KernelBound } from '../src/check/kernelBound.js';
import {
  NOHUGEPAGE_KERNEL_BOUND,
  SETUPS,
  SMALL_KERNEL_BOUND,
  THREADS_KERNEL_BOUND,
} from '../src/check/kernelBounds.js';
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
  // Steps at the lock boundaries, on the threads bound: the prefix mmap, A's mlock held at its
  // page, B's MAP_FIXED over it, A's population step.
  deferredPopulationOwnsItsMappings: 4,
  mlockedPageHasLockedVmaStrict: 3,
  lockedVmaPageMlocked: 3,
};

/** The known violations of 6.18 (models/expectedVerdicts.ts), each a claim to re-check. */
const LINUX_618_FAILURES: Readonly<Record<string, ExplorerVerdict>> = Object.fromEntries(
  Object.entries(expectedViolations('linux-6.18')).map(([property, reason]) => [
    property,
    { verdict: 'violated', shortest: LINUX_618_SHORTEST[property] ?? 0, reason },
  ]),
);

/**
 * The run `check --bound regions=3,pages=4,depth=6` once found violating lockPostcondition on
 * linux-6.18 (litmus MAP_LOCKED+MAP_FIXED+mlock_count.mmt), on a bound narrow enough to
 * explore in seconds: three 2-page regions of a 2-page tmpfile, mmap, MAP_FIXED and mlock,
 * one privileged process (6,727 states at depth 6, about 3 s of user CPU). Since the model
 * keeps a page whose lost mlock a later munlock meets uncertain while a VM_LOCKED VMA still
 * maps it (mlockBatch.ts), the page reads [pL] there and the property holds: the kernels read
 * Lp alone on a CPU and LL beside another task's drain (spec/kernels/version-models.md).
 * 6.12 drains at the end of each zap (zapFreeDrainsMlockBatch) and reads LL.
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

export const EXPLORER_CLAIMS: readonly ExplorerClaim[] = [
  ...['linux-6.18', 'linux-7.3', 'linux-6.12'].map((model): ExplorerClaim => ({
    property: 'lockPostcondition',
    model,
    bound: MLOCK_COUNT_BOUND,
    expected: { verdict: 'holds' },
  })),
  ...knownPropertyNames().map((property): ExplorerClaim => ({
    property,
    model: 'linux-6.18',
    bound: THREAD_PROPERTY_NAMES.includes(property) ? THREADS_KERNEL_BOUND : SMALL_KERNEL_BOUND,
    expected: LINUX_618_FAILURES[property] ?? { verdict: 'holds' },
  })),
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

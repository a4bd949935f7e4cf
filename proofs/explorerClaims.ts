// The explorer's claims (mmspec check, src/check): property x model x kernel bound ->
// expected verdict, with the length of the shortest counterexample where one is expected.
// Re-checked by test/proofs/explorerClaims.test.ts on the small bounds; the default bound's
// verdicts (the same, measured at depth 5) are recorded in the lead's ledger.

import { knownPropertyNames } from '../src/check/kernelProperties.js';
import type { KernelBound } from '../src/check/kernelBound.js';
import { NOHUGEPAGE_KERNEL_BOUND, SMALL_KERNEL_BOUND } from '../src/check/kernelBounds.js';

export type ExplorerVerdict =
  | { readonly verdict: 'holds' }
  | { readonly verdict: 'violated'; readonly shortest: number; readonly reason: string };

export interface ExplorerClaim {
  readonly property: string;
  readonly model: string;
  readonly bound: KernelBound;
  readonly expected: ExplorerVerdict;
}

/** Stated strictly, these fail on 6.18 for known reasons (semantics 12.4, 18.3). */
const LINUX_618_FAILURES: Readonly<Record<string, ExplorerVerdict>> = {
  lockedVmMatchesLockedVmas: {
    verdict: 'violated',
    shortest: 3,
    reason: 'semantics 18.3: MREMAP_DONTUNMAP of a VM_LOCKED VMA charges locked_vm again',
  },
  mlockedPageHasLockedVmaStrict: {
    verdict: 'violated',
    shortest: 3,
    reason:
      'lazy mlock batch: munmap queues munlock_folio after its drain (munmap_locked+pending_munlock.mmt)',
  },
  lockedVmaPageMlocked: {
    verdict: 'violated',
    shortest: 3,
    reason:
      'lazy mlock batch: an mlock meeting a pending munlock is lost (MAP_LOCKED+pending_munlock+lost_mlock.mmt)',
  },
};

export const EXPLORER_CLAIMS: readonly ExplorerClaim[] = [
  ...knownPropertyNames().map((property): ExplorerClaim => ({
    property,
    model: 'linux-6.18',
    bound: SMALL_KERNEL_BOUND,
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
];

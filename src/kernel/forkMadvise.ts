// MADV_DONTFORK, MADV_DOFORK (2.6.16) and MADV_WIPEONFORK, MADV_KEEPONFORK (4.14): advice that
// sets or clears a flag fork reads (mm/madvise.c:madvise_vma_behavior, madvise_behavior before
// 5.17), and splits or merges the VMA like any flag change (madvise_update_vma).
// kernel/fork.c:dup_mmap then leaves a VM_DONTCOPY VMA out of the child and gives a
// VM_WIPEONFORK one neither the parent's PTEs nor its anon_vma (fork.ts).
// - MADV_DONTFORK sets VM_DONTCOPY on any VMA.
// - MADV_DOFORK refuses a VM_IO VMA (its VM_DONTCOPY stays: the pages of a device mapping
//   must not be shared with a child), else clears VM_DONTCOPY. The 7.3.4 guest refuses more
//   (decisions.madviseDoforkRefuses).
// - MADV_WIPEONFORK refuses any VMA with a file (vm_file: a file mapping, shared anonymous
//   memory's shmem file) or VM_SHARED, else sets VM_WIPEONFORK.
// - MADV_KEEPONFORK refuses a VM_DROPPABLE VMA (6.11, with MAP_DROPPABLE: the wipe is part of
//   what a droppable mapping is; no earlier kernel has one), else clears VM_WIPEONFORK.
// The same checks, in the same order, on 5.10, 6.1, 6.12 and 6.18 (measured).

import type { Tx } from './tx.js';
import { modifyFlags } from './vmaList.js';
import * as U from '../uapi/constants.js';
import {
  VM_DONTCOPY,
  VM_DROPPABLE,
  VM_SHARED,
  VM_WIPEONFORK,
  type VmFlags,
  hasAny,
  withFlags,
  withoutFlags,
} from '../uapi/vmFlags.js';

/** The advice this file handles: the flag each sets or clears, and what each refuses. */
export const FORK_ADVICE = [
  U.MADV_DONTFORK,
  U.MADV_DOFORK,
  U.MADV_WIPEONFORK,
  U.MADV_KEEPONFORK,
] as const;

/** The flags a VMA would have after `advice`, or EINVAL when madvise_vma_behavior refuses it. */
export function forkAdviceFlags(
  advice: (typeof FORK_ADVICE)[number],
  flags: VmFlags,
  hasFile: boolean,
  doforkRefuses: VmFlags,
): VmFlags | 'EINVAL' {
  switch (advice) {
    case U.MADV_DONTFORK:
      return withFlags(flags, VM_DONTCOPY);
    case U.MADV_DOFORK:
      return hasAny(flags, doforkRefuses) ? 'EINVAL' : withoutFlags(flags, VM_DONTCOPY);
    case U.MADV_WIPEONFORK:
      return hasFile || hasAny(flags, VM_SHARED) ? 'EINVAL' : withFlags(flags, VM_WIPEONFORK);
    case U.MADV_KEEPONFORK:
      return hasAny(flags, VM_DROPPABLE) ? 'EINVAL' : withoutFlags(flags, VM_WIPEONFORK);
  }
}

/** The madvise visitor of one of FORK_ADVICE. */
export function forkMadvise(advice: (typeof FORK_ADVICE)[number]) {
  return (tx: Tx, i: number, start: number, end: number): 'EINVAL' | null => {
    const v = tx.mm.vmas[i];
    // Stryker disable next-line ConditionalExpression,StringLiteral: madvise's walk passes only indices of VMAs it has read
    if (v === undefined) throw new Error(`forkMadvise: no VMA at ${i}`);
    const flags = forkAdviceFlags(
      advice,
      v.flags,
      v.backing.kind === 'file',
      tx.model.decisions.madviseDoforkRefuses,
    );
    if (flags === 'EINVAL') return 'EINVAL';
    // madvise_update_vma: flags already as asked change nothing, split nothing.
    if (flags !== v.flags) modifyFlags(tx, i, start, end, flags);
    return null;
  };
}

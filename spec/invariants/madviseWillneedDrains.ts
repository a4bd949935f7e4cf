// MADV_WILLNEED over memory with no file behind it, or over shmem, settles this CPU's batches
// (mm/madvise.c:madvise_willneed, CONFIG_SWAP: after the swap-in walk of an anonymous or
// special VMA, and after shmem_swapin_range of a shmem one, it calls lru_add_drain(); there
// since the swap prefetch of 3.9, in every version modelled). So when the walk has visited
// such a VMA (the call returns 0, or ENOMEM for a hole, which the walk passes over), no mlock
// or munlock is left waiting in the per-CPU mlock batch: a page an munmap left mlocked reads
// unlocked again. Over a regular file it only reads ahead and drains nothing, so nothing is
// said there. Host 6.18: litmus MADV_WILLNEED+pending_munlock.

import { currentMm, type KernelState, type Vma } from '../../src/kernel/state.js';
import * as U from '../../src/uapi/constants.js';
import type { TransitionInvariant } from './specInvariant.js';
import { unlockedMlockedPages } from './mlockedPageHasLockedVmaStrict.js';
import { adviceOf, judgesAdvice } from './_internals/madviseFacts.js';
import { callRange } from './_internals/rangeFacts.js';

/** A VMA madvise_willneed swaps in and then drains after: no file, or a shmem one. */
const swappedIn = (s: KernelState, v: Vma): boolean =>
  v.backing.kind !== 'file' || s.files[v.backing.file]?.kind === 'shmem';

export const madviseWillneedDrains: TransitionInvariant = {
  kind: 'transition',
  calls: ['madvise'],
  // Its first test is the advice: MADV_WILLNEED alone.
  judgesLetter: judgesAdvice(U.MADV_WILLNEED),
  name: 'madviseWillneedDrains',
  source: 'mm/madvise.c:madvise_willneed',
  holds: ({ before, call, result, after }) => {
    if (call.call !== 'madvise' || adviceOf(call) !== U.MADV_WILLNEED) return true;
    if (result.kind === 'errno' && result.errno !== 'ENOMEM') return true;
    if (after.mlockBatch.length === 0) return true;
    const { start, end } = callRange(call);
    return !currentMm(before).vmas.some(
      (v) => v.start < end && v.end > start && swappedIn(before, v),
    );
  },
  // What a pending munlock hides: pages the trace maps, mlocked with no locked VMA, read `p`.
  restate: ({ after }, trace) => ({
    checks: unlockedMlockedPages(after, trace),
    notes: ['MADV_WILLNEED over anonymous or shmem memory leaves no mlock or munlock pending'],
  }),
};

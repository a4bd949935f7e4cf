// MADV_WILLNEED adds to the page cache only pages of a regular file that its range maps, and
// drops none. Over a regular file's VMA it reads ahead the file offsets the range covers
// (mm/madvise.c:madvise_willneed -> vfs_fadvise POSIX_FADV_WILLNEED -> mm/fadvise.c:
// generic_fadvise -> force_page_cache_readahead of exactly those indices, up to end of file);
// over shmem it only swaps in what is in swap (mm/shmem.c:shmem_swapin_range), which with no
// swap is nothing; a secretmem file reads nothing in either (its folios come from its fault
// handler alone). No kernel modelled evicts a page for WILLNEED. Whatever the call answers
// (ENOMEM over a hole still visits the VMAs), a page newly cached is a regular file's page at
// an index some VMA of the range maps, and every page cached before is still there.
// Host 6.18: litmus MADV_WILLNEED+shmem (fault-around shows no shmem page read in) and
// MADV_WILLNEED_last_page+fault_around (a regular file's WILLNEED reads its range alone).

import { currentMm, type FileObject, type KernelState } from '../../src/kernel/state.js';
import * as U from '../../src/uapi/constants.js';
import type { TransitionInvariant } from './specInvariant.js';
import { adviceOf, judgesAdvice } from './_internals/madviseFacts.js';
import { type PageSpan, callRange } from './_internals/rangeFacts.js';

/** Whether file `id`'s page `index` is one the range's VMAs map (in `s`, before the call). */
function inRange(s: KernelState, range: PageSpan, id: number, index: number): boolean {
  return currentMm(s).vmas.some((v) => {
    if (v.backing.kind !== 'file' || v.backing.file !== id) return false;
    const from = Math.max(range.start, v.start);
    const to = Math.min(range.end, v.end);
    return from < to && index >= v.pgoff + (from - v.start) && index < v.pgoff + (to - v.start);
  });
}

/** Every page `was` cached is cached at the same index in `now`, the same page. */
const keptAll = (was: FileObject, now: FileObject): boolean =>
  [...was.cache].every(([index, page]) => now.cache.get(index) === page);

export const madviseWillneedCachesOnlyItsRange: TransitionInvariant = {
  kind: 'transition',
  // It compares the page cache before and after alone: kept when nothing changed.
  holdsWhenUnchanged: true,
  calls: ['madvise'],
  // Its first test is the advice: MADV_WILLNEED alone.
  judgesLetter: judgesAdvice(U.MADV_WILLNEED),
  name: 'madviseWillneedCachesOnlyItsRange',
  source:
    'mm/madvise.c:madvise_willneed, mm/fadvise.c:generic_fadvise, mm/shmem.c:shmem_swapin_range',
  holds: ({ before, call, after }) => {
    if (call.call !== 'madvise' || adviceOf(call) !== U.MADV_WILLNEED) return true;
    if (after.files === before.files) return true;
    const range = callRange(call);
    return after.files.every((now, id) => {
      const was = before.files[id];
      if (was === undefined || now === was) return true;
      if (!keptAll(was, now)) return false;
      for (const index of now.cache.keys()) {
        if (was.cache.has(index)) continue;
        if (was.kind !== 'regular' || !inRange(before, range, id, index)) return false;
      }
      return true;
    });
  },
  // The page cache is not observable in a trace but through a later fault's fault-around.
  restate: () => ({
    checks: [],
    notes: [
      'MADV_WILLNEED caches only pages of a regular file that its range maps, and drops none',
    ],
  }),
};

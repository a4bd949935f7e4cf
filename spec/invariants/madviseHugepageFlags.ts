// MADV_HUGEPAGE and MADV_NOHUGEPAGE change one flag pair and nothing else (madvise.2:
// MADV_HUGEPAGE enables transparent huge pages for the range, MADV_NOHUGEPAGE ensures it will
// not be backed by them; mm/khugepaged.c:hugepage_madvise sets VM_HUGEPAGE and clears
// VM_NOHUGEPAGE, or the converse; mm/madvise.c:madvise_update_vma splits at the range's
// edges, walking on past holes as madvise_walk_vmas does):
// - every mapped page of the range keeps its VMA's other flags, its backing, file offset and
//   PTE, and has VM_HUGEPAGE set and VM_NOHUGEPAGE clear (MADV_HUGEPAGE) or the converse;
// - every page outside the range maps as it did; def_flags, locked_vm and the rest of the
//   program's lock are unchanged (neither flag is a lock bit, and no page is faulted or zapped).
// Judged on success and on ENOMEM (a hole: the mapped parts changed all the same); a refusal
// is the refusal properties' business.

import { currentMm } from '../../src/kernel/state.js';
import { checkMnemonics } from '../../src/trace/syntax.js';
import * as U from '../../src/uapi/constants.js';
import { VM_HUGEPAGE, VM_NOHUGEPAGE } from '../../src/uapi/vmFlags.js';
import type { TransitionInvariant } from './specInvariant.js';
import { type FlagChange, madviseChangedOnlyFlags } from './_internals/flagChange.js';
import { vmaAt } from './_internals/mmFacts.js';
import { adviceOf, judgesAdvice } from './_internals/madviseFacts.js';
import { callRange, regionPagesIn } from './_internals/rangeFacts.js';

/** The pair of flags an advice sets and clears, or undefined for other advice. */
function flagPair(advice: number): FlagChange | undefined {
  if (advice === U.MADV_HUGEPAGE) return { set: VM_HUGEPAGE, clear: VM_NOHUGEPAGE };
  if (advice === U.MADV_NOHUGEPAGE) return { set: VM_NOHUGEPAGE, clear: VM_HUGEPAGE };
  return undefined;
}

export const madviseHugepageFlags: TransitionInvariant = {
  kind: 'transition',
  calls: ['madvise'],
  // MadviseChangedOnlyFlags holds at once for an advice flagPair does not know.
  judgesLetter: judgesAdvice(U.MADV_HUGEPAGE, U.MADV_NOHUGEPAGE),
  name: 'madviseHugepageFlags',
  source: 'mm/khugepaged.c:hugepage_madvise; mm/madvise.c:madvise_update_vma',
  holds: (t) => madviseChangedOnlyFlags(t, flagPair(adviceOf(t.call))),
  // Each region page of the range shows the flag asked for and lacks the other; the rest is
  // as before.
  restate: ({ before, call }, trace) => {
    const huge = adviceOf(call) === U.MADV_HUGEPAGE;
    const { start, end } = callRange(call);
    const mm = currentMm(before);
    const pages = regionPagesIn(trace, start, end).filter(
      ({ region, page }) => vmaAt(mm, region.firstVpn + page) !== undefined,
    );
    return {
      checks: [
        ...pages.flatMap(({ region, page }) => [
          checkMnemonics({ kind: 'vmflags', addr: region.at(page) }, 'has', [huge ? 'hg' : 'nh']),
          checkMnemonics({ kind: 'vmflags', addr: region.at(page) }, 'lacks', [huge ? 'nh' : 'hg']),
        ]),
        trace.vmLckObserved(before),
        ...trace.defFlagsObserved(before),
      ],
    };
  },
};

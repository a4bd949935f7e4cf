// MADV_DONTNEED's post-condition (madvise.2 MADV_DONTNEED: after a successful call, an access
// to the range refills it from the file or with zero-fill pages; mm/madvise.c:
// madvise_dontneed_single_vma -> zap_page_range_single): when madvise(MADV_DONTNEED) or
// madvise(MADV_DONTNEED_LOCKED) returns 0, no page of the range is mapped any more (a guard
// marker, which a zap keeps, is no page). Found from the mutation survivors: a madvise that
// populated instead of zapping was caught by no property. The pages outside the range keep
// their mappings (zap_page_range_single zaps [start, end) only; a zap that ran on to the VMA's
// end survived run 7 of the mutation test). A guard marker in the range stays one
// (mm/memory.c:zap_pte_range skips markers; host 6.18: litmus
// MADV_GUARD_INSTALL+MADV_DONTNEED+MADV_GUARD_REMOVE, the page still faults with SIGSEGV).

import { MADV_DONTNEED, MADV_DONTNEED_LOCKED } from '../../src/uapi/constants.js';
import { PTE_GUARD, PTE_NONE, currentMm } from '../../src/kernel/state.js';
import { checkPages } from '../../src/trace/syntax.js';
import type { TransitionInvariant } from './specInvariant.js';
import { judgesAdvice } from './_internals/madviseFacts.js';
import { keptOutside } from './_internals/keptOutside.js';
import { argInt, pteAt } from './_internals/mmFacts.js';
import { callRange, regionPagesIn } from './_internals/rangeFacts.js';

export const madviseDontneedPostcondition: TransitionInvariant = {
  kind: 'transition',
  // A postcondition of success: a call that returned no value keeps it.
  results: ['value'],
  calls: ['madvise'],
  // It judges MADV_DONTNEED and MADV_DONTNEED_LOCKED alone, by their advice.
  judgesLetter: judgesAdvice(MADV_DONTNEED, MADV_DONTNEED_LOCKED),
  name: 'madviseDontneedPostcondition',
  source: 'mm/madvise.c:madvise_dontneed_single_vma',
  holds: ({ before, call, result, after }) => {
    if (call.call !== 'madvise' || result.kind !== 'value') return true;
    const advice = argInt(call, 2);
    if (advice !== MADV_DONTNEED && advice !== MADV_DONTNEED_LOCKED) return true;
    const was = currentMm(before);
    const mm = currentMm(after);
    const { start, end } = callRange(call);
    if (!keptOutside(was, mm, [{ start, end }])) return false;
    for (let vpn = start; vpn < end; vpn++) {
      const guard = pteAt(was, vpn) === PTE_GUARD;
      if (pteAt(mm, vpn) !== (guard ? PTE_GUARD : PTE_NONE)) return false;
    }
    return true;
  },
  // No page present in the range: each region page inside it reads as not present.
  restate: ({ call }, trace) => {
    const { start, end } = callRange(call);
    return {
      checks: regionPagesIn(trace, start, end).map(({ region, page }) =>
        checkPages(region.at(page), 1, '.'),
      ),
    };
  },
};

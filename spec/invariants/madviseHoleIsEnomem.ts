// madvise over a hole answers ENOMEM, after applying the advice to the mapped parts (madvise.2
// ERRORS ENOMEM "addresses in the specified range are not currently mapped"; NOTES, Linux:
// the advice is applied to the mapped parts; mm/madvise.c:madvise_walk_vmas remembers the hole
// and walks on): the converse of enomemOnlyUnmapped for madvise.
// - madvise with valid arguments returning 0 for a non-empty range: no page of it is unmapped.
// - Over a hole, advice whose refusals are all known (MADV_DONTNEED, DONTNEED_LOCKED, FREE,
//   COLD, PAGEOUT, WILLNEED, NORMAL) answers exactly ENOMEM when no VMA of the range refuses it
//   (the walk visits every VMA, holes included, and keeps the ENOMEM for the end).
// - MADV_DONTNEED or MADV_DONTNEED_LOCKED answering ENOMEM: every VMA of the range was visited
//   without a refusal, so no page of the range is mapped any more (a guard marker, which a zap
//   keeps, is no page).

import { PTE_GUARD, PTE_NONE, currentMm } from '../../src/kernel/state.js';
import * as U from '../../src/uapi/constants.js';
import { checkPages } from '../../src/trace/syntax.js';
import type { TransitionInvariant } from './specInvariant.js';
import { metFailure, pteAt, vmaAt } from './_internals/mmFacts.js';
import { VMA_REFUSALS, adviceOf, madviseArgumentsBad } from './_internals/madviseFacts.js';
import { callRange, regionPagesIn } from './_internals/rangeFacts.js';
import { acceptedResults } from './_internals/acceptedResults.js';

export const madviseHoleIsEnomem: TransitionInvariant = {
  kind: 'transition',
  calls: ['madvise'],
  name: 'madviseHoleIsEnomem',
  source: 'mm/madvise.c:madvise_walk_vmas',
  holds: ({ before, call, result, after }) => {
    if (call.call !== 'madvise' || madviseArgumentsBad(call) || metFailure(call)) return true;
    const { start, end } = callRange(call);
    const mm = currentMm(before);
    let hole = false;
    for (let vpn = start; vpn < end && !hole; vpn++) hole = vmaAt(mm, vpn) === undefined;
    if (result.kind === 'value') return !hole;
    if (result.kind !== 'errno') return true;
    const advice = adviceOf(call);
    const refuses = advice === U.MADV_REMOVE ? undefined : VMA_REFUSALS.get(advice);
    if (
      hole &&
      refuses !== undefined &&
      !mm.vmas.some((v) => v.start < end && start < v.end && refuses(v))
    )
      // (A kernel without madvise, nommu's callsNotBuilt, answers ENOSYS to everything.)
      if (result.errno !== 'ENOMEM' && result.errno !== 'ENOSYS') return false;
    if (
      result.errno !== 'ENOMEM' ||
      (advice !== U.MADV_DONTNEED && advice !== U.MADV_DONTNEED_LOCKED)
    )
      return true;
    const left = currentMm(after);
    for (let vpn = start; vpn < end; vpn++) {
      const pte = pteAt(left, vpn);
      if (pte !== PTE_NONE && pte !== PTE_GUARD) return false;
    }
    return true;
  },
  // After a MADV_DONTNEED's ENOMEM: each region page of the range reads as not present.
  restate: (t, trace) => {
    const { call, result } = t;
    if (result.kind === 'value')
      return {
        ...acceptedResults(madviseHoleIsEnomem, t),
        checks: [],
        notes: ['the range has a hole: madvise must answer ENOMEM'],
      };
    const { start, end } = callRange(call);
    return {
      checks: regionPagesIn(trace, start, end).map(({ region, page }) =>
        checkPages(region.at(page), 1, '.'),
      ),
    };
  },
};

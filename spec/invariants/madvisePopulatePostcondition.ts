// What a successful MADV_POPULATE_READ/WRITE leaves (madvise.2: "populate (prefault) page
// tables readable/writable, faulting-in all pages in the range just as if manually reading
// from/writing to each page"; mm/madvise.c:madvise_populate, mm/gup.c:faultin_page_range):
// when the call returns 0, every page of the range is present, and after MADV_POPULATE_WRITE
// none is the shared zero page (a write fault breaks COW). madvisePopulateErrno states which
// answer the range calls for; this states what the answer 0 promises.

import { MADV_POPULATE_READ, MADV_POPULATE_WRITE } from '../../src/uapi/constants.js';
import { PTE_NONE, PTE_ZERO, currentMm } from '../../src/kernel/state.js';
import type { TransitionInvariant } from './specInvariant.js';
import { argInt, metFailure, pteAt } from './_internals/mmFacts.js';
import { callRange } from './_internals/rangeFacts.js';

export const madvisePopulatePostcondition: TransitionInvariant = {
  kind: 'transition',
  calls: ['madvise'],
  name: 'madvisePopulatePostcondition',
  source: 'mm/madvise.c:madvise_populate; mm/gup.c:faultin_page_range',
  holds: ({ call, result, after }) => {
    if (call.call !== 'madvise' || result.kind !== 'value' || metFailure(call)) return true;
    const advice = argInt(call, 2);
    if (advice !== MADV_POPULATE_READ && advice !== MADV_POPULATE_WRITE) return true;
    const mm = currentMm(after);
    const { start, end } = callRange(call);
    for (let vpn = start; vpn < end; vpn++) {
      const pte = pteAt(mm, vpn);
      if (pte === PTE_NONE || (advice === MADV_POPULATE_WRITE && pte === PTE_ZERO)) return false;
    }
    return true;
  },
  restate: () => ({
    checks: [],
    notes: [
      'MADV_POPULATE_* returned 0: every page of its range must be present (written for WRITE)',
    ],
  }),
};

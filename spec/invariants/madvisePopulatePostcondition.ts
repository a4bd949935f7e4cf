// What MADV_POPULATE_READ/WRITE leaves populated (madvise.2: "populate (prefault) page
// tables readable/writable, faulting-in all pages in the range just as if manually reading
// from/writing to each page"; mm/madvise.c:madvise_populate, mm/gup.c:faultin_page_range):
// when the call returns 0, every page of the range is present, and after MADV_POPULATE_WRITE
// none is the shared zero page (a write fault breaks COW). When it fails with ENOMEM (a hole)
// or EFAULT (a guard marker, a file page past EOF), the walk has gone in address order up to
// the first page it could not populate, faulting each page in before looking at the next
// (__get_user_pages), so every page before that one is present the same way: a failure part
// way keeps what it populated. The pages from it on are not judged (fault-around may map some). EINVAL is not judged: a kernel without the
// advice answers it too, before any walk. madvisePopulateErrno states which answer the range
// calls for; this states what the answer leaves. An injected failure is
// populateFailsAtInjectedPage's.

import { MADV_POPULATE_READ, MADV_POPULATE_WRITE } from '../../src/uapi/constants.js';
import { PTE_NONE, PTE_ZERO, currentMm } from '../../src/kernel/state.js';
import type { Transition, TransitionInvariant } from './specInvariant.js';
import { argInt, metFailure, pteAt } from './_internals/mmFacts.js';
import { madviseArgumentsBad, judgesAdvice } from './_internals/madviseFacts.js';
import { callRange } from './_internals/rangeFacts.js';
import { populateStop } from './_internals/populateStop.js';
import { pagePatterns } from './_internals/pagePatterns.js';

/** The pages [start, end) the call must leave populated, or null when it promises none. */
function promised({ before, call, result }: Transition): { start: number; end: number } | null {
  if (call.call !== 'madvise' || metFailure(call)) return null;
  const advice = argInt(call, 2);
  if (advice !== MADV_POPULATE_READ && advice !== MADV_POPULATE_WRITE) return null;
  const { start, end } = callRange(call);
  if (result.kind === 'value') return { start, end };
  if (result.kind !== 'errno' || (result.errno !== 'ENOMEM' && result.errno !== 'EFAULT'))
    return null;
  if (madviseArgumentsBad(call)) return null;
  return { start, end: populateStop(before, start, end, advice === MADV_POPULATE_WRITE).vpn };
}

export const madvisePopulatePostcondition: TransitionInvariant = {
  kind: 'transition',
  calls: ['madvise'],
  // `promised` is null for any other advice.
  judgesLetter: judgesAdvice(MADV_POPULATE_READ, MADV_POPULATE_WRITE),
  name: 'madvisePopulatePostcondition',
  source: 'mm/madvise.c:madvise_populate; mm/gup.c:faultin_page_range',
  holds: (t) => {
    const range = promised(t);
    if (range === null) return true;
    const write = argInt(t.call, 2) === MADV_POPULATE_WRITE;
    const mm = currentMm(t.after);
    for (let vpn = range.start; vpn < range.end; vpn++) {
      const pte = pteAt(mm, vpn);
      if (pte === PTE_NONE || (write && pte === PTE_ZERO)) return false;
    }
    return true;
  },
  // Each page the call had to leave populated: present, and not the zero page after a write.
  restate: (t, trace) => {
    const range = promised(t);
    const write = argInt(t.call, 2) === MADV_POPULATE_WRITE;
    return {
      checks:
        range === null
          ? []
          : pagePatterns(trace, (vpn) =>
              vpn >= range.start && vpn < range.end ? (write ? '[pL]' : '[pzL]') : null,
            ),
      notes: [
        t.result.kind === 'value'
          ? 'MADV_POPULATE_* returned 0: every page of its range must be present (written for WRITE)'
          : 'MADV_POPULATE_* failed: every page before the first it could not populate must be present (written for WRITE)',
      ],
    };
  },
};

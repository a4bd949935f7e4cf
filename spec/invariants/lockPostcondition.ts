// The lock post-condition of mlock and mlock2 (mlock.2 DESCRIPTION: "all pages that contain a
// part of the specified address range are guaranteed to be resident in RAM when the call
// returns successfully"; semantics 2.6, 4.3, 6.2): after mlock or mlock2 return 0, every page
// of the range that a VM_LOCKED VMA maps is mlocked and, unless the VMA is VM_LOCKONFAULT,
// present (mm/gup.c:__mm_populate faults it in; mm/mlock.c:mlock_pte_range and
// mlock_vma_folio mlock it, and before 5.18 mm/gup.c:follow_page_pte with FOLL_MLOCK does).
// Lock-on-fault's half: MLOCK_ONFAULT makes no page present (lockOnFaultNeverPopulates) but
// does mlock the ones already there. mlockall(MCL_CURRENT) promises the same with its own
// exemptions: mlockallCurrentPostcondition.
// Exempt, as the kernel is: a page whose mlock still waits in the per-CPU batch or is
// uncertain (semantics 12.4, the model knows both); the shared zero page (never mlocked,
// 12.5); guard markers. Pages population cannot fault in (PROT_NONE, past EOF, VM_IO|
// VM_PFNMAP, a guard marker) need no exemption: mlock fails with ENOMEM there, so a
// successful mlock has none. And a page of a large folio that PTEs map: mlock mlocks such a
// folio only when one walk sees all of it (mm/mlock.c:allow_mlock_munlock), so a folio partly
// outside the locked VMA, or split across the VMA pieces of a walk, stays unlocked (flagged:
// lockedPageOfSplitFolioNotMlocked).

import type { TransitionInvariant } from './specInvariant.js';
import { lockPromiseChecks, lockPromiseKept } from './_internals/lockPromise.js';
import { callRange } from './_internals/rangeFacts.js';

export const lockPostcondition: TransitionInvariant = {
  kind: 'transition',
  calls: ['mlock', 'mlock2'],
  name: 'lockPostcondition',
  source: 'mm/mlock.c:do_mlock, mlock_pte_range; mm/gup.c:__mm_populate, follow_page_pte',
  holds: ({ call, result, after }) =>
    result.kind !== 'value' ||
    (call.call !== 'mlock' && call.call !== 'mlock2') ||
    lockPromiseKept(after, callRange(call), false),
  restate: ({ call, after }, trace) =>
    lockPromiseChecks(
      after,
      call.call === 'mlock' || call.call === 'mlock2' ? callRange(call) : null,
      false,
      trace,
    ),
};

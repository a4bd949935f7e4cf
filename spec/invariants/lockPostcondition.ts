// The lock post-condition of mlock and mlock2 (mlock.2 DESCRIPTION: "all pages that contain a
// part of the specified address range are guaranteed to be resident in RAM when the call
// returns successfully"; semantics 2.6, 4.3, 6.2): after mlock or mlock2 without MLOCK_ONFAULT
// return 0, every page of the range that a VM_LOCKED VMA maps is present and mlocked
// (mm/gup.c:__mm_populate faults it in; mm/mlock.c:mlock_pte_range and mlock_vma_folio mlock
// it, and before 5.18 mm/gup.c:follow_page_pte with FOLL_MLOCK does). MLOCK_ONFAULT makes no
// page present (lockOnFaultNeverPopulates) and mlocks the ones already there
// (lockOnFaultMlocksPresent); mlockall(MCL_CURRENT) promises the same as both with its own
// exemptions (mlockallCurrentPostcondition). Each apart, because kernels before 5.18 keep this
// one only (models/expectedVerdicts.ts, linux-5.10).
// Exempt, as the kernel is: a page whose mlock still waits in the per-CPU batch or is
// uncertain (semantics 12.4, the model knows both); the shared zero page (never mlocked,
// 12.5); guard markers. Pages population cannot fault in (PROT_NONE, past EOF, VM_IO|
// VM_PFNMAP, a guard marker) need no exemption: mlock fails with ENOMEM there, so a
// successful mlock has none. And a page of a large folio that PTEs map: mlock mlocks such a
// folio only when one walk sees all of it (mm/mlock.c:allow_mlock_munlock), so a folio partly
// outside the locked VMA, or split across the VMA pieces of a walk, stays unlocked (flagged:
// lockedPageOfSplitFolioNotMlocked).

import { MLOCK_ONFAULT } from '../../src/uapi/constants.js';
import type { KernelCall } from '../../src/kernel/call.js';
import { type TransitionInvariant, letterArgInt } from './specInvariant.js';
import { argInt } from './_internals/mmFacts.js';
import { lockPromiseChecks, lockPromiseKept } from './_internals/lockPromise.js';
import { callRange } from './_internals/rangeFacts.js';

/** mlock, or mlock2 without MLOCK_ONFAULT: a lock call that populates its range. */
const populatingLock = (call: KernelCall): boolean =>
  call.call === 'mlock' || (call.call === 'mlock2' && (argInt(call, 2) & MLOCK_ONFAULT) === 0);

export const lockPostcondition: TransitionInvariant = {
  kind: 'transition',
  // A postcondition of success: a call that returned no value keeps it.
  results: ['value'],
  calls: ['mlock', 'mlock2'],
  // `populatingLock` reads mlock2's flags, which a letter fixes: with MLOCK_ONFAULT it holds.
  judgesLetter: (c) => {
    const flags = c.call === 'mlock2' ? letterArgInt(c, 2) : undefined;
    return flags === undefined || (flags & MLOCK_ONFAULT) === 0;
  },
  name: 'lockPostcondition',
  source: 'mm/mlock.c:do_mlock, mlock_pte_range; mm/gup.c:__mm_populate, follow_page_pte',
  holds: ({ call, result, after }) =>
    result.kind !== 'value' ||
    !populatingLock(call) ||
    lockPromiseKept(after, callRange(call), false),
  restate: ({ call, after }, trace) =>
    lockPromiseChecks(after, populatingLock(call) ? callRange(call) : null, false, trace),
};

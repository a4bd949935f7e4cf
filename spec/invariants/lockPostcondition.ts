// The lock post-condition (mlock.2 DESCRIPTION: "all pages that contain a part of the
// specified address range are guaranteed to be resident in RAM when the call returns
// successfully"; semantics 2.6, 4.3, 6.2): after mlock, mlock2 or mlockall(MCL_CURRENT)
// return 0, every page of the range that a VM_LOCKED VMA maps is mlocked, and, unless the VMA
// is VM_LOCKONFAULT, present (mm/gup.c:__mm_populate faults it in, mm/mlock.c:mlock_pte_range
// and mlock_vma_folio mlock it). Lock-on-fault's half: MLOCK_ONFAULT and MCL_ONFAULT make no
// page present (lockOnFaultNeverPopulates) but do mlock the ones already there.
// Exempt, as the kernel is: a page whose mlock still waits in the per-CPU batch or is
// uncertain (semantics 12.4, the model knows both); the shared zero page (never mlocked,
// 12.5); guard markers; and, for mlockall only (it ignores population errors), pages
// population cannot fault in (PROT_NONE, past EOF, VM_IO|VM_PFNMAP, a guard marker) and the
// pages of their VMA after them (litmus mlockall+MADV_GUARD_INSTALL) — mlock fails with ENOMEM
// there, so a successful mlock has none. And a page of a large folio that PTEs map: mlock
// mlocks such a folio only when one walk sees all of it (mm/mlock.c:allow_mlock_munlock), so a
// folio partly outside the locked VMA, or split across the VMA pieces of a walk, stays
// unlocked (flagged: lockedPageOfSplitFolioNotMlocked).

import { MCL_CURRENT } from '../../src/uapi/constants.js';
import { PTE_NONE, currentMm } from '../../src/kernel/state.js';
import type { KernelState } from '../../src/kernel/state.js';
import type { KernelCall } from '../../src/kernel/call.js';
import type { TransitionInvariant } from './specInvariant.js';
import { argInt, isLockOnFault, isLocked, vmaAt } from './_internals/mmFacts.js';
import { pagePatterns } from './_internals/pagePatterns.js';
import { pageOfSplitFolio } from './_internals/splitFolioFacts.js';
import { callRange, populatable } from './_internals/rangeFacts.js';

/** The pages a successful call promises to lock, or null when it promises nothing. */
function lockedRange(call: KernelCall): { start: number; end: number } | null {
  if (call.call === 'mlock' || call.call === 'mlock2') return callRange(call);
  if (call.call === 'mlockall' && argInt(call, 0) & MCL_CURRENT)
    return { start: 0, end: Number.MAX_SAFE_INTEGER };
  return null;
}

/** Pages whose PG_mlocked the per-CPU batch has yet to settle. */
const unsettled = (s: KernelState): Set<number> =>
  new Set([...s.mlockBatch.map((e) => e.page), ...s.mlockUncertain]);

/** Whether page `vpn` of the current process breaks the post-condition in `s`. */
function broken(s: KernelState, vpn: number, pending: Set<number>, all: boolean): boolean {
  const v = vmaAt(currentMm(s), vpn);
  if (v === undefined || !isLocked(v)) return false;
  const pte = v.ptes.at(vpn - v.start);
  if (pte > 0)
    return (
      s.pages.get(pte)?.mlocked !== true &&
      !pending.has(pte) &&
      !pageOfSplitFolio(s, currentMm(s), vpn, pte)
    );
  if (pte !== PTE_NONE || isLockOnFault(v)) return false;
  // mlockall's population gives up on a VMA at its first failure and goes on at the next one
  // (mm/gup.c:__mm_populate with ignore_errors), so a page after a guard marker stays out.
  return !all || populatable(s, v, v.start, vpn + 1);
}

export const lockPostcondition: TransitionInvariant = {
  kind: 'transition',
  calls: ['mlock', 'mlock2', 'mlockall'],
  name: 'lockPostcondition',
  source: 'mm/mlock.c:do_mlock, mlock_pte_range; mm/gup.c:__mm_populate',
  holds: ({ call, result, after }) => {
    if (result.kind !== 'value') return true;
    const range = lockedRange(call);
    if (range === null) return true;
    const all = call.call === 'mlockall';
    const pending = unsettled(after);
    for (const v of currentMm(after).vmas) {
      if (!isLocked(v)) continue;
      const from = Math.max(range.start, v.start);
      const to = Math.min(range.end, v.end);
      for (let vpn = from; vpn < to; vpn++) if (broken(after, vpn, pending, all)) return false;
    }
    return true;
  },
  // `L` (present and mlocked) where a page of the range breaks the promise.
  restate: ({ call, after }, trace) => {
    const range = lockedRange(call);
    const pending = unsettled(after);
    const all = call.call === 'mlockall';
    return {
      checks: pagePatterns(trace, (vpn) =>
        range !== null && vpn >= range.start && vpn < range.end && broken(after, vpn, pending, all)
          ? 'L'
          : null,
      ),
    };
  },
};

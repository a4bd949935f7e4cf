// Locking a private writable mapping breaks COW (mlock.2: locked pages are resident so that
// later accesses take no page fault; mm/gup.c:populate_vma_page_range faults a VMA that is
// VM_WRITE without VM_SHARED with FOLL_WRITE, "in order to break COW"): after mlock, mlock2
// or mlockall(MCL_CURRENT) return 0, no page of the range in a VM_LOCKED, not VM_LOCKONFAULT,
// private writable VMA is the shared zero page — a read fault would have left it there, and
// the first write would then fault and allocate. lockPostcondition exempts the zero page
// (never mlocked), so it cannot see a population that faulted for reading. mlockall's
// population gives up on a VMA at a page it cannot fault in (a guard marker), so a zero page
// after one may stay (litmus mlockall+MADV_GUARD_INSTALL); mlock fails there.

import { MCL_CURRENT } from '../../src/uapi/constants.js';
import { type KernelState, PTE_ZERO, type Vma, currentMm } from '../../src/kernel/state.js';
import type { KernelCall } from '../../src/kernel/call.js';
import { VM_SHARED, VM_WRITE, maskFlags, vmFlags } from '../../src/uapi/vmFlags.js';
import type { TransitionInvariant } from './specInvariant.js';
import { argInt, isLockOnFault, isLocked, vmaAt } from './_internals/mmFacts.js';
import { pagePatterns } from './_internals/pagePatterns.js';
import { callRange, populatable } from './_internals/rangeFacts.js';

const PRIVATE_WRITABLE = vmFlags(VM_WRITE | VM_SHARED);

/** The pages a successful call populates for locking, or null. */
function lockedRange(call: KernelCall): { start: number; end: number } | null {
  if (call.call === 'mlock' || call.call === 'mlock2') return callRange(call);
  if (call.call === 'mlockall' && argInt(call, 0) & MCL_CURRENT)
    return { start: 0, end: Number.MAX_SAFE_INTEGER };
  return null;
}

/**
 * Whether page `vpn` of `v` is a zero page a successful lock over `range` should have broken:
 * `v` locked, not on fault, private and writable, and the population reached the page.
 */
function leftZero(
  after: KernelState,
  v: Vma,
  range: { start: number; end: number },
  vpn: number,
): boolean {
  if (!isLocked(v) || isLockOnFault(v)) return false;
  if (maskFlags(v.flags, PRIVATE_WRITABLE) !== VM_WRITE) return false;
  const from = Math.max(range.start, v.start);
  return v.ptes.at(vpn - v.start) === PTE_ZERO && populatable(after, v, from, vpn + 1);
}

export const lockBreaksCow: TransitionInvariant = {
  kind: 'transition',
  // A postcondition of success: a call that returned no value keeps it.
  results: ['value'],
  calls: ['mlock', 'mlock2', 'mlockall'],
  name: 'lockBreaksCow',
  source: 'mm/gup.c:populate_vma_page_range; mm/mlock.c:do_mlock, SYSCALL mlockall',
  holds: ({ call, result, after }) => {
    if (result.kind !== 'value') return true;
    const range = lockedRange(call);
    if (range === null) return true;
    for (const v of currentMm(after).vmas) {
      const to = Math.min(range.end, v.end);
      for (let vpn = Math.max(range.start, v.start); vpn < to; vpn++)
        if (leftZero(after, v, range, vpn)) return false;
    }
    return true;
  },
  // The pages `holds` finds left as the zero page, each demanded present and not the zero page.
  restate: ({ call, after }, trace) => {
    const range = lockedRange(call);
    const mm = currentMm(after);
    return {
      checks:
        range === null
          ? []
          : pagePatterns(trace, (vpn) => {
              if (vpn < range.start || vpn >= range.end) return null;
              const v = vmaAt(mm, vpn);
              return v !== undefined && leftZero(after, v, range, vpn) ? '[pL]' : null;
            }),
      notes: ['a locked private writable page must not be left as the shared zero page'],
    };
  },
};

// mprotect populates what it makes writable in a locked private mapping (mm/mprotect.c:
// mprotect_fixup, since 4.2's "mm: fix mprotect() behaviour on VM_LOCKED VMAs"): when a
// VMA that was VM_LOCKED, private and not writable gains VM_WRITE, mprotect_fixup calls
// populate_vma_page_range over the changed part, which (writable, private) faults with
// FOLL_WRITE to break COW. So after a successful mprotect every page of the range in such a
// VMA is present and is not the shared zero page, as mlock.2 promises of locked memory (no
// fault on a later access) — except under VM_LOCKONFAULT, for which populate_vma_page_range
// does nothing, and past the end of a file (SIGBUS: nothing to fault in) or after a guard marker
// (population stops at the first page it cannot fault in). A shared VMA, one
// that was writable already, or a VMA that stays read-only is not populated by mprotect:
// nothing is promised of it here. PROT_GROWSDOWN/PROT_GROWSUP calls stretch the range and are
// left out, as are calls that met an injected failure.

import { PROT_GROWSDOWN, PROT_GROWSUP } from '../../src/uapi/constants.js';
import {
  PTE_NONE,
  PTE_ZERO,
  currentMm,
  type KernelState,
  type Vma,
} from '../../src/kernel/state.js';
import { VM_LOCKED, VM_SHARED, VM_WRITE, maskFlags, vmFlags } from '../../src/uapi/vmFlags.js';
import type { TransitionInvariant } from './specInvariant.js';
import { argInt, isLockOnFault, isLocked, metFailure, vmaAt } from './_internals/mmFacts.js';
import { callRange, populatable } from './_internals/rangeFacts.js';
import { pagePatterns } from './_internals/pagePatterns.js';
import type { KernelCall } from '../../src/kernel/call.js';
import type { Result } from '../../src/kernel/result.js';

const WRITE_SHARED_LOCKED = vmFlags(VM_WRITE | VM_SHARED | VM_LOCKED);

/** A locked private VMA that mprotect makes writable: mprotect_fixup's populate test. */
export const gainsWriteLocked = (before: Vma, after: Vma): boolean =>
  maskFlags(before.flags, WRITE_SHARED_LOCKED) === VM_LOCKED &&
  maskFlags(after.flags, vmFlags(VM_WRITE | VM_SHARED)) === VM_WRITE &&
  isLocked(after) &&
  !isLockOnFault(after);

/**
 * Whether page `vpn` of an mprotect's range starting at `start` is one mprotect_fixup had to
 * populate (see gainsWriteLocked) and was left absent or as the zero page. Population ends at
 * the first page it cannot fault in (past EOF, a guard marker: litmus
 * mprotect+locked+MADV_GUARD_INSTALL), and mprotect_fixup ignores the error.
 */
function leftUnpopulated(before: KernelState, after: KernelState, start: number, vpn: number) {
  const bv = vmaAt(currentMm(before), vpn);
  const av = vmaAt(currentMm(after), vpn);
  if (bv === undefined || av === undefined || !gainsWriteLocked(bv, av)) return false;
  if (!populatable(after, av, Math.max(start, av.start), vpn + 1)) return false;
  const pte = av.ptes.at(vpn - av.start);
  return pte === PTE_NONE || pte === PTE_ZERO;
}

/** The calls the invariant judges: successful mprotects that met no failure nor stretch. */
const judged = (call: KernelCall, result: Result): boolean =>
  call.call === 'mprotect' &&
  result.kind === 'value' &&
  !metFailure(call) &&
  (argInt(call, 2) & (PROT_GROWSDOWN | PROT_GROWSUP)) === 0;

export const mprotectLockedPopulates: TransitionInvariant = {
  kind: 'transition',
  // A postcondition of success: a call that returned no value keeps it.
  results: ['value'],
  calls: ['mprotect'],
  name: 'mprotectLockedPopulates',
  source: 'mm/mprotect.c:mprotect_fixup; mm/gup.c:populate_vma_page_range',
  holds: ({ before, call, result, after }) => {
    if (!judged(call, result)) return true;
    const { start, end } = callRange(call);
    for (let vpn = start; vpn < end; vpn++)
      if (leftUnpopulated(before, after, start, vpn)) return false;
    return true;
  },
  // The pages `holds` finds left unpopulated, each demanded present and not the zero page.
  restate: ({ before, call, result, after }, trace) => {
    const { start, end } = callRange(call);
    return {
      checks: !judged(call, result)
        ? []
        : pagePatterns(trace, (vpn) =>
            vpn >= start && vpn < end && leftUnpopulated(before, after, start, vpn) ? '[pL]' : null,
          ),
      notes: [
        'a locked private page mprotect made writable must be present, and not the zero page',
      ],
    };
  },
};

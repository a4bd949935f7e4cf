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
import { PTE_NONE, PTE_ZERO, currentMm, type Vma } from '../../src/kernel/state.js';
import { VM_LOCKED, VM_SHARED, VM_WRITE, maskFlags, vmFlags } from '../../src/uapi/vmFlags.js';
import type { TransitionInvariant } from './specInvariant.js';
import { argInt, isLockOnFault, isLocked, metFailure, vmaAt } from './_internals/mmFacts.js';
import { callRange, populatable } from './_internals/rangeFacts.js';
import { checkExtent } from '../../src/trace/syntax.js';

const WRITE_SHARED_LOCKED = vmFlags(VM_WRITE | VM_SHARED | VM_LOCKED);

/** A locked private VMA that mprotect makes writable: mprotect_fixup's populate test. */
export const gainsWriteLocked = (before: Vma, after: Vma): boolean =>
  maskFlags(before.flags, WRITE_SHARED_LOCKED) === VM_LOCKED &&
  maskFlags(after.flags, vmFlags(VM_WRITE | VM_SHARED)) === VM_WRITE &&
  isLocked(after) &&
  !isLockOnFault(after);

export const mprotectLockedPopulates: TransitionInvariant = {
  kind: 'transition',
  // A postcondition of success: a call that returned no value keeps it.
  results: ['value'],
  calls: ['mprotect'],
  name: 'mprotectLockedPopulates',
  source: 'mm/mprotect.c:mprotect_fixup; mm/gup.c:populate_vma_page_range',
  holds: ({ before, call, result, after }) => {
    if (call.call !== 'mprotect' || result.kind !== 'value' || metFailure(call)) return true;
    if (argInt(call, 2) & (PROT_GROWSDOWN | PROT_GROWSUP)) return true;
    const { start, end } = callRange(call);
    const b = currentMm(before);
    const a = currentMm(after);
    for (let vpn = start; vpn < end; vpn++) {
      const bv = vmaAt(b, vpn);
      const av = vmaAt(a, vpn);
      if (bv === undefined || av === undefined || !gainsWriteLocked(bv, av)) continue;
      // Population ends at the first page it cannot fault in (past EOF, a guard marker:
      // litmus mprotect+locked+MADV_GUARD_INSTALL), and mprotect_fixup ignores the error.
      if (!populatable(after, av, Math.max(start, av.start), vpn + 1)) continue;
      const pte = av.ptes.at(vpn - av.start);
      if (pte === PTE_NONE || pte === PTE_ZERO) return false;
    }
    return true;
  },
  // Every page of the trace's regions in the range: still mapped; presence is in the note.
  restate: ({ call }, trace) => {
    const { start, end } = callRange(call);
    const checks = trace.regions.flatMap((region) => {
      const from = Math.max(start, region.firstVpn);
      const to = Math.min(end, region.firstVpn + region.pages);
      const out = [];
      for (let vpn = from; vpn < to; vpn++)
        out.push(checkExtent(region.at(vpn - region.firstVpn), 'none', '!='));
      return out;
    });
    return {
      checks,
      notes: [
        'a locked private page mprotect made writable must be present, and not the zero page',
      ],
    };
  },
};

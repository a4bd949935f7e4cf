// mprotect's post-condition (mprotect.2 DESCRIPTION: the call changes the access protections
// of the pages in the range; mm/mprotect.c:do_mprotect_pkey, mprotect_fixup): when mprotect
// returns 0, every page of [addr, addr + PAGE_ALIGN(len)) is mapped with exactly prot's
// VM_READ, VM_WRITE and VM_EXEC (calc_vm_prot_bits), and every other bit as it was — except
// VM_ACCOUNT, which mprotect_fixup sets when private memory first becomes writable and may
// drop when it stops being so. Nothing outside the range changes, nor def_flags or locked_vm
// (protections never move a VMA in or out of VM_LOCKED). The PTEs inside the range may change:
// a VM_LOCKED private mapping gaining write is populated again to break COW
// (mprotect_fixup, 4.2's "mm: fix mprotect() behaviour on VM_LOCKED VMAs").
// PROT_GROWSDOWN and PROT_GROWSUP stretch the range to the VMA's edge; those calls are left
// out.

import { PROT_GROWSDOWN, PROT_GROWSUP } from '../../src/uapi/constants.js';
import { currentMm, type Mm } from '../../src/kernel/state.js';
import { VM_ACCESS_FLAGS, VM_ACCOUNT } from '../../src/uapi/vmFlags.js';
import { maskFlags, vmFlags, withoutFlags, type VmFlags } from '../../src/uapi/vmFlags.js';
import { checkExtent } from '../../src/trace/syntax.js';
import type { TransitionInvariant } from './specInvariant.js';
import { argInt, protBits, vmaAt } from './_internals/mmFacts.js';
import { keptOutside, type PageRange } from './_internals/keptOutside.js';
import { callRange, regionPagesIn } from './_internals/rangeFacts.js';

const UNPROMISED = vmFlags(VM_ACCESS_FLAGS | VM_ACCOUNT);

/**
 * Whether every page of `range` is mapped in `after` with `access` and the rest of its
 * `before` flags. Between two VMA edges of either state every page fares alike, so the
 * segments' first pages stand for all.
 */
function rangeReprotected(before: Mm, after: Mm, range: PageRange, access: VmFlags): boolean {
  const points = [range.start];
  for (const v of [...before.vmas, ...after.vmas])
    for (const p of [v.start, v.end]) if (p > range.start && p < range.end) points.push(p);
  for (const p of points) {
    const b = vmaAt(before, p);
    const a = vmaAt(after, p);
    if (b === undefined || a === undefined) return false;
    if (maskFlags(a.flags, VM_ACCESS_FLAGS) !== access) return false;
    if (withoutFlags(a.flags, UNPROMISED) !== withoutFlags(b.flags, UNPROMISED)) return false;
  }
  return true;
}

export const mprotectPostcondition: TransitionInvariant = {
  kind: 'transition',
  // A postcondition of success: a call that returned no value keeps it.
  results: ['value'],
  calls: ['mprotect'],
  name: 'mprotectPostcondition',
  source: 'mm/mprotect.c:do_mprotect_pkey, mprotect_fixup',
  holds: ({ before, call, result, after }) => {
    if (call.call !== 'mprotect' || result.kind !== 'value') return true;
    const prot = argInt(call, 2);
    if (prot & (PROT_GROWSDOWN | PROT_GROWSUP)) return true;
    const range = callRange(call);
    if (range.end === range.start) return true;
    const b = currentMm(before);
    const a = currentMm(after);
    return (
      a.defFlags === b.defFlags &&
      a.lockedVm === b.lockedVm &&
      rangeReprotected(b, a, range, protBits(prot)) &&
      keptOutside(b, a, [range])
    );
  },
  // Every page of the trace's regions in the range: still mapped.
  restate: ({ call }, trace) => {
    const { start, end } = callRange(call);
    return {
      checks: regionPagesIn(trace, start, end).map(({ region, page }) =>
        checkExtent(region.at(page), 'none', '!='),
      ),
      notes: [
        "the range's protections, its other flags, the pages outside it, def_flags and",
        'locked_vm must be as the call says: the checks read the extent only',
      ],
    };
  },
};

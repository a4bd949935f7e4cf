// Private writable memory is charged to the commit limit, and only it (smaps' `ac` and `nr`;
// Documentation/mm/overcommit-accounting.rst: private writable mappings are accounted, shared
// ones and MAP_NORESERVE ones are not; mmap.2 MAP_NORESERVE): in every state, every VMA that is
// private, writable, not VM_NORESERVE and not hugetlb carries VM_ACCOUNT, and a VMA with
// VM_ACCOUNT is private and not VM_NORESERVE. The calls that make or change such a VMA each
// keep it: mmap (mm/vma.c:__mmap_region, accountable_mapping; do_mmap sets VM_NORESERVE for
// MAP_NORESERVE under the default heuristic overcommit mode, and MAP_DROPPABLE), mprotect
// (mm/mprotect.c:mprotect_fixup charges a private VMA that first becomes writable; a VMA that
// loses write may keep its charge, or give it back while never faulted, 6.6+), brk
// (mm/vma.c:do_brk_flags), mremap and fork (the flags move or are copied). overcommit_memory=2
// (never), where MAP_NORESERVE is ignored, is not modelled.

import type { Vma } from '../../src/kernel/state.js';
import {
  VM_ACCOUNT,
  VM_HUGETLB,
  VM_NORESERVE,
  VM_SHARED,
  VM_WRITE,
} from '../../src/uapi/vmFlags.js';
import { hasAny, maskFlags, vmFlags } from '../../src/uapi/vmFlags.js';
import type { StateInvariant } from './specInvariant.js';

const CHARGE_RELEVANT = vmFlags(VM_WRITE | VM_SHARED | VM_NORESERVE | VM_HUGETLB);

/** The VMA's VM_ACCOUNT agrees with its other flags. */
function chargedAsItShould(v: Vma): boolean {
  if (maskFlags(v.flags, CHARGE_RELEVANT) === VM_WRITE) return hasAny(v.flags, VM_ACCOUNT);
  return !hasAny(v.flags, VM_ACCOUNT) || !hasAny(v.flags, vmFlags(VM_SHARED | VM_NORESERVE));
}

export const privateWritableAccounted: StateInvariant = {
  kind: 'state',
  name: 'privateWritableAccounted',
  source:
    'mm/vma.c:__mmap_region, do_brk_flags; mm/mmap.c:accountable_mapping; mm/mprotect.c:mprotect_fixup',
  holds: (s) => s.procs.every((mm) => mm.vmas.every(chargedAsItShould)),
  // smaps prints the two bits; the trace's checks read the lock bits and extents only.
  restate: () => ({
    checks: [],
    notes: ['every private writable VMA without nr must show ac, and no shared or nr VMA ac'],
  }),
};

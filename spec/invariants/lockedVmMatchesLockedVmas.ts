// I1 (semantics 1.4): locked_vm is the size of every non-special VM_LOCKED VMA, a
// VM_LOCKONFAULT one in full, present or not. mlock_fixup charges or credits exactly the
// pieces whose VM_LOCKED changes (mm/mlock.c:mlock_fixup), mmap charges a locked mapping
// (mm/vma.c:__mmap_complete), munmap uncharges it (mm/vma.c:vms_complete_munmap_vmas).
// Known exception: the 6.18 MREMAP_DONTUNMAP leak (semantics 18.3) — see proofs/claims.ts.

import type { StateInvariant } from './specInvariant.js';
import { lockedVmOfVmas } from './_internals/mmFacts.js';

export const lockedVmMatchesLockedVmas: StateInvariant = {
  kind: 'state',
  name: 'lockedVmMatchesLockedVmas',
  source: 'mm/mlock.c:mlock_fixup, mm/vma.c:__mmap_complete',
  holds: (s) => s.procs.every((mm) => mm.lockedVm === lockedVmOfVmas(mm)),
};

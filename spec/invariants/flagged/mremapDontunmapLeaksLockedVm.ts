// Flagged, not forbidden: a known 6.18 fault (semantics 18.3). mremap(MREMAP_DONTUNMAP) of a
// VM_LOCKED VMA charges the destination to locked_vm and clears VM_LOCKED from the source
// without crediting it (mm/mremap.c:move_vma, vm_flags_clear on the old VMA), so locked_vm
// runs ahead of the locked VMAs for good. The accounting invariant (lockedVmMatchesLockedVmas)
// excludes exactly this growth; models/expectedVerdicts.ts expects the flag raised on 6.18.

import type { SpecFlag } from '../specInvariant.js';
import { dontunmapLeakBound, gapGrowth } from '../_internals/lockedVmLeak.js';

export const mremapDontunmapLeaksLockedVm: SpecFlag = {
  name: 'mremapDontunmapLeaksLockedVm',
  source: 'mm/mremap.c:move_vma',
  raised: (t) => dontunmapLeakBound(t) > 0 && (gapGrowth(t).at(-1) ?? 0) > 0,
};

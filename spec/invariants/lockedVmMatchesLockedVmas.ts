// I1 (semantics 1.4): locked_vm is the size of every non-special VM_LOCKED VMA, a
// VM_LOCKONFAULT one in full, present or not. mlock_fixup charges or credits exactly the
// pieces whose VM_LOCKED changes (mm/mlock.c:mlock_fixup), mmap charges a locked mapping
// (mm/vma.c:__mmap_complete), munmap uncharges it (mm/vma.c:vms_complete_munmap_vmas).
// Stated on each step, so that one known fault does not hide the others: every call, failed
// or not, keeps locked_vm as far from the flags as it was (a process starts level), except the
// 6.18 MREMAP_DONTUNMAP leak (semantics 18.3), stated on its own as the flag
// flagged/mremapDontunmapLeaksLockedVm.ts, which may grow the gap by at most the source VMA.

import { currentMm } from '../../src/kernel/state.js';
import { checkVmLck, pageCount } from '../../src/trace/syntax.js';
import type { TransitionInvariant } from './specInvariant.js';
import { countsInLockedVm } from './_internals/mmFacts.js';
import { dontunmapLeakBound, gapGrowthOf, lockedVmGap } from './_internals/lockedVmLeak.js';

export const lockedVmMatchesLockedVmas: TransitionInvariant = {
  kind: 'transition',
  // Every clause compares before with after (each process's gap growth, nothing when the process is the same).
  holdsWhenUnchanged: true,
  calls: 'every call',
  name: 'lockedVmMatchesLockedVmas',
  source: 'mm/mlock.c:mlock_fixup, mm/vma.c:__mmap_complete',
  // Checked on every transition of a search: one process at a time, the leak bound only when a
  // gap grew, and nothing allocated.
  holds: (t) => {
    const current = t.after.procs.length - 1;
    for (let i = 0; i <= current; i++) {
      const g = gapGrowthOf(t, i);
      if (g !== 0 && !(i === current && g > 0 && g <= dontunmapLeakBound(t))) return false;
    }
    return true;
  },
  // VmLck as the trace's locked VMAs account for it, plus the gap the process had before the
  // step (the rest of the process is not observed).
  restate: ({ before, after }) => {
    const vmas = currentMm(after).vmas.filter(countsInLockedVm);
    const locked = vmas.reduce((n, v) => n + v.end - v.start, 0);
    return { checks: [checkVmLck(pageCount(locked + lockedVmGap(currentMm(before))))] };
  },
};

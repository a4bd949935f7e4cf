// mremap populates what it adds to a locked mapping (mremap.2: a VM_LOCKED mapping stays
// locked; mm/mremap.c: SYSCALL mremap, and from 6.17 mremap_at/expand_vma, call mm_populate
// on new_addr + old_len for new_len - old_len when the VMA is VM_LOCKED; semantics 8): when
// mremap returns R, every page of [R + old_size, R + new_size) that a VM_LOCKED VMA without
// VM_LOCKONFAULT maps, and that population can fault in, is present. That covers a growth in
// place, a growing move and old_size 0's second mapping (spec/litmus/mremap+grow+locked.mmt,
// mremap+old_len_0+MAP_LOCKED.mmt). Whether the page is mlocked is lockedVmaPageMlocked's;
// that the VMA kept VM_LOCKED and locked_vm grew by the growth only, mremapPostcondition's.
// Population ignores its errors (mm_populate), so an unpopulatable page (PROT_NONE, past
// EOF) is not judged; nor is a call the environment failed.

import { PAGE, pageAlign } from '../../src/kernel/addr.js';
import { PTE_NONE, currentMm } from '../../src/kernel/state.js';
import { checkPages } from '../../src/trace/syntax.js';
import type { TransitionInvariant } from './specInvariant.js';
import { arg, isLockOnFault, isLocked, metFailure, vmaAt } from './_internals/mmFacts.js';
import { populatable, regionPagesIn } from './_internals/rangeFacts.js';
import type { KernelCall } from '../../src/kernel/call.js';

/** The pages [start, end) mremap added at its result `to`. */
function grown(call: KernelCall, to: bigint): { start: number; end: number } {
  const start = Number((to + pageAlign(BigInt.asUintN(64, arg(call, 1)))) / PAGE);
  const end = Number((to + pageAlign(BigInt.asUintN(64, arg(call, 2)))) / PAGE);
  return { start, end };
}

export const mremapGrowthPopulated: TransitionInvariant = {
  kind: 'transition',
  // A postcondition of success: a call that returned no value keeps it.
  results: ['value'],
  calls: ['mremap'],
  name: 'mremapGrowthPopulated',
  source: 'mm/mremap.c:SYSCALL_DEFINE5(mremap) (mm_populate of a VM_LOCKED growth)',
  holds: ({ call, result, after }) => {
    if (call.call !== 'mremap' || result.kind !== 'value' || metFailure(call)) return true;
    const mm = currentMm(after);
    const { start, end } = grown(call, result.value);
    for (let vpn = start; vpn < end; vpn++) {
      const v = vmaAt(mm, vpn);
      if (v === undefined || !isLocked(v) || isLockOnFault(v)) continue;
      if (!populatable(after, v, vpn, vpn + 1)) continue;
      if (v.ptes.at(vpn - v.start) === PTE_NONE) return false;
    }
    return true;
  },
  // Each page of the trace's regions in the grown part reads as present.
  restate: ({ call, result }, trace) => {
    if (result.kind !== 'value') return { checks: [] };
    const { start, end } = grown(call, result.value);
    return {
      checks: regionPagesIn(trace, start, end).map(({ region, page }) =>
        checkPages(region.at(page), 1, '[zpL]'),
      ),
      notes: ['only the pages of a VM_LOCKED VMA without VM_LOCKONFAULT that can be faulted in'],
    };
  },
};

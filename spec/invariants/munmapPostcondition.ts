// munmap's post-condition (munmap.2 DESCRIPTION: the call deletes the mappings of the range,
// and further references to it fault): when munmap returns 0, no VMA of the process overlaps
// [addr, addr + PAGE_ALIGN(len)) (mm/vma.c:do_vmi_munmap, vms_complete_munmap_vmas), whatever
// was locked there; and nothing outside the range changes — every other page maps as it did,
// def_flags stay, and locked_vm falls by exactly the locked pages the range held
// (vms_complete_munmap_vmas unaccounts the VM_LOCKED VMAs it removes, and only those).

import { currentMm } from '../../src/kernel/state.js';
import { checkExtent } from '../../src/trace/syntax.js';
import type { TransitionInvariant } from './specInvariant.js';
import { callRange, regionPagesIn } from './_internals/rangeFacts.js';
import { onlyUnmapped } from './_internals/keptOutside.js';

export const munmapPostcondition: TransitionInvariant = {
  kind: 'transition',
  // A postcondition of success: a call that returned no value keeps it.
  results: ['value'],
  calls: ['munmap'],
  name: 'munmapPostcondition',
  source: 'mm/vma.c:do_vmi_munmap',
  holds: ({ before, call, result, after }) => {
    if (call.call !== 'munmap' || result.kind !== 'value') return true;
    return onlyUnmapped(currentMm(before), currentMm(after), [callRange(call)]);
  },
  // Every page of the trace's regions inside the range: unmapped.
  restate: ({ call }, trace) => {
    const { start, end } = callRange(call);
    return {
      checks: regionPagesIn(trace, start, end).map(({ region, page }) =>
        checkExtent(region.at(page), 'none'),
      ),
      notes: [
        'the pages outside the range and locked_vm must be kept too: the checks read the range',
      ],
    };
  },
};

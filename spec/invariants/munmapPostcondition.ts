// munmap's post-condition (munmap.2 DESCRIPTION: the call deletes the mappings of the range,
// and further references to it fault): when munmap returns 0, no VMA of the process overlaps
// [addr, addr + PAGE_ALIGN(len)) (mm/vma.c:do_vmi_munmap, vms_complete_munmap_vmas), whatever
// was locked there.

import { currentMm } from '../../src/kernel/state.js';
import { checkExtent } from '../../src/trace/syntax.js';
import type { TransitionInvariant } from './specInvariant.js';
import { callRange, regionPagesIn } from './_internals/rangeFacts.js';

export const munmapPostcondition: TransitionInvariant = {
  kind: 'transition',
  name: 'munmapPostcondition',
  source: 'mm/vma.c:do_vmi_munmap',
  holds: ({ call, result, after }) => {
    if (call.call !== 'munmap' || result.kind !== 'value') return true;
    const { start, end } = callRange(call);
    return currentMm(after).vmas.every((v) => v.end <= start || v.start >= end);
  },
  // Every page of the trace's regions inside the range: unmapped.
  restate: ({ call }, trace) => {
    const { start, end } = callRange(call);
    return {
      checks: regionPagesIn(trace, start, end).map(({ region, page }) =>
        checkExtent(region.at(page), 'none'),
      ),
    };
  },
};

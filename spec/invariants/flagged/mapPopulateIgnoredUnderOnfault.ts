// Flagged, not forbidden (semantics 3.3, quirk 18.7): under mlockall(MCL_FUTURE|MCL_ONFAULT)
// a new mapping is VM_LOCKED|VM_LOCKONFAULT and populate_vma_page_range returns at once, so
// MAP_POPULATE (and MAP_LOCKED) silently populate nothing. Legal, documented by no man page.

import { PAGE_SIZE } from '../../../src/uapi/constants.js';
import type { SpecFlag } from '../specInvariant.js';
import { arg, vpnOf } from '../_internals/mmFacts.js';
import { askedToPopulate, missingFaultable } from '../mapPopulateFaultsEverything.js';

export const mapPopulateIgnoredUnderOnfault: SpecFlag = {
  name: 'mapPopulateIgnoredUnderOnfault',
  source: 'mm/gup.c:populate_vma_page_range',
  raised: ({ call, result, after }) => {
    if (call.call !== 'mmap' || result.kind !== 'value' || !askedToPopulate(arg(call, 3)))
      return false;
    const start = vpnOf(result.value);
    const end = start + Math.ceil(Number(arg(call, 1)) / PAGE_SIZE);
    return missingFaultable(after, start, end, true);
  },
};

// An mremap with MREMAP_FIXED that succeeds returns new_address (mremap.2 MREMAP_FIXED: the
// mapping is placed at new_address, whatever was there is unmapped). With an MMU,
// mm/mremap.c:mremap_to moves the range there and answers new_addr; without one,
// mm/nommu.c:do_mremap (v6.18) refuses MREMAP_FIXED with EINVAL unless new_address is
// old_address, and answers vma->vm_start, which is then new_address too. mremapPostcondition
// reads an answer of old_address as a resize in place whatever the flags (nommu's way), so a
// MREMAP_FIXED call elsewhere answered by a resize in place passed it; this is the part of
// MREMAP_FIXED both designs keep.

import { MREMAP_FIXED } from '../../src/uapi/constants.js';
import type { TransitionInvariant } from './specInvariant.js';
import { mremapArgs } from './_internals/mremapFacts.js';

export const mremapFixedLandsAtNewAddress: TransitionInvariant = {
  kind: 'transition',
  // A postcondition of success: a call that returned no value keeps it.
  results: ['value'],
  calls: ['mremap'],
  name: 'mremapFixedLandsAtNewAddress',
  source: 'mm/mremap.c:mremap_to; mm/nommu.c:do_mremap',
  holds: ({ call, result }) => {
    if (call.call !== 'mremap' || result.kind !== 'value') return true;
    const a = mremapArgs(call);
    return (a.flags & BigInt(MREMAP_FIXED)) === 0n || result.value === a.newAddr;
  },
  restate: () => ({
    checks: [],
    notes: ['an mremap with MREMAP_FIXED that succeeds must answer new_address'],
  }),
};

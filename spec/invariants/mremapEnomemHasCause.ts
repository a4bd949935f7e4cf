// mremap's ENOMEM has a cause one of the two designs of mremap gives (mremap.2 ERRORS ENOMEM):
// the call asks for more memory than the old range holds. With an MMU (mm/mremap.c), a growth
// may meet RLIMIT_DATA (may_expand_vm), find no room where the mapping is without
// MREMAP_MAYMOVE, or no room to move to; MREMAP_DONTUNMAP keeps the old range mapped beside
// the new one, so its whole length is asked of RLIMIT_DATA again (mremap_to); a shrink, or a
// call of the same size, only unmaps or moves what is there. Without an MMU,
// mm/nommu.c:do_mremap (v6.18) answers ENOMEM only for a new_size past the region
// do_mmap_private allocated, which holds at least the old range: a growth. So an ENOMEM needs
// new_size > old_size (page-aligned) or MREMAP_DONTUNMAP. Memory that truly runs out and the
// VMA count (max_map_count) are not modelled (spec/limitations.md). nommu's expected verdicts
// excuse mremapLimitErrno whole; this judges nommu's ENOMEM without knowing the design.

import { MREMAP_DONTUNMAP } from '../../src/uapi/constants.js';
import type { TransitionInvariant } from './specInvariant.js';
import { mremapArgs } from './_internals/mremapFacts.js';
import { acceptedResults } from './_internals/acceptedResults.js';

export const mremapEnomemHasCause: TransitionInvariant = {
  kind: 'transition',
  // It judges refusals alone: a call that returned anything but an errno keeps it.
  results: ['errno'],
  calls: ['mremap'],
  name: 'mremapEnomemHasCause',
  source: 'mm/mremap.c:vma_to_resize, mremap_to, check_prep_vma; mm/nommu.c:do_mremap',
  holds: ({ call, result }) => {
    if (call.call !== 'mremap' || result.kind !== 'errno' || result.errno !== 'ENOMEM') return true;
    const a = mremapArgs(call);
    return a.newLen > a.oldLen || (a.flags & BigInt(MREMAP_DONTUNMAP)) !== 0n;
  },
  restate: (t) => ({
    ...acceptedResults(mremapEnomemHasCause, t),
    checks: [],
    notes: [
      'the mremap above was refused with ENOMEM though it neither grows nor keeps the old range',
    ],
  }),
};

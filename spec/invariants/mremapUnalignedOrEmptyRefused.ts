// mremap with an unaligned old_address, or a new_size that page-aligns to 0, is refused with
// EINVAL on both designs of mremap (mremap.2 ERRORS EINVAL: "old_address was not page
// aligned", "new_size was zero"): with an MMU, mm/mremap.c:check_mremap_params refuses both
// before any VMA is read, and every flag check before them answers EINVAL as well; without
// one, mm/nommu.c:do_mremap (v6.18) refuses them first of all ("insanity checks first"), old_size
// 0 with them. mremapBadArgumentsRefused states the MMU design's whole list of bad arguments;
// nommu's expected verdicts excuse it (do_mremap checks no flag but MREMAP_FIXED), so this is
// the part of it both designs keep, judged on nommu without an excuse.

import { PAGE } from '../../src/kernel/addr.js';
import type { TransitionInvariant } from './specInvariant.js';
import { mremapArgs } from './_internals/mremapFacts.js';
import { acceptedResults } from './_internals/acceptedResults.js';

export const mremapUnalignedOrEmptyRefused: TransitionInvariant = {
  kind: 'transition',
  calls: ['mremap'],
  name: 'mremapUnalignedOrEmptyRefused',
  source: 'mm/mremap.c:check_mremap_params; mm/nommu.c:do_mremap',
  holds: ({ before, call, result }) => {
    if (call.call !== 'mremap' || before.procs.length === 0) return true;
    const a = mremapArgs(call);
    if (a.addr % PAGE === 0n && a.newLen !== 0n) return true;
    return result.kind === 'errno' && result.errno === 'EINVAL';
  },
  restate: (t) => ({
    ...acceptedResults(mremapUnalignedOrEmptyRefused, t),
    checks: [],
    notes: ['an mremap with an unaligned old_address or a new_size of 0 must fail with EINVAL'],
  }),
};

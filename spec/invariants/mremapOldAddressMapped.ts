// mremap never succeeds when no mapping holds old_address (mremap.2 EFAULT: an address of the
// old range that is no valid address of the process; the 6.17 update of mremap.2 says
// old_address must be mapped). Every path of mm/mremap.c from 5.16 looks the VMA at
// old_address up before anything else (SYSCALL mremap, 6.17+ do_mremap's vma_lookup) and
// answers EFAULT without it. Before 5.16 an in-place shrink or same-size call never looked a
// VMA up: over a hole it unmapped nothing and returned old_address
// (spec/litmus/mremap+shrink+hole.mmt, observed on the 5.10 guest; decisions
// mremapLooksUpVmaFirst false; models/expectedVerdicts.ts lists it for those models).
// Only the page at old_address is asked for: a shrink from a mapped page over a hole past it
// succeeds on every kernel (only the tail is unmapped), so mremap.2's EFAULT is not stated
// for the rest of the range here.

import { currentMm } from '../../src/kernel/state.js';
import type { TransitionInvariant } from './specInvariant.js';
import { vmaAt, vpnOf } from './_internals/mmFacts.js';
import { mremapArgs } from './_internals/mremapFacts.js';

export const mremapOldAddressMapped: TransitionInvariant = {
  kind: 'transition',
  // A postcondition of success: a call that returned no value keeps it.
  results: ['value'],
  calls: ['mremap'],
  name: 'mremapOldAddressMapped',
  source: 'mremap.2 EFAULT; mm/mremap.c:SYSCALL_DEFINE5(mremap) vma_lookup (5.16+), do_mremap',
  holds: ({ before, call, result }) => {
    if (call.call !== 'mremap' || result.kind !== 'value') return true;
    return vmaAt(currentMm(before), vpnOf(mremapArgs(call).addr)) !== undefined;
  },
  restate: () => ({
    checks: [],
    notes: ['the mremap above succeeded although no mapping held its old_address'],
  }),
};

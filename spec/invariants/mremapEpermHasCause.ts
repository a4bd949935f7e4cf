// mremap's EPERM has a cause one of the two designs of mremap gives (mremap.2 ERRORS EPERM).
// Without an MMU, mm/nommu.c:do_mremap (v6.18) refuses a shared mapping
// (is_nommu_shared_mapping: VM_MAYSHARE, or VM_MAYOVERLAY, which the model never sets) once
// find_vma_exact has found the VMA that is exactly the old range; with one, mm/mremap.c
// answers EPERM only for a sealed VMA (mm/mseal.c, 6.10+), which the model does not map. So an
// EPERM needs the VMA at old_address to be VM_MAYSHARE. nommu's expected verdicts excuse
// mremapLimitErrno and mremapRefusalsJustified whole; this judges nommu's EPERM without
// knowing which design answered.

import { toVpn } from '../../src/kernel/addr.js';
import { currentMm } from '../../src/kernel/state.js';
import { VM_MAYSHARE, hasAny } from '../../src/uapi/vmFlags.js';
import type { TransitionInvariant } from './specInvariant.js';
import { vmaAt } from './_internals/mmFacts.js';
import { mremapArgs } from './_internals/mremapFacts.js';
import { acceptedResults } from './_internals/acceptedResults.js';

export const mremapEpermHasCause: TransitionInvariant = {
  kind: 'transition',
  // It judges refusals alone: a call that returned anything but an errno keeps it.
  results: ['errno'],
  calls: ['mremap'],
  name: 'mremapEpermHasCause',
  source: 'mm/nommu.c:do_mremap; mm/mremap.c (mm/mseal.c:can_modify_vma)',
  holds: ({ before, call, result }) => {
    if (call.call !== 'mremap' || result.kind !== 'errno' || result.errno !== 'EPERM') return true;
    if (before.procs.length === 0) return true;
    const v = vmaAt(currentMm(before), toVpn(mremapArgs(call).addr));
    return v !== undefined && hasAny(v.flags, VM_MAYSHARE);
  },
  restate: (t) => ({
    ...acceptedResults(mremapEpermHasCause, t),
    checks: [],
    notes: ['the mremap above was refused with EPERM though old_address is in no shared mapping'],
  }),
};

// RLIMIT_DATA holds for mprotect too (issue 14, *limit*; setrlimit.2 RLIMIT_DATA, since 4.7;
// mprotect.2 ENOMEM): mm/mprotect.c:mprotect_fixup asks may_expand_vm (mm/vma.c) for the pages of
// each VMA it makes a data mapping (include/linux/mm.h:is_data_mapping: written privately, not
// a stack) when the VMA was not one before, and refuses that VMA with ENOMEM if data_vm plus
// them passes the limit; the VMAs changed before it stay changed. data_vm follows the walk: each
// VMA that becomes data adds its pages, each that stops being data (losing write) takes them
// off (vm_stat_account), so a later VMA of the same call meets what the earlier ones left.
// So, with the walk of do_mprotect_pkey replayed on the state before (mprotectWalk: the
// arguments' checks, then VMA by VMA), a call that reaches a VMA refused this way fails with
// ENOMEM, and a call whose every VMA is allowed succeeds. A walk that first meets a hole or a
// VM_MAY* refusal is mprotectRefusalsInOrder's. A VMA that was data already is not checked
// again, and one that does not become data never is. The limit's soft and hard values are the
// same here (a trace sets both), so may_expand_vm's zero-soft-limit exception never applies.
// NOTE: mprotect_fixup's other ENOMEMs (the commit charge of security_vm_enough_memory, a split
// past max_map_count or without memory) are not modelled: no bound comes near them.

import { dataVmOf, isDataMapping } from '../../src/kernel/dataLimit.js';
import { PAGE_SIZE } from '../../src/uapi/constants.js';
import { currentMm, type Mm } from '../../src/kernel/state.js';
import { VM_ACCESS_FLAGS, withFlags, withoutFlags } from '../../src/uapi/vmFlags.js';
import type { KernelCall } from '../../src/kernel/call.js';
import type { TransitionInvariant } from './specInvariant.js';
import { allows, mprotectWalk } from './mprotectRefusalsInOrder.js';
import { acceptedResults } from './_internals/acceptedResults.js';

/** How the walk of `call` on `mm` ends: refused by the limit, by something else, or not. */
function walkUnderLimit(mm: Mm, call: KernelCall, limit: number): 'ENOMEM' | 'other' | 'ok' {
  const w = mprotectWalk(mm, call);
  if (typeof w === 'string') return 'other';
  let dataVm = dataVmOf(mm);
  let at = w.start;
  for (let j = w.i; j < mm.vmas.length && at < w.end; j++) {
    const v = mm.vmas[j];
    if (v === undefined || v.start > at || !allows(v.flags, w.access)) return 'other';
    const pages = Math.min(v.end, w.end) - at;
    const wasData = isDataMapping(v.flags);
    const isData = isDataMapping(withFlags(withoutFlags(v.flags, VM_ACCESS_FLAGS), w.access));
    if (isData && !wasData && dataVm + pages > limit) return 'ENOMEM';
    dataVm += (isData ? pages : 0) - (wasData ? pages : 0);
    at = v.end;
  }
  return at < w.end ? 'other' : 'ok';
}

export const mprotectDataLimitExact: TransitionInvariant = {
  kind: 'transition',
  calls: ['mprotect'],
  name: 'mprotectDataLimitExact',
  source:
    'mm/mprotect.c:mprotect_fixup; mm/vma.c:may_expand_vm; include/linux/mm.h:is_data_mapping',
  holds: ({ before, call, result }) => {
    if (call.call !== 'mprotect' || before.procs.length === 0) return true;
    const mm = currentMm(before);
    if (mm.rlimitData === undefined) return true;
    // A kernel without the call (nommu's mprotect) refuses every call alike.
    if (result.kind === 'errno' && result.errno === 'ENOSYS') return true;
    const ends = walkUnderLimit(mm, call, Number(mm.rlimitData / BigInt(PAGE_SIZE)));
    if (ends === 'ENOMEM') return result.kind === 'errno' && result.errno === 'ENOMEM';
    return ends === 'other' || result.kind === 'value';
  },
  restate: (t) => ({
    ...acceptedResults(mprotectDataLimitExact, t),
    checks: [],
    notes: [
      'a mapping mprotect makes data must fit in RLIMIT_DATA, and is refused with ENOMEM only beyond it',
    ],
  }),
};

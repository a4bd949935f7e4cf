// lockPostcondition's promise for mlockall(MCL_CURRENT) (mlockall.2: "lock all pages which
// are currently mapped into the address space of the process"; semantics 2.6, 6.2): after it
// returns 0, every page a VM_LOCKED VMA maps is mlocked and, unless the VMA is
// VM_LOCKONFAULT (MCL_ONFAULT), present (mm/mlock.c:apply_mlockall_flags, mlock_pte_range;
// mm/gup.c:__mm_populate). Apart from lockPostcondition because mlockall ignores population
// errors: the pages population cannot fault in (PROT_NONE, past EOF, VM_IO|VM_PFNMAP, a guard
// marker) and the pages of their VMA after them (litmus mlockall+MADV_GUARD_INSTALL) are
// exempt here, while a successful mlock has none. And because kernels before 5.18 keep only
// this half: mlock_fixup walks no page there, so the present pages of a PROT_NONE VMA, which
// population refuses, stay unmlocked (models/expectedVerdicts.ts, linux-5.10), where their
// mlock and mlock2 still keep lockPostcondition (GUP's FOLL_MLOCK mlocks what it finds).
// The other exemptions are lockPostcondition's (spec/invariants/_internals/lockPromise.ts).

import { MCL_CURRENT } from '../../src/uapi/constants.js';
import { type TransitionInvariant, letterArgInt } from './specInvariant.js';
import { argInt } from './_internals/mmFacts.js';
import { lockPromiseChecks, lockPromiseKept } from './_internals/lockPromise.js';
import type { KernelCall } from '../../src/kernel/call.js';

/** The whole address space, for an mlockall with MCL_CURRENT; null for any other call. */
const everything = (call: KernelCall) =>
  call.call === 'mlockall' && argInt(call, 0) & MCL_CURRENT
    ? { start: 0, end: Number.MAX_SAFE_INTEGER }
    : null;

export const mlockallCurrentPostcondition: TransitionInvariant = {
  kind: 'transition',
  // A postcondition of success: a call that returned no value keeps it.
  results: ['value'],
  calls: ['mlockall'],
  // `everything` reads mlockall's flags, which a letter fixes: without MCL_CURRENT it holds.
  judgesLetter: (c) => {
    const flags = c.call === 'mlockall' ? letterArgInt(c, 0) : undefined;
    return flags === undefined || (flags & MCL_CURRENT) !== 0;
  },
  name: 'mlockallCurrentPostcondition',
  source: 'mm/mlock.c:apply_mlockall_flags, mlock_pte_range; mm/gup.c:__mm_populate',
  holds: ({ call, result, after }) => {
    const range = everything(call);
    return result.kind !== 'value' || range === null || lockPromiseKept(after, range, true);
  },
  restate: ({ call, after }, trace) => lockPromiseChecks(after, everything(call), true, trace),
};

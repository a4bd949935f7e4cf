// brk keeps the old break where the kernel refuses (brk.2: the break cannot move past the
// resource limits or onto other mappings; mm/mmap.c:SYSCALL_DEFINE1(brk), check_brk_limits,
// include/linux/mm.h:check_data_rlimit, mm/vma.c:do_brk_flags -> may_expand_vm; semantics
// 20): the converse of brkRefusalsJustified, over the same reasons (_internals/brkFacts.ts).
// A brk below start_brk (brk(0)) only asks: it returns the current break too.

import { currentMm } from '../../src/kernel/state.js';
import type { TransitionInvariant } from './specInvariant.js';
import { brkRefusal } from './_internals/brkFacts.js';
import { arg } from './_internals/mmFacts.js';

export const brkLimitsRespected: TransitionInvariant = {
  kind: 'transition',
  calls: ['brk'],
  name: 'brkLimitsRespected',
  source: 'mm/mmap.c:SYSCALL_DEFINE1(brk), check_brk_limits; include/linux/mm.h:check_data_rlimit',
  holds: ({ before, call, result }) => {
    if (call.call !== 'brk') return true;
    const mm = currentMm(before);
    const old = mm.brkArea?.brk;
    if (old === undefined || brkRefusal(mm, arg(call, 0)) === null) return true;
    return result.kind === 'value' && result.value === BigInt(old);
  },
  restate: () => ({
    checks: [],
    notes: ['the brk above breaks a limit or asks below start_brk: it must return the old break'],
  }),
};

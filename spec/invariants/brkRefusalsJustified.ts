// brk keeps the old break only for a reason the kernel has (brk.2: on failure the system call
// returns the current break; mm/mmap.c:SYSCALL_DEFINE1(brk), check_brk_limits,
// mm/vma.c:do_brk_flags; semantics 20): below start_brk, RLIMIT_DATA, nothing mapped to
// shrink, past TASK_SIZE, MCL_FUTURE's RLIMIT_MEMLOCK, no gap below the next VMA, or
// may_expand_vm's RLIMIT_DATA (_internals/brkFacts.ts). brkPostcondition allows either
// answer; this property catches a brk that refuses a break it could set.

import { currentMm } from '../../src/kernel/state.js';
import type { TransitionInvariant } from './specInvariant.js';
import { brkRefusal } from './_internals/brkFacts.js';
import { arg } from './_internals/mmFacts.js';

export const brkRefusalsJustified: TransitionInvariant = {
  kind: 'transition',
  // A postcondition of success: a call that returned no value keeps it.
  results: ['value'],
  calls: ['brk'],
  name: 'brkRefusalsJustified',
  source: 'mm/mmap.c:SYSCALL_DEFINE1(brk), check_brk_limits; mm/vma.c:do_brk_flags',
  holds: ({ before, call, result }) => {
    if (call.call !== 'brk' || result.kind !== 'value') return true;
    const mm = currentMm(before);
    const old = mm.brkArea?.brk;
    const asked = arg(call, 0);
    if (old === undefined || result.value !== BigInt(old) || asked === BigInt(old)) return true;
    return brkRefusal(mm, asked) !== null;
  },
  // The trace's `= ADDR` expectation states it; the counterexample prints the call's result.
  restate: () => ({
    checks: [],
    notes: ['the brk above breaks no limit: it must return the break it asked for'],
  }),
};

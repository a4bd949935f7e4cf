// A fork child has no locked VMA and inherits no MCL_FUTURE (semantics 8; mlock.2: "Memory
// locks are not inherited by a child created via fork(2)"): dup_mmap clears VM_LOCKED_MASK on
// every copied VMA, mm_init keeps only def_flags & VM_INIT_DEF_MASK, and the child's
// locked_vm starts at 0 (kernel/fork.c; include/linux/mm.h:VM_INIT_DEF_MASK).

import { currentMm } from '../../src/kernel/state.js';
import { checkMnemonics, checkVmLck, pageCount } from '../../src/trace/syntax.js';
import type { TransitionInvariant } from './specInvariant.js';
import { isLocked, lockBits } from './_internals/mmFacts.js';

export const forkChildUnlocked: TransitionInvariant = {
  kind: 'transition',
  calls: ['fork'],
  name: 'forkChildUnlocked',
  source: 'kernel/fork.c:dup_mmap, mm_init',
  holds: ({ call, after }) => {
    if (call.call !== 'fork') return true;
    const child = currentMm(after);
    return child.vmas.every((v) => !isLocked(v)) && lockBits(child) === 0 && child.lockedVm === 0;
  },
  // In the child: no region locked, nothing in VmLck, no lock bit in def_flags.
  restate: (_t, trace) => ({
    checks: [
      ...trace.regions
        .filter((r) => r.pages > 0)
        .map((r) => checkMnemonics({ kind: 'vmflags', addr: r.at(0) }, 'lacks', ['lo', 'lf'])),
      checkVmLck(pageCount(0)),
      checkMnemonics({ kind: 'def_flags' }, 'lacks', ['lo', 'lf']),
    ],
  }),
};

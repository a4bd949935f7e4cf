// munlockall restores the unlocked process (semantics 7): it is apply_mlockall_flags(0)
// (mm/mlock.c), which clears VM_LOCKED|VM_LOCKONFAULT from def_flags, leaves every other
// def_flags bit alone, and gives every VMA mlock_fixup(..., flags & ~VM_LOCKED_MASK), which
// uncharges it. Afterwards: no VMA locked (secretmem excepted: mlock_fixup filters it), no
// lock bit in def_flags, other def_flags bits as before, locked_vm what the remaining locked
// VMAs account for (0 without secretmem), plus what the 6.18 MREMAP_DONTUNMAP leak had already
// added (flagged/mremapDontunmapLeaksLockedVm.ts): munlockall cannot give back a charge no VMA
// stands for, and lockedVmMatchesLockedVmas states the accounting on its own.

import { currentMm } from '../../src/kernel/state.js';
import { checkMnemonics, checkVmLck, pageCount } from '../../src/trace/syntax.js';
import type { TransitionInvariant } from './specInvariant.js';
import { isLocked, isSecretmem, lockBits, otherDefBits } from './_internals/mmFacts.js';
import { lockedVmGap } from './_internals/lockedVmLeak.js';

export const munlockallRestores: TransitionInvariant = {
  kind: 'transition',
  // A postcondition of success: a call that returned no value keeps it.
  results: ['value'],
  calls: ['munlockall'],
  name: 'munlockallRestores',
  source: 'mm/mlock.c:SYSCALL munlockall, apply_mlockall_flags(0)',
  holds: ({ before, call, result, after }) => {
    if (call.call !== 'munlockall' || result.kind !== 'value') return true;
    const mm = currentMm(after);
    return (
      mm.vmas.every((v) => !isLocked(v) || isSecretmem(after, v)) &&
      lockBits(mm) === 0 &&
      otherDefBits(mm) === otherDefBits(currentMm(before)) &&
      lockedVmGap(mm) === lockedVmGap(currentMm(before))
    );
  },
  restate: () => ({
    checks: [
      checkVmLck(pageCount(0)),
      checkMnemonics({ kind: 'def_flags' }, 'lacks', ['lo', 'lf']),
    ],
  }),
};

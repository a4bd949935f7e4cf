// munlockall restores the unlocked process (semantics 7): it is apply_mlockall_flags(0)
// (mm/mlock.c), which clears VM_LOCKED|VM_LOCKONFAULT from def_flags, leaves every other
// def_flags bit alone, and gives every VMA mlock_fixup(..., flags & ~VM_LOCKED_MASK), which
// uncharges it. Afterwards: no VMA locked (secretmem excepted: mlock_fixup filters it), no
// lock bit in def_flags, other def_flags bits as before, locked_vm what the remaining locked
// VMAs account for (0 without secretmem).

import { currentMm } from '../../src/kernel/state.js';
import type { TransitionInvariant } from './specInvariant.js';
import {
  isLocked,
  isSecretmem,
  lockBits,
  lockedVmOfVmas,
  otherDefBits,
} from './_internals/mmFacts.js';

export const munlockallRestores: TransitionInvariant = {
  kind: 'transition',
  name: 'munlockallRestores',
  source: 'mm/mlock.c:SYSCALL munlockall, apply_mlockall_flags(0)',
  holds: ({ before, call, result, after }) => {
    if (call.call !== 'munlockall' || result.kind !== 'value') return true;
    const mm = currentMm(after);
    return (
      mm.vmas.every((v) => !isLocked(v) || isSecretmem(after, v)) &&
      lockBits(mm) === 0 &&
      otherDefBits(mm) === otherDefBits(currentMm(before)) &&
      mm.lockedVm === lockedVmOfVmas(mm)
    );
  },
};

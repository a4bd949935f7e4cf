// VM_LOCKONFAULT never without VM_LOCKED (semantics 1.2): mlock_fixup, apply_mlockall_flags
// and munlock set and clear the two together through VM_LOCKED_MASK (mm/mlock.c), and
// def_flags only ever gets VM_LOCKED, or VM_LOCKED|VM_LOCKONFAULT, from MCL_FUTURE.

import { VM_LOCKED, VM_LOCKONFAULT, type VmFlags, hasAny } from '../../src/uapi/vmFlags.js';
import type { StateInvariant } from './specInvariant.js';

const ok = (f: VmFlags) => hasAny(f, VM_LOCKED) || !hasAny(f, VM_LOCKONFAULT);

export const lockonfaultImpliesLocked: StateInvariant = {
  kind: 'state',
  name: 'lockonfaultImpliesLocked',
  source: 'mm/mlock.c:mlock_fixup, apply_mlockall_flags',
  holds: (s) =>
    s.procs.every((mm) => ok(mm.defFlags) && ok(mm.otherLock) && mm.vmas.every((v) => ok(v.flags))),
};

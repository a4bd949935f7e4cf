// MCL_FUTURE clearing is consistent (semantics 6.2, 6.3): apply_mlockall_flags clears the
// def_flags lock bits first and sets them again only for MCL_FUTURE, so after a successful
// mlockall(f) the lock bits are a function of f alone (L if MCL_FUTURE, L|OF if also
// MCL_ONFAULT, nothing otherwise: "mlockall(MCL_CURRENT) cancels MCL_FUTURE"), the other bits
// are untouched, and a failed mlockall (EINVAL, EPERM, ENOMEM: all checked before
// apply_mlockall_flags) changes nothing at all.

import { MCL_FUTURE, MCL_ONFAULT } from '../../src/uapi/constants.js';
import { currentMm } from '../../src/kernel/state.js';
import { VM_LOCKED, VM_LOCKED_MASK, vmFlags } from '../../src/uapi/vmFlags.js';
import { checkMnemonics } from '../../src/trace/syntax.js';
import type { TransitionInvariant } from './specInvariant.js';
import { argInt, lockBits, otherDefBits, sameVmas } from './_internals/mmFacts.js';

/** The def_flags lock bits mlockall(f) must leave, from f alone. */
export function futureLockBits(f: number): number {
  if ((f & MCL_FUTURE) === 0) return vmFlags(0);
  return f & MCL_ONFAULT ? VM_LOCKED_MASK : VM_LOCKED;
}

export const mclFutureClearingConsistent: TransitionInvariant = {
  kind: 'transition',
  // A failed mlockall must leave def_flags, locked_vm and the VMAs as they were, which a step
  // that changed nothing does; a successful one is judged on the lock bits it sets.
  holdsWhenUnchanged: ['errno', 'signal', 'hang'],
  calls: ['mlockall'],
  name: 'mclFutureClearingConsistent',
  source: 'mm/mlock.c:SYSCALL mlockall, apply_mlockall_flags',
  holds: ({ before, call, result, after }) => {
    if (call.call !== 'mlockall') return true;
    const b = currentMm(before);
    const a = currentMm(after);
    if (result.kind !== 'value')
      return a.defFlags === b.defFlags && a.lockedVm === b.lockedVm && sameVmas(a, b);
    return lockBits(a) === futureLockBits(argInt(call, 0)) && otherDefBits(a) === otherDefBits(b);
  },
  // The lock bits f asks for, or, after a failure, the ones there were.
  restate: ({ before, call, result }, trace) => {
    if (result.kind !== 'value')
      return {
        checks: trace.defFlagsObserved(before),
        notes: ['its other bits (VM_NOHUGEPAGE) too: no observable of a trace reads them'],
      };
    const bits = futureLockBits(argInt(call, 0));
    const lo = (bits & VM_LOCKED) !== 0;
    const lf = bits !== 0 && bits !== VM_LOCKED;
    return {
      checks: [
        checkMnemonics({ kind: 'def_flags' }, lo ? 'has' : 'lacks', ['lo']),
        checkMnemonics({ kind: 'def_flags' }, lf ? 'has' : 'lacks', ['lf']),
      ],
      notes: [
        'other def_flags bits (VM_NOHUGEPAGE) must be kept: no observable of a trace reads them',
      ],
    };
  },
};

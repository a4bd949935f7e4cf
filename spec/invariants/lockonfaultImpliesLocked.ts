// VM_LOCKONFAULT never without VM_LOCKED (semantics 1.2): mlock_fixup, apply_mlockall_flags
// and munlock set and clear the two together through VM_LOCKED_MASK (mm/mlock.c), and
// def_flags only ever gets VM_LOCKED, or VM_LOCKED|VM_LOCKONFAULT, from MCL_FUTURE.

import { VM_LOCKED, VM_LOCKONFAULT, type VmFlags, hasAny } from '../../src/uapi/vmFlags.js';
import type { CheckStmt } from '../../src/trace/ast.js';
import { checkMnemonics } from '../../src/trace/syntax.js';
import type { StateInvariant } from './specInvariant.js';

const ok = (f: VmFlags) => hasAny(f, VM_LOCKED) || !hasAny(f, VM_LOCKONFAULT);

export const lockonfaultImpliesLocked: StateInvariant = {
  kind: 'state',
  name: 'lockonfaultImpliesLocked',
  source: 'mm/mlock.c:mlock_fixup, apply_mlockall_flags',
  holds: (s) =>
    s.procs.every((mm) => ok(mm.defFlags) && ok(mm.otherLock) && mm.vmas.every((v) => ok(v.flags))),
  // `has lo` wherever a VMA of the trace has lf.
  restate: ({ after }, trace) => ({
    checks: trace.regions.flatMap((_, r) =>
      trace
        .regionObserved(after, r)
        .flatMap((c): CheckStmt[] =>
          c.observable.kind === 'vmflags' &&
          c.spec.kind === 'mnemonics' &&
          c.spec.op === 'has' &&
          c.spec.mnemonics.includes('lf')
            ? [checkMnemonics(c.observable, 'has', ['lo'])]
            : [],
        ),
    ),
  }),
};

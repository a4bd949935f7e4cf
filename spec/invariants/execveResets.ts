// What execve leaves of the address space (issue 14, *execve*; execve.2 "the memory locks of
// the calling process are not preserved", mlockall.2 "MCL_FUTURE ... not preserved across an
// execve"): a new mm (fs/exec.c:exec_mmap, kernel/fork.c:mm_alloc -> mm_init), so no VMA of the
// old image survives, nothing is locked, locked_vm is 0, def_flags keeps only its
// VM_INIT_DEF_MASK bits, and the rest of the program is unlocked; RLIMIT_MEMLOCK and
// CAP_IPC_LOCK belong to the task and stay (a same-program execve keeps the capability).

import { currentMm } from '../../src/kernel/state.js';
import { checkExtent, checkMnemonics, checkVmLck, pageCount } from '../../src/trace/syntax.js';
import { VM_INIT_DEF_MASK, VM_LOCKED, hasAny, maskFlags } from '../../src/uapi/vmFlags.js';
import type { TransitionInvariant } from './specInvariant.js';
import { isLocked } from './_internals/mmFacts.js';

export const execveResets: TransitionInvariant = {
  kind: 'transition',
  // A postcondition of success: a call that returned no value keeps it.
  results: ['value'],
  calls: ['execve'],
  name: 'execveResets',
  source: 'fs/exec.c:exec_mmap; kernel/fork.c:mm_init',
  holds: ({ before, call, result, after }) => {
    if (call.call !== 'execve' || result.kind !== 'value') return true;
    const old = currentMm(before);
    const mm = currentMm(after);
    return (
      // Only the new image's own mappings ([heap], [stack], [vdso], ...): none of the trace's.
      mm.vmas.every((v) => v.name !== null && !isLocked(v)) &&
      mm.lockedVm === 0 &&
      mm.defFlags === maskFlags(old.defFlags, VM_INIT_DEF_MASK) &&
      !hasAny(mm.otherLock, VM_LOCKED) &&
      mm.rlimitMemlock === old.rlimitMemlock &&
      mm.capIpcLock === old.capIpcLock
    );
  },
  // Every region unmapped, VmLck 0, no lock bit in def_flags.
  restate: (_t, trace) => ({
    checks: [
      ...trace.regions.filter((r) => r.pages > 0).map((r) => checkExtent(r.at(0), 'none')),
      checkVmLck(pageCount(0)),
      checkMnemonics({ kind: 'def_flags' }, 'lacks', ['lo', 'lf']),
    ],
  }),
};

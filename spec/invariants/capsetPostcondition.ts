// capset(2) of CAP_IPC_LOCK changes that capability and nothing else (capset.2, capabilities.7
// CAP_IPC_LOCK; kernel/capability.c:SYSCALL_DEFINE2(capset), security/commoncap.c:cap_capset):
// - the trace process keeps CAP_IPC_LOCK in its permitted set (the executor clears only the
//   effective bit), so dropping it from the effective set and taking it back both succeed, 0;
// - afterwards the process holds it exactly when the call asked for it (`on` non-zero), which
//   every later capable(CAP_IPC_LOCK) sees (mm/mlock.c:can_do_mlock, mlock_future_ok);
// - nothing else changes: pages already locked stay locked and counted in locked_vm, the
//   limits, def_flags and every mapping are as before.
// lockLimitRespected, limitWaivedByCapIpcLock and their siblings read the capability from the
// state; this is what ties that state to the call that set it.

import type { TransitionInvariant } from './specInvariant.js';
import { onlyFieldsChanged } from './_internals/onlyFieldsChanged.js';

export const capsetPostcondition: TransitionInvariant = {
  kind: 'transition',
  calls: ['capset'],
  name: 'capsetPostcondition',
  source: 'kernel/capability.c:SYSCALL_DEFINE2(capset); security/commoncap.c:cap_capset',
  holds: ({ before, call, result, after }) => {
    if (call.call !== 'capset' || before.procs.length === 0) return true;
    if (result.kind !== 'value' || result.value !== 0n) return false;
    const on = (call.args[1] ?? 0n) !== 0n;
    if (after.procs.at(-1)?.capIpcLock !== on) return false;
    return onlyFieldsChanged(before, after, ['capIpcLock']);
  },
  // No observable states a capability: the calls after it show it (their limit checks).
  restate: () => ({
    checks: [],
    notes: [
      'capset above must return 0 and leave CAP_IPC_LOCK as asked: later lock calls meet RLIMIT_MEMLOCK exactly when it was dropped',
    ],
  }),
};

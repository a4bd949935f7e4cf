// capset(2) of one capability in the effective set, as a trace writes it:
// `capset(CAP_IPC_LOCK, 0)` drops CAP_IPC_LOCK, `capset(CAP_IPC_LOCK, 1)` takes it back.
// kernel/capability.c:SYSCALL_DEFINE2(capset) and security/commoncap.c:cap_capset: the new
// effective set must lie within the new permitted set, which may not grow. The trace process
// keeps CAP_IPC_LOCK in its permitted set when it drops it from the effective one (the
// executor's set_cap_ipc_lock clears the effective bit only), so both directions succeed.
// What changes is every later check of capable(CAP_IPC_LOCK): mm/mlock.c:can_do_mlock,
// do_mlock's and mlockall's limit checks, mm/mmap.c:mlock_future_ok. Pages already locked stay
// locked and counted.

import { type Result, ok } from './result.js';
import type { Tx } from './tx.js';
import { CAP_IPC_LOCK } from '../uapi/constants.js';

/** capset of CAP_IPC_LOCK: the one capability kept (src/trace/resolve.ts refuses another). */
export function sysCapset(tx: Tx, cap: bigint, on: bigint): Result {
  // Stryker disable next-line BlockStatement: no trace or letter names another capability
  if (cap !== BigInt(CAP_IPC_LOCK)) {
    // Stryker disable next-line StringLiteral: the message of a throw no input reaches
    throw new RangeError(`capset: capability ${cap} is not in the model; use CAP_IPC_LOCK`);
  }
  tx.mm.capIpcLock = on !== 0n;
  return ok(0n);
}

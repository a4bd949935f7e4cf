// setrlimit(2) for the two limits the model keeps (kernel/sys.c:SYSCALL_DEFINE2(setrlimit),
// do_prlimit). A trace sets soft = hard, as its `rlimit` directives do. A lowered limit
// changes only later checks: memory already locked stays locked and counted in locked_vm
// (mm/mlock.c:do_mlock compares locked_vm plus the new pages with the limit; nothing
// re-examines what is locked), and a heap above a lowered RLIMIT_DATA stays mapped. Raising a
// limit again is refused: the trace process has no CAP_SYS_RESOURCE.

import { type Result, err, ok } from './result.js';
import type { Tx } from './tx.js';
import { RLIMIT_DATA, RLIMIT_MEMLOCK, RLIM_INFINITY } from '../uapi/constants.js';

/** include/uapi/asm-generic/resource.h: RLIM_NLIMITS, the first resource number that is not. */
export const RLIM_NLIMITS = 16n;

/**
 * The hard limit now, RLIM_INFINITY where the model keeps none (soft = hard in the model), of
 * one of the two resources src/trace/resolve.ts admits (KEPT_BY_THE_MODEL).
 */
function hardLimit(tx: Tx, resource: bigint): bigint {
  if (resource === BigInt(RLIMIT_MEMLOCK)) return tx.mm.rlimitMemlock ?? RLIM_INFINITY;
  if (resource === BigInt(RLIMIT_DATA)) return tx.mm.rlimitData ?? RLIM_INFINITY;
  // No input reaches this throw: the resolver admits RLIMIT_MEMLOCK and RLIMIT_DATA only.
  throw new RangeError(
    // Stryker disable next-line StringLiteral: the message of a throw no input reaches
    `setrlimit: resource ${resource} has no limit in the model; use RLIMIT_MEMLOCK or RLIMIT_DATA`,
  );
}

/**
 * setrlimit(resource, {limit, limit}). do_prlimit's order: a resource number out of range is
 * EINVAL; rlim_cur > rlim_max is EINVAL (never here: soft = hard); a hard limit raised without
 * CAP_SYS_RESOURCE is EPERM; then security_task_setrlimit (commoncap has no hook) and the new
 * limit replaces the old.
 * NOTE: the trace process never holds CAP_SYS_RESOURCE: the executor drops it from the
 * effective set at start (executor.c:drop_cap_sys_resource), so every kernel here says EPERM.
 */
export function sysSetrlimit(tx: Tx, resource: bigint, raw: bigint): Result {
  if (resource >= RLIM_NLIMITS) return err('EINVAL');
  const limit = BigInt.asUintN(64, raw);
  if (limit > hardLimit(tx, resource)) return err('EPERM');
  const bytes = limit === RLIM_INFINITY ? null : limit;
  if (resource === BigInt(RLIMIT_MEMLOCK)) tx.mm.rlimitMemlock = bytes;
  else if (bytes === null) tx.dropMmField('rlimitData');
  else tx.mm.rlimitData = bytes;
  return ok(0n);
}

// mlockall(2) and munlockall(2) (mm/mlock.c): def_flags and every VMA, through the
// decision points that kernels and proposals disagree on.

import { TASK_SIZE, asInt, limitPages, toVpn } from './addr.js';
import { canDoMlock } from './mlock.js';
import { mlockFixup } from './mlockFixup.js';
import { populateAfterUnlock } from './populateSteps.js';
import { type Result, err, ok } from './result.js';
import { totalVm } from './accounting.js';
import type { Tx } from './tx.js';
import { MCL_CURRENT } from '../uapi/constants.js';
import {
  VM_LOCKED,
  VM_LOCKED_MASK,
  type VmFlags,
  hasAny,
  withFlags,
  withoutFlags,
} from '../uapi/vmFlags.js';

/**
 * mm/mlock.c:apply_mlockall_flags — def_flags first, then (unless the decision says to leave
 * them) every VMA, errors ignored. The rest of the process, which no VMA here stands for, is
 * locked and counted the same way.
 */
function applyMlockallFlags(tx: Tx, lockBits: VmFlags | null): void {
  if (lockBits === null) return;
  for (let i = 0; i < tx.mm.vmas.length; i++) {
    const v = tx.mm.vmas[i];
    if (v === undefined) break;
    const newFlags = withFlags(withoutFlags(v.flags, VM_LOCKED_MASK), lockBits);
    i = mlockFixup(tx, i, v.start, v.end, newFlags);
  }
  const before = hasAny(tx.mm.otherLock, VM_LOCKED);
  const after = hasAny(lockBits, VM_LOCKED);
  if (before && !after) tx.mm.lockedVm -= tx.mm.otherPages;
  if (!before && after) tx.mm.lockedVm += tx.mm.otherPages;
  tx.mm.otherLock = lockBits;
}

export function sysMlockall(tx: Tx, raw: bigint): Result {
  const flags = asInt(raw);
  if (!tx.model.decisions.mlockallFlagsValid(flags)) return err('EINVAL');
  if (!canDoMlock(tx)) return err('EPERM');
  const limitOk =
    !(flags & MCL_CURRENT) ||
    tx.model.decisions.mlockallLimitOk({
      totalVm: totalVm(tx),
      limitPages: limitPages(tx.mm.rlimitMemlock),
      capIpcLock: tx.mm.capIpcLock,
    });
  const d = tx.model.decisions;
  if (!limitOk && d.mlockallLimitFirst) return err('ENOMEM');
  tx.mm.defFlags = d.mlockallDefFlags(tx.mm.defFlags, flags);
  applyMlockallFlags(tx, d.mlockallVmaLockBits(flags));
  if (!limitOk) return err('ENOMEM');
  // mm_populate(0, TASK_SIZE) after the lock is dropped; errors ignored.
  if (flags & MCL_CURRENT) populateAfterUnlock(tx, 'mlockall', 0, toVpn(TASK_SIZE), true);
  return ok(0n);
}

export function sysMunlockall(tx: Tx): Result {
  tx.mm.defFlags = tx.model.decisions.munlockallDefFlags(tx.mm.defFlags);
  applyMlockallFlags(tx, withoutFlags(VM_LOCKED, VM_LOCKED));
  return ok(0n);
}

// mlock(2), mlock2(2) and munlock(2) (mm/mlock.c): validation in the kernel's order, the range
// walk with its partial effects, then population after the lock is dropped.

import { PAGE, asInt, limitPages, offsetInPage, pageAlign, toVpn, u64 } from './addr.js';
import { mlockFixup } from './mlockFixup.js';
import { populateAfterUnlock } from './populateSteps.js';
import type { Result } from './result.js';
import { err, ok } from './result.js';
import type { Tx } from './tx.js';
import { findVma } from './vmaList.js';
import { walkPieces } from './walkPieces.js';
import { VM_LOCKED, VM_LOCKED_MASK, type VmFlags, vmFlags } from '../uapi/vmFlags.js';
import { hasAny, withFlags, withoutFlags } from '../uapi/vmFlags.js';

/** mm/mlock.c:can_do_mlock */
export function canDoMlock(tx: Tx): boolean {
  return tx.mm.rlimitMemlock !== 0n || tx.mm.capIpcLock;
}

/** mm/mlock.c:count_mm_mlocked_page_nr — pages of [start, end) already in VM_LOCKED VMAs. */
function countMlockedPages(tx: Tx, start: number, end: number): number {
  let count = 0;
  for (const v of tx.mm.vmas) {
    if (v.end <= start || v.start >= end || !hasAny(v.flags, VM_LOCKED)) continue;
    count += Math.min(end, v.end) - Math.max(start, v.start);
  }
  return count;
}

/**
 * mm/mlock.c:apply_vma_lock_flags — walk [start, start+len) VMA by VMA. A hole ends the walk
 * with ENOMEM, leaving the VMAs before it changed (the partial effect of a failed mlock).
 */
export function applyVmaLockFlags(tx: Tx, start: bigint, len: bigint, flags: VmFlags): Result {
  const end = start + len;
  if (end > 2n ** 64n - 1n) return err('EINVAL');
  if (end === start) return ok(0n);
  const s = toVpn(start);
  const e = toVpn(end);
  return walkPieces(tx, findVma(tx.mm.vmas, s), s, e, (i, from, to) => {
    const v = tx.mm.vmas[i];
    if (v === undefined) return 'ENOMEM';
    return mlockFixup(tx, i, from, to, withFlags(withoutFlags(v.flags, VM_LOCKED_MASK), flags));
  });
}

/** mm/mlock.c:__mlock_posix_error_return */
export const posixError = (e: 'EFAULT' | 'ENOMEM' | 'EINVAL') =>
  e === 'ENOMEM' ? 'EAGAIN' : 'ENOMEM';

/** mm/mlock.c:do_mlock */
function doMlock(tx: Tx, rawStart: bigint, rawLen: bigint, flags: VmFlags): Result {
  if (tx.model.decisions.mlockEpermFirst && !canDoMlock(tx)) return err('EPERM');
  const len = pageAlign(u64(rawLen + offsetInPage(rawStart)));
  const start = rawStart - offsetInPage(rawStart);
  const lenPages = Number(len / PAGE);
  const limitOk = tx.model.decisions.mlockLimitOk({
    lockedVm: tx.mm.lockedVm,
    lenPages,
    alreadyLocked: countMlockedPages(tx, toVpn(start), toVpn(start) + lenPages),
    limitPages: limitPages(tx.mm.rlimitMemlock),
    capIpcLock: tx.mm.capIpcLock,
  });
  if (!limitOk) return err('ENOMEM');
  if (!tx.model.decisions.mlockEpermFirst && !canDoMlock(tx)) return err('EPERM');
  const marked = withFlags(flags, tx.model.decisions.mlockMarksVmas);
  const applied = applyVmaLockFlags(tx, start, len, marked);
  if (applied.kind !== 'value' || len === 0n) return applied;
  const e = populateAfterUnlock(tx, 'mlock', toVpn(start), toVpn(start) + lenPages, false);
  return e === null ? ok(0n) : err(posixError(e));
}

export function sysMlock(tx: Tx, start: bigint, len: bigint): Result {
  return doMlock(tx, start, len, VM_LOCKED);
}

export function sysMlock2(tx: Tx, start: bigint, len: bigint, rawFlags: bigint): Result {
  const vm = tx.model.decisions.mlock2LockBits(asInt(rawFlags));
  if (vm === 'EINVAL' || vm === 'ENOSYS') return err(vm);
  return doMlock(tx, start, len, vm);
}

export function sysMunlock(tx: Tx, rawStart: bigint, rawLen: bigint): Result {
  const len = pageAlign(u64(rawLen + offsetInPage(rawStart)));
  const start = rawStart - offsetInPage(rawStart);
  return applyVmaLockFlags(tx, start, len, vmFlags(0));
}

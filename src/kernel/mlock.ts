// mlock(2), mlock2(2) and munlock(2) (mm/mlock.c): validation in the kernel's order, the range
// walk with its partial effects, then population after the lock is dropped.

import { U64_MASK, asInt, limitPages, offsetInPage, pageAlign, pagesIn, toVpn } from './addr.js';
import { u64, vpnToAddr } from './addr.js';
import { mlockFixup } from './mlockFixup.js';
import type { GupError } from './populate.js';
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

/**
 * mm/mlock.c:count_mm_mlocked_page_nr — pages of [start, start + len) already in VM_LOCKED
 * VMAs, counted as the kernel does (mlockCreditsLocked): in bytes, modulo 2^64. Where the end
 * wraps (4.9 to 6.0), the walk stops at the first VMA past it, or, when the VMA holding start
 * is locked and begins below the wrapped end, takes start off and adds the end: len in all.
 */
function countMlockedPages(tx: Tx, start: bigint, len: bigint): number {
  const credit = tx.model.decisions.mlockCreditsLocked;
  if (credit === 'none') return 0;
  const sum = start + len;
  if (sum <= U64_MASK) return lockedPagesIn(tx, toVpn(start), toVpn(sum));
  const end = credit === 'clamped' ? U64_MASK : u64(sum);
  let bytes = 0n;
  for (const v of tx.mm.vmas) {
    const from = vpnToAddr(v.start);
    const to = vpnToAddr(v.end);
    if (to <= start) continue;
    if (end <= from) break;
    if (!hasAny(v.flags, VM_LOCKED)) continue;
    bytes += (end < to ? end : to) - from - (start > from ? start - from : 0n);
    if (end < to) break;
  }
  return pagesIn(u64(bytes));
}

/**
 * count_mm_mlocked_page_nr where the end does not wrap, in pages: start and len are page
 * aligned there (doMlock), so every byte bound the walk compares is a multiple of PAGE_SIZE and
 * dividing them all by it keeps every comparison and every sum (below 2^64 bytes, the length),
 * with no bigint made a VMA (the walk above makes two).
 */
function lockedPagesIn(tx: Tx, start: number, end: number): number {
  let pages = 0;
  for (const v of tx.mm.vmas) {
    if (v.end <= start) continue;
    if (end <= v.start) break;
    if (!hasAny(v.flags, VM_LOCKED)) continue;
    pages += Math.min(end, v.end) - Math.max(start, v.start);
    if (end < v.end) break;
  }
  return pages;
}

/**
 * mm/mlock.c:apply_vma_lock_flags — walk [start, start+len) VMA by VMA. A hole ends the walk
 * with ENOMEM, leaving the VMAs before it changed (the partial effect of a failed mlock).
 */
export function applyVmaLockFlags(tx: Tx, start: bigint, len: bigint, flags: VmFlags): Result {
  const end = start + len;
  // U64_MASK, not `2n ** 64n - 1n`: that was a bigint power and a subtraction on every call.
  if (end > U64_MASK) return err('EINVAL');
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
export const posixError = (e: GupError) =>
  e === 'ENOMEM' ? 'EAGAIN' : e === 'EFAULT' ? 'ENOMEM' : e;

/**
 * mm/mlock.c:do_mlock. can_do_mlock comes first, before the limit and the range. The 2.6.9
 * cycle, which let callers without CAP_IPC_LOCK lock up to RLIMIT_MEMLOCK, first tested it
 * after the limit; Chris Wright's "Move the simple can_do_mlock() check before the full rlimits
 * based restriction checks" (against 2.6.9-rc2) put it first, so no release tests the limit
 * first (2.6.8 and older refused callers without CAP_IPC_LOCK after the limit, a rule of their
 * own). No model here is such a kernel, so the order is not a decision point.
 */
function doMlock(tx: Tx, rawStart: bigint, rawLen: bigint, flags: VmFlags): Result {
  if (!canDoMlock(tx)) return err('EPERM');
  const len = pageAlign(u64(rawLen + offsetInPage(rawStart)));
  const start = rawStart - offsetInPage(rawStart);
  const lenPages = pagesIn(len);
  const limitOk = tx.model.decisions.mlockLimitOk({
    lockedVm: tx.mm.lockedVm,
    lenPages,
    alreadyLocked: countMlockedPages(tx, start, len),
    limitPages: limitPages(tx.mm.rlimitMemlock),
    capIpcLock: tx.mm.capIpcLock,
  });
  if (!limitOk) return err('ENOMEM');
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

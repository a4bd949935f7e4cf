// mremap(2) (mm/mremap.c, 6.17/6.18 shape): parameter checks, shrinking, growing in place,
// moving (MREMAP_MAYMOVE/FIXED), MREMAP_DONTUNMAP, and duplicating a shared mapping (old_len
// 0), with locked_vm accounting and population of the grown part of a locked VMA.

import { mlockFutureOk } from './accounting.js';
import { mayExpandData } from './dataLimit.js';
import { PAGE, TASK_SIZE, offsetInPage, pageAlign, pagesIn, toVpn, vpnToAddr } from './addr.js';
import { moveRange } from './moveRange.js';
import { nommuMremap } from './nommuMremap.js';
import { populateAfterUnlock } from './populateSteps.js';
import { type Result, err, ok } from './result.js';
import { PteRuns } from './pteRuns.js';
import { type Vma, vmaWith } from './state.js';
import type { Tx } from './tx.js';
import { MREMAP_DONTUNMAP, MREMAP_FIXED, MREMAP_MAYMOVE } from '../uapi/constants.js';
import { getUnmappedArea } from './unmappedArea.js';
import { intersects, unmapRange } from './unmap.js';
import { findVma, insertVma, mergeWithNext, replaceVma, vmaAt } from './vmaList.js';
import * as F from '../uapi/vmFlags.js';
import { hasAny, vmFlags } from '../uapi/vmFlags.js';

/** VM_DONTEXPAND or VM_PFNMAP: a mapping mremap may move but never grow. */
const isSpecial = (v: Vma): boolean => hasAny(v.flags, vmFlags(F.VM_DONTEXPAND | F.VM_PFNMAP));

/**
 * mm/mremap.c:vma_to_resize (to 6.16), check_prep_vma (6.17+) — a growth of `growth` pages
 * the VMA cannot take: a special mapping (EFAULT), a locked one past RLIMIT_MEMLOCK (EAGAIN),
 * a data mapping past RLIMIT_DATA (ENOMEM, resize_is_valid from 6.16).
 */
function growthRefusal(tx: Tx, v: Vma, growth: number): Result | null {
  if (growth <= 0) return null;
  if (isSpecial(v)) return err('EFAULT');
  if (hasAny(v.flags, F.VM_LOCKED) && !mlockFutureOk(tx, v.flags, growth)) return err('EAGAIN');
  if (!mayExpandData(tx, v.flags, growth)) return err('ENOMEM');
  return null;
}

export interface MremapRequest {
  readonly addr: bigint;
  readonly oldLen: bigint;
  readonly newLen: bigint;
  readonly flags: number;
  readonly newAddr: bigint;
}

/**
 * mm/mremap.c:check_mremap_params — MREMAP_DONTUNMAP, like MREMAP_FIXED, implies a new
 * address, which is then validated (alignment, overlap, bounds) even without MREMAP_FIXED;
 * with `newAddrToo` false only the checks the SYSCALL made before mremap_to (to 6.16).
 */
function checkParams(r: MremapRequest, newAddrToo: boolean, newLenBounded: boolean): Result | null {
  if (r.flags & ~(MREMAP_FIXED | MREMAP_MAYMOVE | MREMAP_DONTUNMAP)) return err('EINVAL');
  if (offsetInPage(r.addr) !== 0n) return err('EINVAL');
  if (r.newLen === 0n) return err('EINVAL');
  if (newLenBounded && r.newLen > TASK_SIZE) return err('EINVAL');
  if (!(r.flags & (MREMAP_FIXED | MREMAP_DONTUNMAP))) return null;
  if (!(r.flags & MREMAP_MAYMOVE)) return err('EINVAL');
  if (r.flags & MREMAP_DONTUNMAP && r.oldLen !== r.newLen) return err('EINVAL');
  return newAddrToo ? checkNewAddr(r) : null;
}

/** The new address of a move: page aligned, not overlapping the old range, below TASK_SIZE. */
function checkNewAddr(r: MremapRequest): Result | null {
  if (!(r.flags & (MREMAP_FIXED | MREMAP_DONTUNMAP))) return null;
  if (offsetInPage(r.newAddr) !== 0n) return err('EINVAL');
  const overlap = r.addr < r.newAddr + r.newLen && r.newAddr < r.addr + r.oldLen;
  if (overlap) return err('EINVAL');
  if (r.newLen > TASK_SIZE || r.newAddr > TASK_SIZE - r.newLen) return err('EINVAL');
  return null;
}

/** old_len 0 on a shared mapping: a second mapping of the same pages, the first one kept. */
function duplicate(tx: Tx, v: Vma, s: number, pages: number, to: bigint): Result {
  const dest = toVpn(to);
  const copy = vmaWith(
    v,
    dest,
    dest + pages,
    v.flags,
    v.pgoff + (s - v.start),
    PteRuns.none(pages),
  );
  insertVma(tx, copy);
  if (hasAny(v.flags, F.VM_LOCKED)) {
    tx.mm.lockedVm += pages;
    populateAfterUnlock(tx, 'mremap', dest, dest + pages, true);
  }
  return ok(to);
}

/**
 * mm/mremap.c (6.17, "permit mremap() move of multiple VMAs"): each VMA of [s, s + pages)
 * moves to the same offset from `to`; the holes between them stay holes. Each piece is a
 * mremap_to of its own: its slot of the target is unmapped, then a MREMAP_DONTUNMAP piece,
 * whose old range stays, must fit RLIMIT_DATA (may_expand_vm); a refusal leaves the pieces
 * before it moved (mremap.2: "the operation may be partially completed";
 * spec/litmus/rlimit/MREMAP_DONTUNMAP+two_vmas+RLIMIT_DATA.mmt).
 */
function moveEach(tx: Tx, r: MremapRequest, s: number, pages: number, to: bigint): Result {
  const pieces = tx.mm.vmas
    .filter((v) => v.end > s && v.start < s + pages)
    .map((v) => [Math.max(v.start, s), Math.min(v.end, s + pages), v.flags] as const);
  for (const [from, end, flags] of pieces) {
    const dest = to + BigInt(from - s) * PAGE;
    unmapRange(tx, toVpn(dest), toVpn(dest) + end - from);
    if (r.flags & MREMAP_DONTUNMAP && !mayExpandData(tx, flags, end - from)) return err('ENOMEM');
    moveRange(tx, r, from, end - from, end - from, dest);
  }
  return ok(to);
}

/**
 * The shrink's unmapping of the tail past new_len (mm/mremap.c:shrink_vma, the SYSCALL's
 * do_vmi_munmap before 6.17, __do_munmap before 6.1): its range checks refuse a tail that
 * runs past TASK_SIZE with EINVAL before anything is unmapped.
 */
function unmapTail(tx: Tx, r: MremapRequest): Result | null {
  const start = BigInt.asUintN(64, r.addr + r.newLen);
  const len = r.oldLen - r.newLen;
  if (start > TASK_SIZE || len > TASK_SIZE - start) return err('EINVAL');
  unmapRange(tx, toVpn(start), toVpn(start) + pagesIn(len));
  return null;
}

/**
 * Grow vmas[vi] in place by `grow` pages, if the space after it is free; from 6.0 on
 * (vma_merge_extend) the grown VMA merges with the next one where it now touches it.
 */
function growInPlace(tx: Tx, vi: number, grow: number): boolean {
  const v = tx.mm.vmas[vi];
  if (v === undefined || vpnToAddr(v.end + grow) > TASK_SIZE || intersects(tx, v.end, v.end + grow))
    return false;
  const ptes = v.ptes.concat(PteRuns.none(grow));
  replaceVma(tx, vi, vmaWith(v, v.start, v.end + grow, v.flags, v.pgoff, ptes));
  if (tx.model.decisions.mremapExpandMerges) mergeWithNext(tx, vi);
  if (hasAny(v.flags, F.VM_LOCKED)) {
    tx.mm.lockedVm += grow;
    populateAfterUnlock(tx, 'mremap', v.end, v.end + grow, true);
  }
  return true;
}

export function sysMremap(
  tx: Tx,
  addr: bigint,
  oldLen: bigint,
  newLen: bigint,
  flags64: bigint,
  newAddr: bigint,
): Result {
  if (tx.model.decisions.mremapResizesInPlaceOnly) {
    const fixed = Number(flags64 & BigInt(MREMAP_FIXED));
    return nommuMremap(tx, addr, oldLen, newLen, fixed, newAddr);
  }
  if (flags64 >> 32n !== 0n) return err('EINVAL');
  const r: MremapRequest = {
    addr,
    oldLen: pageAlign(oldLen),
    newLen: pageAlign(newLen),
    flags: Number(flags64),
    newAddr,
  };
  const { mremapChecksNewAddrFirst: newAddrFirst } = tx.model.decisions;
  const bad = checkParams(r, newAddrFirst, tx.model.decisions.mremapRefusesNewLenPastTaskSize);
  if (bad !== null) return bad;
  const s = toVpn(addr);
  let oldPages = pagesIn(r.oldLen);
  const newPages = pagesIn(r.newLen);
  const moving = (r.flags & (MREMAP_FIXED | MREMAP_DONTUNMAP)) !== 0;
  // Before the SYSCALL looked the VMA up first (mremapLooksUpVmaFirst false), an in-place
  // shrink or same-size call never asked for one: over a hole it returns addr.
  if (!tx.model.decisions.mremapLooksUpVmaFirst && !moving && newPages <= oldPages) {
    return (newPages < oldPages ? unmapTail(tx, r) : null) ?? ok(addr);
  }
  const { mremapChecksSourceBeforeUnmap: checksFirst, mremapMoveSpansVmas } = tx.model.decisions;
  const first = vmaAt(tx.mm.vmas, findVma(tx.mm.vmas, s));
  // Before 5.16 a moving call looks the VMA up only in vma_to_resize, after mremap_to has
  // unmapped a MREMAP_FIXED target: over a hole the target is gone and the result EFAULT.
  const lateLookup = !tx.model.decisions.mremapLooksUpVmaFirst && moving && !checksFirst;
  if (first === undefined && !lateLookup) return err('EFAULT');
  // mm/mremap.c:mremap_to (to 6.16) — new_addr is checked there, after the SYSCALL's lookup.
  const badNewAddr = newAddrFirst ? null : checkNewAddr(r);
  if (badNewAddr !== null) return badNewAddr;
  // A shrink (or same size) in place works but for a tail past TASK_SIZE: it only unmaps what
  // lies past new_len.
  if (!moving && newPages <= oldPages) {
    return (newPages < oldPages ? unmapTail(tx, r) : null) ?? ok(addr);
  }
  // old_len 0 duplicates a shared mapping; a private one has nothing to duplicate.
  if (checksFirst && oldPages === 0 && first !== undefined && !hasAny(first.flags, F.VM_SHARED))
    return err('EINVAL');
  // 6.17+: a move without resize may span several VMAs and the holes between them; each VMA
  // goes to the same offset from new_addr, and only those slots of the target are unmapped.
  const beyond = first !== undefined && oldPages > first.end - s;
  if (mremapMoveSpansVmas && r.flags & MREMAP_FIXED && oldPages === newPages && beyond)
    return moveEach(tx, r, s, oldPages, newAddr);
  if (r.flags & MREMAP_FIXED) {
    if (checksFirst && first !== undefined) {
      // mm/mremap.c:check_prep_vma (6.17+) refuses MREMAP_DONTUNMAP of a special VMA first.
      if (r.flags & MREMAP_DONTUNMAP && isSpecial(first)) return err('EINVAL');
      // mm/mremap.c:mremap_to (6.17+) — a shrinking move trims the tail past new_len first;
      // the old range is checked before the target is unmapped; the source is looked up
      // again afterwards, so a target over the source's start leaves EFAULT.
      if (newPages < oldPages) {
        const refusedTail = unmapTail(tx, r);
        if (refusedTail !== null) return refusedTail;
        oldPages = newPages;
      }
      if (oldPages > first.end - s) return err('EFAULT');
      // check_prep_vma also refuses a growth before anything is unmapped: the target survives
      // (spec/litmus/mremap+MREMAP_FIXED+refused_growth.mmt).
      const refused = growthRefusal(tx, first, newPages - oldPages);
      if (refused !== null) return refused;
      unmapRange(tx, toVpn(newAddr), toVpn(newAddr) + newPages);
    } else {
      // mm/mremap.c:mremap_to (to 6.16) — the target goes first, then the tail past new_len;
      // vma_to_resize checks the source only afterwards, so its EFAULT or EINVAL leaves the
      // target unmapped.
      unmapRange(tx, toVpn(newAddr), toVpn(newAddr) + newPages);
      if (newPages < oldPages) {
        const refusedTail = unmapTail(tx, r);
        if (refusedTail !== null) return refusedTail;
        oldPages = newPages;
      }
    }
  }
  const vi = findVma(tx.mm.vmas, s);
  const v = tx.mm.vmas[vi];
  if (v === undefined) return err('EFAULT');
  // mm/mremap.c:vma_to_resize (to 6.16) — the old_len 0 check, on the VMA found again.
  if (!checksFirst && oldPages === 0 && !hasAny(v.flags, F.VM_SHARED)) return err('EINVAL');
  // Before 5.13, vma_to_resize refuses MREMAP_DONTUNMAP of all but private anonymous memory.
  const anonPrivate = v.backing.kind === 'anon' && !hasAny(v.flags, F.VM_SHARED);
  if (r.flags & MREMAP_DONTUNMAP && tx.model.decisions.mremapDontunmapAnonOnly && !anonPrivate)
    return err('EINVAL');
  if (oldPages > v.end - s) return err('EFAULT');
  // vma_to_resize (to 6.16), after the target is gone; 6.17+ asked before unmapping it (above).
  if (r.flags & MREMAP_DONTUNMAP && isSpecial(v)) return err('EINVAL');
  const refused = growthRefusal(tx, v, newPages - oldPages);
  if (refused !== null) return refused;
  // mremap_to: MREMAP_DONTUNMAP keeps the old range, so its whole length counts in RLIMIT_DATA.
  if (r.flags & MREMAP_DONTUNMAP && !mayExpandData(tx, v.flags, oldPages)) return err('ENOMEM');
  // In place only when the old range ends the VMA (old_len 0 never does: old_address lies in it).
  if (!moving && s + oldPages === v.end && growInPlace(tx, vi, newPages - oldPages))
    return ok(addr);
  if (!(r.flags & MREMAP_MAYMOVE)) return err('ENOMEM');
  let to = newAddr;
  if (!(r.flags & MREMAP_FIXED)) {
    // A plain move asks for any address; MREMAP_DONTUNMAP passes new_addr as a hint.
    const hint = r.flags & MREMAP_DONTUNMAP ? newAddr : 0n;
    const chosen = getUnmappedArea(tx, hint, r.newLen, 0);
    if (typeof chosen === 'string') return err(chosen);
    to = chosen;
  }
  if (oldPages === 0) return duplicate(tx, v, s, newPages, to);
  return moveRange(tx, r, s, oldPages, newPages, to);
}

// mremap(2) (mm/mremap.c, 6.17/6.18 shape): parameter checks, shrinking, growing in place,
// moving (MREMAP_MAYMOVE/FIXED) and MREMAP_DONTUNMAP, with locked_vm accounting and population
// of the grown part of a locked VMA.

import { PAGE, TASK_SIZE, limitPages, offsetInPage, pageAlign, toVpn, vpnToAddr } from './addr.js';
import { mmPopulate } from './populate.js';
import { type Result, err, ok } from './result.js';
import { PTE_NONE, type Vma } from './state.js';
import type { Tx } from './tx.js';
import { MREMAP_DONTUNMAP, MREMAP_FIXED, MREMAP_MAYMOVE } from './uapi.js';
import { getUnmappedArea } from './unmappedArea.js';
import { intersects, unmapRange } from './unmap.js';
import { findVma, insertVma, replaceVma, splitAt } from './vmaList.js';
import * as F from './vmFlags.js';
import { hasAny, vmFlags, withoutFlags } from './vmFlags.js';

interface Request {
  readonly addr: bigint;
  readonly oldLen: bigint;
  readonly newLen: bigint;
  readonly flags: number;
  readonly newAddr: bigint;
}

/** mm/mremap.c:check_mremap_params — note DONTUNMAP validates new_addr even without FIXED. */
function checkParams(r: Request): Result | null {
  if (r.flags & ~(MREMAP_FIXED | MREMAP_MAYMOVE | MREMAP_DONTUNMAP)) return err('EINVAL');
  if (offsetInPage(r.addr) !== 0n) return err('EINVAL');
  if (r.newLen === 0n) return err('EINVAL');
  if (!(r.flags & (MREMAP_FIXED | MREMAP_DONTUNMAP))) return null;
  if (offsetInPage(r.newAddr) !== 0n) return err('EINVAL');
  if (!(r.flags & MREMAP_MAYMOVE)) return err('EINVAL');
  if (r.flags & MREMAP_DONTUNMAP && r.oldLen !== r.newLen) return err('EINVAL');
  if (r.flags & MREMAP_FIXED) {
    const overlap = r.addr < r.newAddr + r.newLen && r.newAddr < r.addr + r.oldLen;
    if (overlap) return err('EINVAL');
    if (r.newLen > TASK_SIZE || r.newAddr > TASK_SIZE - r.newLen) return err('EINVAL');
  }
  return null;
}

function futureOk(tx: Tx, v: Vma, pages: number): boolean {
  return tx.model.decisions.futureLimitOk({
    vmFlags: v.flags,
    lockedVm: tx.mm.lockedVm,
    lenPages: pages,
    limitPages: limitPages(tx.mm.rlimitMemlock),
    capIpcLock: tx.mm.capIpcLock,
  });
}

/** mm/mremap.c:move_vma — the pages travel with the VMA; pgoff and anon_vma are kept. */
function moveVma(tx: Tx, r: Request, to: bigint): Result {
  const s = toVpn(r.addr);
  const oldPages = Number(r.oldLen / PAGE);
  const newPages = Number(r.newLen / PAGE);
  const i0 = findVma(tx.mm.vmas, s);
  splitAt(tx, i0, s);
  const i = findVma(tx.mm.vmas, s);
  splitAt(tx, i, s + oldPages);
  const old = tx.mm.vmas[i];
  if (old === undefined) throw new Error('moveVma: lost the VMA');
  const dest = toVpn(to);
  const moved: Vma = {
    ...old,
    start: dest,
    end: dest + newPages,
    ptes: old.ptes
      .slice(0, newPages)
      .concat(new Array<number>(Math.max(0, newPages - oldPages)).fill(PTE_NONE)),
  };
  const locked = hasAny(old.flags, F.VM_LOCKED);
  if (locked) tx.mm.lockedVm += newPages;
  if (r.flags & MREMAP_DONTUNMAP) {
    // The old VMA stays, empty and unlocked. 6.18 gives back nothing for it (section 18.3).
    replaceVma(tx, i, {
      ...old,
      flags: withoutFlags(old.flags, F.VM_LOCKED_MASK),
      ptes: old.ptes.map(() => PTE_NONE),
    });
    if (locked && !tx.model.decisions.mremapDontunmapChargesTwice) tx.mm.lockedVm -= oldPages;
  } else {
    // The pages moved: drop the old VMA without zapping them.
    tx.mm.vmas.splice(i, 1);
    if (locked) tx.mm.lockedVm -= oldPages;
  }
  insertVma(tx, moved);
  if (locked && newPages > oldPages) mmPopulate(tx, dest + oldPages, dest + newPages, true);
  return ok(to);
}

export function sysMremap(
  tx: Tx,
  addr: bigint,
  oldLen: bigint,
  newLen: bigint,
  flags64: bigint,
  newAddr: bigint,
): Result {
  const r: Request = {
    addr,
    oldLen: pageAlign(oldLen),
    newLen: pageAlign(newLen),
    flags: Number(flags64 & 0xffffffffn),
    newAddr,
  };
  if (flags64 >> 32n !== 0n) return err('EINVAL');
  const bad = checkParams(r);
  if (bad !== null) return bad;
  const s = toVpn(addr);
  const vi = findVma(tx.mm.vmas, s);
  const v = tx.mm.vmas[vi];
  if (v === undefined) return err('EFAULT');
  const oldPages = Number(r.oldLen / PAGE);
  const newPages = Number(r.newLen / PAGE);
  if (oldPages === 0 && !hasAny(v.flags, F.VM_SHARED)) return err('EINVAL');
  if (oldPages > v.end - s) return err('EFAULT');
  if (r.flags & MREMAP_DONTUNMAP && hasAny(v.flags, vmFlags(F.VM_DONTEXPAND | F.VM_PFNMAP)))
    return err('EINVAL');
  if (hasAny(v.flags, vmFlags(F.VM_DONTEXPAND | F.VM_PFNMAP)) && newPages > oldPages)
    return err('EFAULT');
  if (newPages > oldPages && hasAny(v.flags, F.VM_LOCKED) && !futureOk(tx, v, newPages - oldPages))
    return err('EAGAIN');
  if (r.flags & MREMAP_FIXED) {
    unmapRange(tx, toVpn(newAddr), toVpn(newAddr) + newPages);
    return moveVma(tx, r, newAddr);
  }
  if (newPages < oldPages) {
    unmapRange(tx, s + newPages, s + oldPages);
    if (!(r.flags & MREMAP_DONTUNMAP)) return ok(addr);
  }
  if (newPages === oldPages && !(r.flags & MREMAP_DONTUNMAP)) return ok(addr);
  const grow = newPages - oldPages;
  // Grow in place when the range ends the VMA and the space after it is free.
  if (
    !(r.flags & MREMAP_DONTUNMAP) &&
    s + oldPages === v.end &&
    vpnToAddr(v.end + grow) <= TASK_SIZE &&
    !intersects(tx, v.end, v.end + grow)
  ) {
    replaceVma(tx, vi, {
      ...v,
      end: v.end + grow,
      ptes: v.ptes.concat(new Array<number>(grow).fill(PTE_NONE)),
    });
    if (hasAny(v.flags, F.VM_LOCKED)) {
      tx.mm.lockedVm += grow;
      mmPopulate(tx, v.end, v.end + grow, true);
    }
    return ok(addr);
  }
  if (!(r.flags & MREMAP_MAYMOVE)) return err('ENOMEM');
  const to = getUnmappedArea(tx, 0n, r.newLen, 0);
  if (typeof to === 'string') return err(to);
  return moveVma(tx, r, to);
}

// brk(2) (mm/mmap.c:SYSCALL_DEFINE1(brk), check_brk_limits, mm/vma.c:do_brk_flags): the
// program break moves, the heap VMA grows or shrinks. The system call never returns an errno:
// it returns the break it ended with, the old one when it refused (semantics 20).

import { mlockFutureOk } from './accounting.js';
import { dataRlimitOk, mayExpandData } from './dataLimit.js';
import { PAGE, TASK_SIZE, pageAlign, toVpn } from './addr.js';
import { populateAfterUnlock } from './populateSteps.js';
import { PteRuns } from './pteRuns.js';
import { type Result, ok } from './result.js';
import { ANON, type BrkArea, newVma, vmaWith } from './state.js';
import type { Tx } from './tx.js';
import { STACK_GUARD_GAP } from './unmappedArea.js';
import { intersects, unmapRange } from './unmap.js';
import { firstEndingAfter, insertVma } from './vmaList.js';
import * as F from '../uapi/vmFlags.js';
import { type VmFlags, hasAny, vmFlags, withFlags } from '../uapi/vmFlags.js';

/**
 * x86-64's VM_DATA_DEFAULT_FLAGS (no READ_IMPLIES_EXEC personality) plus VM_ACCOUNT, as
 * do_brk_flags gives every heap page before adding def_flags.
 */
const BRK_FLAGS = vmFlags(
  F.VM_READ | F.VM_WRITE | F.VM_MAYREAD | F.VM_MAYWRITE | F.VM_MAYEXEC | F.VM_ACCOUNT,
);

const brkOf = (tx: Tx): BrkArea => {
  const area = tx.mm.brkArea;
  if (area === undefined) throw new Error('brk: this process has no heap in the model');
  return area;
};

export function sysBrk(tx: Tx, raw: bigint): Result {
  const area = brkOf(tx);
  const orig = BigInt(area.brk);
  // min_brk is start_brk (CONFIG_COMPAT_BRK off, or a randomised break): brk(0) asks only.
  if (raw < BigInt(area.startBrk)) return ok(orig);
  // check_data_rlimit, before the break is compared with the old one: a heap over RLIMIT_DATA
  // may not even shrink unless it ends within the limit (the check is on the new break).
  if (!dataRlimitOk(tx, raw, BigInt(area.startBrk))) return ok(orig);
  const newbrk = pageAlign(raw);
  const oldbrk = pageAlign(orig);
  const set = (): Result => {
    tx.mm.brkArea = { ...area, brk: Number(raw) };
    return ok(raw);
  };
  if (newbrk === oldbrk) return set();
  if (raw <= orig) return shrink(tx, toVpn(newbrk), toVpn(oldbrk)) ? set() : ok(orig);
  const start = toVpn(oldbrk);
  const pages = Number((newbrk - oldbrk) / PAGE);
  // check_brk_limits: get_unmapped_area(MAP_FIXED) keeps below TASK_SIZE, then the
  // RLIMIT_MEMLOCK check with def_flags (a heap that MCL_FUTURE locks must fit: -EAGAIN).
  if (newbrk > TASK_SIZE || newbrk === 0n) return ok(orig);
  if (!mlockFutureOk(tx, tx.mm.defFlags, pages)) return ok(orig);
  // A page of gap must stay above the new break (and the guard gap below a stack).
  const next = tx.mm.vmas[firstEndingAfter(tx.mm.vmas, start)];
  if (next !== undefined) {
    const gap = hasAny(next.flags, F.VM_GROWSDOWN) ? STACK_GUARD_GAP : 0;
    if (start + pages + 1 > next.start - gap) return ok(orig);
  }
  // do_brk_flags: may_expand_vm (data_vm under RLIMIT_DATA; RLIMIT_AS is not modelled).
  const flags = withFlags(BRK_FLAGS, tx.mm.defFlags);
  if (!mayExpandData(tx, flags, pages)) return ok(orig);
  doBrkFlags(tx, start, pages, flags);
  const result = set();
  // Populated after the lock is dropped when def_flags locks (MCL_FUTURE); errors ignored.
  if (hasAny(tx.mm.defFlags, F.VM_LOCKED))
    populateAfterUnlock(tx, 'brk', start, start + pages, true);
  return result;
}

/**
 * The shrinking branch: the VMAs of [newbrk, oldbrk) are unmapped (munlocking a locked heap
 * and giving back its locked_vm) — refused when nothing is mapped there any more, since 6.1
 * (decisions.brkShrinkNeedsVma; before, do_munmap of nothing succeeds).
 */
function shrink(tx: Tx, from: number, to: number): boolean {
  if (!intersects(tx, from, to)) return !tx.model.decisions.brkShrinkNeedsVma;
  unmapRange(tx, from, to);
  return true;
}

/**
 * mm/vma.c:do_brk_flags — the heap VMA below the old break grows when its flags match (a heap
 * made before mlockall(MCL_FUTURE) does not, and the locked part becomes a VMA of its own);
 * locked_vm is charged for a VM_LOCKED heap.
 */
function doBrkFlags(tx: Tx, start: number, pages: number, flags: VmFlags): void {
  const i = firstEndingAfter(tx.mm.vmas, start) - 1;
  const prev = tx.mm.vmas[i];
  if (
    prev !== undefined &&
    prev.end === start &&
    prev.flags === flags &&
    prev.backing.kind === 'anon' &&
    prev.pgoff + (prev.end - prev.start) === start &&
    !prev.anonVmaForked
  ) {
    tx.mm.vmas[i] = vmaWith(
      prev,
      prev.start,
      start + pages,
      prev.flags,
      prev.pgoff,
      prev.ptes.concat(PteRuns.none(pages)),
    );
  } else {
    // Unnamed: the part of the heap the trace made (its VmLck counts it, as on the kernel).
    const vma = newVma(
      start,
      start + pages,
      flags,
      ANON,
      start,
      0,
      false,
      PteRuns.none(pages),
      null,
    );
    insertVma(tx, vma);
  }
  if (hasAny(flags, F.VM_LOCKED)) tx.mm.lockedVm += pages;
}

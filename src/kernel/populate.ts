// Population: GUP walking a range and faulting pages in (mm/gup.c). Three callers:
// __mm_populate (mmap, mlock, mlockall, mremap, mprotect), and faultin_page_range
// (MADV_POPULATE_READ/WRITE). The decision points choose the gup flags and what the fault-in
// does with them, which is where kernel versions (and the 4.4 FOLL_POPULATE bug) differ.

import { followTouch } from './dirty.js';
import { type FaultResult, handleFault } from './fault.js';
import { faultRun, satisfiedPrefix } from './faultRun.js';
import { MODEL_MAX_SINGLE_PAGES, ModelLimitError } from './modelPageLimit.js';
import { lruAddDrain } from './mlockBatch.js';
import { mlockPages, mlocksPages } from './pages.js';
import { FOLL_FORCE, FOLL_MADV_POPULATE, FOLL_MLOCK, FOLL_TOUCH, FOLL_UNLOCKABLE } from './gup.js';
import { FOLL_HWPOISON } from './gup.js';
import { FOLL_WRITE } from './gup.js';
import { type GupFlags, gupFlags, hasFoll } from './gup.js';
import { PTE_GUARD, PTE_NONE, type Vma, type Vpn } from './state.js';
import type { Tx } from './tx.js';
import { findVma, firstEndingAfter, vmaAt } from './vmaList.js';
import {
  VM_ACCESS_FLAGS,
  VM_IO,
  VM_MAYREAD,
  VM_PFNMAP,
  VM_READ,
  VM_WRITE,
  hasAny,
  vmFlags,
} from '../uapi/vmFlags.js';

/** How a GUP walk stopped early. */
export type GupError = 'EFAULT' | 'ENOMEM' | 'EINVAL' | 'EHWPOISON';

/**
 * mm/gup.c:faultin_page, vm_fault_to_errno — a failed fault as GUP's error: VM_FAULT_OOM is
 * -ENOMEM; VM_FAULT_HWPOISON is -EHWPOISON with FOLL_HWPOISON, else -EFAULT; VM_FAULT_SIGBUS
 * and VM_FAULT_SIGSEGV are -EFAULT. (A retry without progress never returns: step.ts.)
 */
function gupError(fault: Exclude<FaultResult, 'ok'>, gup: GupFlags): GupError {
  if (fault === 'OOM') return 'ENOMEM';
  if (fault === 'HWPOISON' && hasFoll(gup, FOLL_HWPOISON)) return 'EHWPOISON';
  return 'EFAULT';
}

const isSecretmem = (tx: Tx, v: Vma): boolean =>
  v.backing.kind === 'file' && tx.file(v.backing.file).kind === 'secretmem';

/** mm/gup.c:check_vma_flags — may GUP with these flags touch this VMA at all? */
export function vmaAllowsGup(tx: Tx, v: Vma, gup: GupFlags): boolean {
  if (hasAny(v.flags, vmFlags(VM_IO | VM_PFNMAP))) return false;
  if (isSecretmem(tx, v)) return false;
  if (hasFoll(gup, FOLL_WRITE)) {
    // FOLL_FORCE writes (ptrace) are never asked for by the population paths.
    return hasAny(v.flags, VM_WRITE);
  }
  if (hasAny(v.flags, VM_READ)) return true;
  return hasFoll(gup, FOLL_FORCE) && hasAny(v.flags, VM_MAYREAD);
}

/**
 * mm/gup.c:follow_page_pte (before 5.18) — with FOLL_MLOCK, the normal pages GUP finds in a
 * VM_LOCKED VMA are mlocked (mlock_vma_page: TestSetPageMlocked, so once), here for the PTEs
 * [vpn, vpn + count) of vmas[i]. Before 5.18 nothing clears PG_mlocked from the batch, so which
 * pages need it can be read before queueing any.
 */
export function followMlock(tx: Tx, i: number, vpn: Vpn, count: number, gup: GupFlags): void {
  if (tx.model.decisions.mlockPagesOnFault || !hasFoll(gup, FOLL_MLOCK)) return;
  const v = tx.mm.vmas[i];
  if (v === undefined || !mlocksPages(v.flags)) return;
  const unlocked: Array<[number, number]> = [];
  v.ptes.forEachRun(vpn - v.start, vpn - v.start + count, (_index, len, pte) => {
    if (pte <= 0) return;
    tx.allPages().forEachRun(pte, len, (id, n, p) => {
      if (!p.mlocked) unlocked.push([id, n]);
    });
  });
  for (const [id, n] of unlocked) mlockPages(tx, id, n, true);
}

/**
 * At most how many pages of [from, to) in `v` the walk would fault in one by one: those not
 * present, and for a write those not known to be writable yet. Counted run-wise.
 * Excluded from mutation (here and at its one use): it only sizes a model limit
 * (modelPageLimit.ts, 2^14 pages) that no kernel has and no property can state; its test is
 * test/trace/hostileInput.test.ts, outside the properties-alone test.
 */
// Stryker disable all: a model limit, not a kernel behaviour (see above)
function singlePages(v: Vma, from: Vpn, to: Vpn, write: boolean): number {
  let pages = 0;
  v.ptes.forEachRun(from - v.start, to - v.start, (_index, len, pte) => {
    if (pte === PTE_NONE || (write && pte !== PTE_GUARD)) pages += len;
  });
  return pages;
}
// Stryker restore all

/**
 * mm/gup.c:__get_user_pages over [start, start + count): page by page in the kernel, looking
 * each VMA up, checking it, and faulting in what is not there yet; here run by run of PTEs
 * where every page of the run fares the same (faultRun.ts), page by page otherwise. Its one
 * answer is the error it stopped at: no caller here reads how many pages it got (__mm_populate
 * and faultin_page_range use the count only to go on after a walk that stopped short with
 * mmap_lock dropped, which this walk never does: populateSteps.ts models that), so the pages
 * done are not returned.
 */
export function getUserPages(tx: Tx, start: Vpn, count: number, gup: GupFlags): GupError | null {
  const write = hasFoll(gup, FOLL_WRITE);
  const madvise = hasFoll(gup, FOLL_MADV_POPULATE);
  const end = start + count;
  // Stryker disable next-line all: the model limit's bookkeeping (singlePages)
  let checked = -1;
  let i = -1;
  for (let vpn = start; vpn < end;) {
    const cur = vmaAt(tx.mm.vmas, i);
    if (cur === undefined || vpn >= cur.end) {
      i = findVma(tx.mm.vmas, vpn);
      const v = vmaAt(tx.mm.vmas, i);
      // With FOLL_MADV_POPULATE a hole is ENOMEM and an unsuitable VMA EINVAL (6.9+).
      if (v === undefined) return madvise ? 'ENOMEM' : 'EFAULT';
      if (!vmaAllowsGup(tx, v, gup)) return madvise ? 'EINVAL' : 'EFAULT';
    }
    const v = tx.mm.vmas[i];
    if (v === undefined) throw new Error('getUserPages: lost the VMA');
    const index = vpn - v.start;
    let len = Math.min(v.ptes.runLength(index), end - vpn);
    // The environment answers page by page: runs stop before an injected page.
    const injected = !tx.env.empty && tx.env.firstIn(vpn, vpn + len) === vpn;
    if (!tx.env.empty) len = injected ? 1 : tx.env.firstIn(vpn, vpn + len) - vpn;
    const present =
      !tx.env.empty && tx.env.poisoned(vpn)
        ? 0
        : satisfiedPrefix(tx, v, v.ptes.at(index), len, write);
    if (present > 0) {
      followTouch(tx, i, vpn, present, write);
      followMlock(tx, i, vpn, present, gup);
      vpn += present;
      continue;
    }
    if (tx.model.decisions.faultinPage(gup) === 'skip') {
      vpn += len;
      continue;
    }
    const faulted = injected ? 0 : faultRun(tx, i, vpn, len, write);
    if (faulted > 0) {
      followMlock(tx, i, vpn, faulted, gup);
      vpn += faulted;
      continue;
    }
    // Stryker disable all: the model limit of singlePages (see there), not a kernel behaviour
    if (checked !== i) {
      checked = i;
      const single = singlePages(v, vpn, Math.min(end, v.end), write);
      if (single > MODEL_MAX_SINGLE_PAGES) throw new ModelLimitError('faulting in', BigInt(single));
    }
    // Stryker restore all
    const fault = handleFault(tx, i, vpn, write);
    if (fault !== 'ok') return gupError(fault, gup);
    followMlock(tx, i, vpn, 1, gup);
    vpn++;
  }
  return null;
}

/** mm/gup.c:populate_vma_page_range — one VMA piece; null gup flags mean "all done". */
export function populateVmaPageRange(tx: Tx, v: Vma, start: Vpn, end: Vpn): GupError | null {
  const gup = tx.model.decisions.populateGupFlags(v.flags);
  if (gup === null) return null;
  // PROT_NONE: -EFAULT before GUP runs, and so before its lru_add_drain() (semantics 2.6).
  if (!hasAny(v.flags, VM_ACCESS_FLAGS)) return 'EFAULT';
  const error = getUserPages(tx, start, end - start, gup);
  lruAddDrain(tx);
  return error;
}

/**
 * mm/gup.c:__mm_populate — populate every VMA that intersects [start, end), skipping holes and
 * VM_IO|VM_PFNMAP VMAs. With `ignoreErrors` (mm_populate: mmap, mlockall, mremap) a failing
 * VMA is left and the walk goes on; without (mlock) the first error is returned.
 */
export function mmPopulate(tx: Tx, start: Vpn, end: Vpn, ignoreErrors: boolean): GupError | null {
  let i = firstEndingAfter(tx.mm.vmas, start);
  for (; i < tx.mm.vmas.length; i++) {
    const v = tx.mm.vmas[i];
    if (v === undefined || v.start >= end) break;
    if (tx.model.decisions.populateSkipsVma(v.flags)) continue;
    const err = populateVmaPageRange(tx, v, Math.max(start, v.start), Math.min(end, v.end));
    // A retry without progress never returns, ignored errors or not.
    if (err !== null && (!ignoreErrors || tx.env.hung)) return err;
  }
  return null;
}

/** mm/gup.c:faultin_page_range's gup flags: no FOLL_FORCE, no VM_LOCKONFAULT shortcut. */
export const faultinGupFlags = (write: boolean): GupFlags =>
  gupFlags(
    FOLL_TOUCH | FOLL_HWPOISON | FOLL_UNLOCKABLE | FOLL_MADV_POPULATE | (write ? FOLL_WRITE : 0),
  );

/** mm/gup.c:faultin_page_range — MADV_POPULATE_READ/WRITE. */
export function faultinPageRange(tx: Tx, start: Vpn, end: Vpn, write: boolean): GupError | null {
  const error = getUserPages(tx, start, end - start, faultinGupFlags(write));
  // Verified: even a MADV_POPULATE_* that fails on its first page drains the mlock batch.
  lruAddDrain(tx);
  return error;
}

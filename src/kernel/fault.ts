// The page-fault handler (mm/memory.c:handle_mm_fault and its do_*_fault helpers), as user
// accesses and GUP reach it: what a fault maps, when it copies (COW), and when it mlocks.

import { markDirty } from './dirty.js';
import { type EnvAnswer, MAX_FAULT_RETRIES } from './environment.js';
import { faultAround } from './faultAround.js';
import { hugeFault } from './hugePmd.js';
import { cachePage } from './pageCache.js';
import { mapPage, newPage, unmapCopiedPtes } from './pages.js';
import { PTE_GUARD, PTE_NONE, PTE_ZERO, type Vma, vmaWith } from './state.js';
import type { Tx } from './tx.js';
import { replaceVma, vmaAt } from './vmaList.js';
import {
  VM_ACCESS_FLAGS,
  VM_IO,
  VM_PFNMAP,
  VM_SHARED,
  hasAny,
  vmFlags,
  withoutFlags,
  xorFlags,
} from '../uapi/vmFlags.js';

/** The fault handler's answer; the environment's answers (environment.ts) only when injected. */
export type FaultResult = 'ok' | 'SIGBUS' | 'SIGSEGV' | EnvAnswer;

/** mm/rmap.c:anon_vma_compatible — may `b`, right after `a`, share its anon_vma? */
function anonVmaCompatible(a: Vma, b: Vma): boolean {
  const differ = withoutFlags(xorFlags(a.flags, b.flags), VM_ACCESS_FLAGS);
  return (
    a.end === b.start &&
    differ === 0 &&
    a.backing.kind === b.backing.kind &&
    (a.backing.kind !== 'file' ||
      (b.backing.kind === 'file' && a.backing.file === b.backing.file)) &&
    b.pgoff === a.pgoff + (a.end - a.start)
  );
}

/**
 * mm/rmap.c:__anon_vma_prepare — the first anonymous page of a VMA gives it an anon_vma,
 * reusing a compatible neighbour's (next first, then prev: find_mergeable_anon_vma), so that
 * VMAs split from each other and faulted later can still merge.
 */
export function prepareAnonVma(tx: Tx, i: number): Vma {
  const v = tx.mm.vmas[i];
  if (v === undefined) throw new Error(`prepareAnonVma: no VMA at ${i}`);
  if (v.anonVma !== 0) return v;
  const next = tx.mm.vmas[i + 1];
  const prev = vmaAt(tx.mm.vmas, i - 1);
  const reusable = (old: Vma | undefined, a: Vma | undefined, b: Vma | undefined): boolean =>
    old !== undefined &&
    a !== undefined &&
    b !== undefined &&
    old.anonVma !== 0 &&
    !old.anonVmaForked &&
    anonVmaCompatible(a, b);
  let anonVma: number;
  if (reusable(next, v, next) && next !== undefined) anonVma = next.anonVma;
  else if (reusable(prev, prev, v) && prev !== undefined) anonVma = prev.anonVma;
  else anonVma = tx.newAnonVma();
  const updated = vmaWith(v, v.start, v.end, v.flags, v.pgoff, v.ptes, anonVma);
  replaceVma(tx, i, updated);
  return updated;
}

/** A new anonymous page, copied from `from` (a page id, or the zero page), for vmas[i]. */
function cowPage(tx: Tx, i: number, index: number, from: number): void {
  const v = prepareAnonVma(tx, i);
  const data = from > 0 ? tx.page(from).data : null;
  const id = newPage(tx, -1, data);
  // mm/memory.c:wp_page_copy — the old page leaves this mapping first (munlocked if the VMA is
  // locked), then the copy is mapped (and mlocked by the fault path).
  unmapCopiedPtes(tx, v.ptes.at(index), 1, v.flags);
  mapPage(tx, id, v.flags, true);
  tx.setPte(i, index, id);
}

/**
 * Whether an access to page `vpn` (PTE `pte`) faults into handle_mm_fault, where the
 * environment answers: a missing page, a write that must copy, or a poisoned page (its PTE is a
 * hwpoison entry in the kernel, whatever the model's PTE says).
 */
function reachesHandler(
  tx: Tx,
  vpn: number,
  pte: number,
  write: boolean,
  shared: boolean,
): boolean {
  if (tx.env.poisoned(vpn) || pte === PTE_NONE) return true;
  if (!write || shared) return false;
  if (pte === PTE_ZERO) return true;
  const p = tx.page(pte);
  return !(p.file === -1 && p.mapCount === 1);
}

/**
 * The fault as its callers run it: a VM_FAULT_RETRY is retried (GUP's callers and the x86
 * fault handler retake mmap_lock and fault again), within the step budget; past it the call
 * never returns: `tx.env.hung` is set and 'RETRY' returned, for the caller to stop at.
 */
export function handleFault(tx: Tx, i: number, vpn: number, write: boolean): FaultResult {
  for (let tries = 0; tries <= MAX_FAULT_RETRIES; tries++) {
    const r = faultPage(tx, i, vpn, write);
    if (r !== 'RETRY') return r;
  }
  tx.env.hung = true;
  return 'RETRY';
}

/**
 * Fault page `vpn` of vmas[i] in, for reading or writing. Permissions are the caller's
 * business (a user access checks the VMA's protection; GUP checks its own flags).
 */
export function faultPage(tx: Tx, i: number, vpn: number, write: boolean): FaultResult {
  const v = tx.mm.vmas[i];
  if (v === undefined) throw new Error(`faultPage: no VMA at ${i}`);
  const index = vpn - v.start;
  const pte = v.ptes.at(index);
  const shared = hasAny(v.flags, VM_SHARED);
  if (pte === PTE_GUARD) return 'SIGSEGV';
  if (!tx.env.empty && reachesHandler(tx, vpn, pte, write, shared)) {
    const answer = tx.env.answer(vpn);
    if (answer !== null) return answer;
  }
  if (v.backing.kind === 'special' || hasAny(v.flags, vmFlags(VM_PFNMAP | VM_IO))) {
    // [vvar] and [vdso] map the kernel's own page frames: present once touched.
    if (pte === PTE_NONE) {
      const id = newPage(tx, -2, null);
      mapPage(tx, id, v.flags);
      tx.setPte(i, index, id);
    }
    return 'ok';
  }
  // A fault under a huge PMD, or one that may map one (hugePmd.ts).
  if (v.backing.kind === 'anon' && hugeFault(tx, i, vpn, write, (j) => prepareAnonVma(tx, j)) > 0)
    return 'ok';
  if (pte === PTE_NONE) {
    if (v.backing.kind === 'anon') {
      // mm/memory.c:do_anonymous_page — a read maps the shared zero page.
      if (!write) tx.setPte(i, index, PTE_ZERO);
      else cowPage(tx, i, index, PTE_ZERO);
      return 'ok';
    }
    if (v.backing.kind !== 'file') throw new Error('faultPage: a special mapping has no file');
    // mm/memory.c:do_read_fault — map what the page cache already holds around the address.
    if (!write && faultAround(tx, i, vpn)) return 'ok';
    const page = cachePage(tx, v.backing.file, v.pgoff + index);
    if (page !== 'SIGBUS' && !write && faultAround(tx, i, vpn)) return 'ok';
    if (page === 'SIGBUS') return 'SIGBUS';
    // mm/memory.c:do_cow_fault — a write to a private file mapping copies the cache page.
    if (write && !shared) {
      cowPage(tx, i, index, page);
      return 'ok';
    }
    mapPage(tx, page, v.flags);
    tx.setPte(i, index, page);
    // mm/memory.c:do_shared_fault — fault_dirty_shared_page.
    if (write) markDirty(tx, page);
    return 'ok';
  }
  if (!write || shared) return 'ok';
  if (pte === PTE_ZERO) {
    cowPage(tx, i, index, PTE_ZERO);
    return 'ok';
  }
  // mm/memory.c:do_wp_page — an anonymous page only this PTE maps is reused; a page-cache page
  // or one shared with a fork child is copied.
  const p = tx.page(pte);
  if (p.file === -1 && p.mapCount === 1) return 'ok';
  cowPage(tx, i, index, pte);
  return 'ok';
}

// madvise(2) (mm/madvise.c): validation, the VMA walk with its ENOMEM-for-holes rule, and the
// advice that touches locking or population: MADV_POPULATE_READ/WRITE, MADV_DONTNEED(_LOCKED),
// MADV_WILLNEED, MADV_COLD/PAGEOUT. Other valid advice is accepted and changes nothing the
// observables show (spec/limitations.md).

import { reclaimPageTables } from './pageTables.js';
import { offsetInPage, pageAlign, pagesIn, toVpn, u64, asInt } from './addr.js';
import { lruAddDrain, zapFinish } from './mlockBatch.js';
import { readIn } from './pageCache.js';
import { unmapPtes } from './pages.js';
import { faultinPageRange, populateVmaPageRange } from './populate.js';
import { faultinAfterUnlock } from './populateSteps.js';
import { type Result, err, ok } from './result.js';
import { PTE_GUARD, PTE_NONE, type Vma, vmaWithPtes, mmWithVmas } from './state.js';
import { guardInstall, guardRemove } from './guard.js';
import { zapHugePmds } from './hugePmd.js';
import { hugepageMadvise } from './hugepageMadvise.js';
import { forkMadvise } from './forkMadvise.js';
import type { Tx } from './tx.js';
import * as U from '../uapi/constants.js';
import { firstEndingAfter, replaceVma } from './vmaList.js';
import {
  VM_ACCESS_FLAGS,
  VM_HUGETLB,
  VM_IO,
  VM_LOCKED,
  VM_PFNMAP,
  VM_SHARED,
  VM_WRITE,
} from '../uapi/vmFlags.js';
import { hasAny, vmFlags } from '../uapi/vmFlags.js';

type Visit = (
  tx: Tx,
  i: number,
  start: number,
  end: number,
) => 'EINVAL' | 'EACCES' | 'ENOMEM' | 'EFAULT' | 'EHWPOISON' | null;

/** mm/madvise.c:zap_page_range_single — drop the PTEs; the pages are munlocked as they go. */
function zap(tx: Tx, i: number, start: number, end: number): void {
  // Every caller passes the index of a VMA the walk found.
  const v = tx.mm.vmas[i] as Vma;
  // NOTE: like munmap, zap_page_range_single leaves the munlocks it queues pending on 6.18
  // (verified), drained at its end where zapFreeDrainsMlockBatch holds.
  zapHugePmds(tx, v, start, end);
  let ptes = v.ptes;
  let gathered = false;
  v.ptes.forEachRun(start - v.start, end - v.start, (index, len, pte) => {
    // Guard markers survive a zap (mm/memory.c:zap_pte_range keeps them).
    if (pte === PTE_GUARD) return;
    if (pte > 0) gathered = true;
    unmapPtes(tx, pte, len, v.flags);
    ptes = ptes.with(index, index + len, PTE_NONE);
  });
  replaceVma(tx, i, vmaWithPtes(v, ptes));
  zapFinish(tx, gathered);
}

/** madvise_dontneed_free_valid_vma: VM_PFNMAP never; VM_LOCKED only for DONTNEED_LOCKED. */
const dontneed =
  (locked: boolean): Visit =>
  (tx, i, start, end) => {
    const v = tx.mm.vmas[i] as Vma;
    const forbidden = locked ? VM_PFNMAP : vmFlags(VM_PFNMAP | VM_LOCKED);
    if (hasAny(v.flags, forbidden)) return 'EINVAL';
    zap(tx, i, start, end);
    if (tx.model.decisions.ptReclaim) reclaimPageTables(tx, start, end);
    return null;
  };

/**
 * MADV_COLD / MADV_PAGEOUT: refused on locked, PFN-mapped and hugetlb VMAs
 * (can_madv_lru_vma). COLD only ages pages, which nothing here observes.
 */
const lruAdvice: Visit = (tx, i) => {
  const v = tx.mm.vmas[i] as Vma;
  return hasAny(v.flags, vmFlags(VM_LOCKED | VM_PFNMAP | VM_HUGETLB)) ? 'EINVAL' : null;
};

/**
 * MADV_PAGEOUT (mm/madvise.c:madvise_pageout, madvise_cold_or_pageout_pte_range;
 * mm/vmscan.c:reclaim_pages, shrink_folio_list): after lru_add_drain, every present page that
 * this PTE alone maps and that is evictable is reclaimed at once. With no swap an anonymous
 * page stays (add_to_swap fails before any unmap). A page-cache page is unmapped
 * (try_to_unmap); a clean one of a regular file then leaves the cache (__remove_mapping),
 * while a dirty one stays cached, since only kswapd writes file pages back, and so does a
 * shmem page, which has no swap to go to. secretmem pages are never on an LRU. Measured on
 * the host 6.18 and the 6.1 and 6.12 guests (litmus MADV_PAGEOUT+file). NOTE: MADV_FREE's
 * lazyfree pages, which this reclaim would discard, are not modelled (spec/limitations.md).
 */
const pageout: Visit = (tx, i, start, end) => {
  const refused = lruAdvice(tx, i, start, end);
  if (refused !== null) return refused;
  lruAddDrain(tx);
  const v = tx.mm.vmas[i] as Vma;
  let ptes = v.ptes;
  const dropped = new Map<number, number[]>();
  v.ptes.forEachRun(start - v.start, end - v.start, (index, len, pte) => {
    if (pte <= 0) return;
    for (let k = 0; k < len; k++) {
      const p = tx.page(pte + k);
      if (p.file < 0 || p.mapCount !== 1 || p.mlocked || p.unevictable) continue;
      const kind = tx.file(p.file).kind;
      if (kind === 'secretmem') continue;
      unmapPtes(tx, pte + k, 1, v.flags);
      ptes = ptes.with(index + k, index + k + 1, PTE_NONE);
      if (kind === 'regular' && !p.dirty)
        dropped.set(p.file, [...(dropped.get(p.file) ?? []), pte + k]);
    }
  });
  replaceVma(tx, i, vmaWithPtes(v, ptes));
  for (const [fileId, ids] of dropped) {
    const file = tx.file(fileId);
    const gone = new Set(ids);
    const cache = new Map([...file.cache].filter(([, id]) => !gone.has(id)));
    tx.setFile(fileId, { ...file, cache });
  }
  return null;
};

/** MADV_FREE: anonymous private only, and like DONTNEED not on locked VMAs. NOTE: the pages
 * stay until reclaim, which never comes in a trace. */
const free: Visit = (tx, i) => {
  const v = tx.mm.vmas[i] as Vma;
  if (v.backing.kind !== 'anon' || hasAny(v.flags, vmFlags(VM_PFNMAP | VM_LOCKED))) return 'EINVAL';
  return null;
};

/** MADV_REMOVE (mm/madvise.c:madvise_remove): punches a hole in the file behind a shared mapping. */
const remove: Visit = (tx, i, start, end) => {
  const v = tx.mm.vmas[i] as Vma;
  if (hasAny(v.flags, VM_LOCKED) || v.backing.kind !== 'file') return 'EINVAL';
  // Not a shared writable mapping (vma_is_shared_maywrite): EACCES, as madvise.2 lists it
  // (measured: a private file mapping on the host and the 5.10, 6.1, 6.12 guests). Every file
  // here is opened for writing, so a shared mapping has VM_MAYWRITE; 5.10 asks for VM_WRITE.
  if (!hasAny(v.flags, VM_SHARED)) return 'EACCES';
  if (tx.model.decisions.madviseRemoveNeedsVmWrite && !hasAny(v.flags, VM_WRITE)) return 'EACCES';
  zap(tx, i, start, end);
  const file = tx.file(v.backing.file);
  const hole = new Set<number>();
  for (let vpn = start; vpn < end; vpn++) {
    const id = file.cache.get(v.pgoff + vpn - v.start);
    if (id !== undefined) hole.add(id);
  }
  unmapMappingRange(tx, hole);
  // Truncating the hole releases folio batches, and __folio_batch_release drains.
  lruAddDrain(tx);
  const cache = new Map(file.cache);
  for (let vpn = start; vpn < end; vpn++) cache.delete(v.pgoff + vpn - v.start);
  tx.setFile(v.backing.file, { ...file, cache });
  return null;
};

/**
 * The punch hole's unmap_mapping_range (mm/shmem.c:shmem_fallocate): every other mapping of the
 * pages the hole takes out of the file loses them too, shared or private, in every process; a
 * private mapping's COW copy is another page and stays (even_cows is 0). Measured on the host
 * 6.18: a second shared mapping's present page is gone (litmus MADV_REMOVE+PROT_READ_shared).
 */
function unmapMappingRange(tx: Tx, hole: ReadonlySet<number>): void {
  if (hole.size === 0) return;
  let gathered = false;
  const strip = (v: Vma): Vma => {
    if (v.backing.kind !== 'file') return v;
    let ptes = v.ptes;
    v.ptes.forEachRun(0, v.end - v.start, (index, len, pte) => {
      if (pte <= 0) return;
      for (let k = 0; k < len; k++) {
        if (!hole.has(pte + k)) continue;
        unmapPtes(tx, pte + k, 1, v.flags);
        ptes = ptes.with(index + k, index + k + 1, PTE_NONE);
        gathered = true;
      }
    });
    return ptes === v.ptes ? v : vmaWithPtes(v, ptes);
  };
  tx.mm.vmas.forEach((v, i) => {
    const stripped = strip(v);
    if (stripped !== v) replaceVma(tx, i, stripped);
  });
  const parents = tx.parents().map((mm) => {
    const vmas = mm.vmas.map(strip);
    return vmas.some((v, i) => v !== mm.vmas[i]) ? mmWithVmas(mm, vmas) : mm;
  });
  if (parents.some((mm, i) => mm !== tx.parents()[i])) tx.setParents(parents);
  zapFinish(tx, gathered);
}

/**
 * MADV_WILLNEED (mm/madvise.c:madvise_willneed): readahead of a file's range into the page
 * cache, mapping nothing; a later read fault then maps the block around it (fault-around).
 * A VMA with no file (anonymous, or a special mapping) or a shmem one is swapped in instead
 * (CONFIG_SWAP: the swapin walk, shmem_swapin_range), and then this CPU's batches are drained
 * (lru_add_drain, there since the swap prefetch of 3.9 in every version modelled), so a pending
 * munlock settles. Measured on the host 6.18: litmus MADV_WILLNEED+pending_munlock. With no swap
 * nothing is read in; a secretmem file takes the readahead path, which reads nothing in.
 */
const willneed: Visit = (tx, i, start, end) => {
  const v = tx.mm.vmas[i] as Vma;
  if (v.backing.kind !== 'file') {
    lruAddDrain(tx);
    return null;
  }
  const kind = tx.file(v.backing.file).kind;
  if (kind === 'shmem') lruAddDrain(tx);
  if (kind === 'regular')
    readIn(tx, v.backing.file, v.pgoff + (start - v.start), v.pgoff + (end - v.start));
  return null;
};

const noEffect: Visit = () => null;

/**
 * The 2021 MADV_POPULATE RFC (madvise_populate): VM_IO|VM_PFNMAP and PROT_NONE VMAs are
 * EINVAL, the rest is populated as mm_populate does (populate_vma_page_range: its gup flags,
 * its VM_LOCKONFAULT shortcut), and any error of the fault-in (a page past EOF) is ENOMEM.
 */
const populateVma: Visit = (tx, i, start, end) => {
  const v = tx.mm.vmas[i] as Vma;
  if (hasAny(v.flags, vmFlags(VM_IO | VM_PFNMAP)) || !hasAny(v.flags, VM_ACCESS_FLAGS))
    return 'EINVAL';
  return populateVmaPageRange(tx, v, start, end) === null ? null : 'ENOMEM';
};

/** mm/madvise.c:madvise_populate (5.14 to 6.8) — one VMA's part, inside the VMA walk. */
function populatePerVma(write: boolean): Visit {
  return (tx, _i, start, end) => faultinPageRange(tx, start, end, write);
}

/** The advice that acts VMA by VMA, each with what it does to one VMA's part. */
const VISITORS: ReadonlyMap<number, Visit> = new Map([
  [U.MADV_DONTNEED, dontneed(false)],
  [U.MADV_DONTNEED_LOCKED, dontneed(true)],
  [U.MADV_COLD, lruAdvice],
  [U.MADV_PAGEOUT, pageout],
  [U.MADV_FREE, free],
  [U.MADV_WILLNEED, willneed],
  [U.MADV_REMOVE, remove],
  [U.MADV_GUARD_INSTALL, guardInstall],
  [U.MADV_GUARD_REMOVE, guardRemove],
  [U.MADV_HUGEPAGE, hugepageMadvise(true)],
  [U.MADV_NOHUGEPAGE, hugepageMadvise(false)],
  [U.MADV_DONTFORK, forkMadvise(U.MADV_DONTFORK)],
  [U.MADV_DOFORK, forkMadvise(U.MADV_DOFORK)],
  [U.MADV_WIPEONFORK, forkMadvise(U.MADV_WIPEONFORK)],
  [U.MADV_KEEPONFORK, forkMadvise(U.MADV_KEEPONFORK)],
]);

const visitorFor = (advice: number): Visit => VISITORS.get(advice) ?? noEffect;

/** mm/madvise.c:madvise_walk_vmas — holes do not stop the walk; ENOMEM is returned at the end. */
function walk(tx: Tx, start: number, end: number, visit: Visit): Result {
  let unmapped = false;
  let s = start;
  let i = firstEndingAfter(tx.mm.vmas, s);
  for (;;) {
    const v = tx.mm.vmas[i];
    if (v === undefined) return err('ENOMEM');
    if (s < v.start) {
      unmapped = true;
      s = v.start;
      if (s >= end) break;
    }
    const tmp = Math.min(v.end, end);
    const e = visit(tx, i, s, tmp);
    if (e !== null) return err(e);
    s = tmp;
    if (s >= end) break;
    i = firstEndingAfter(tx.mm.vmas, s);
  }
  return unmapped ? err('ENOMEM') : ok(0n);
}

export function sysMadvise(tx: Tx, start: bigint, lenIn: bigint, advice64: bigint): Result {
  const advice = asInt(advice64);
  if (!tx.model.decisions.madviseBehaviorValid(advice)) return err('EINVAL');
  if (offsetInPage(start) !== 0n) return err('EINVAL');
  const len = pageAlign(lenIn);
  if (lenIn !== 0n && len === 0n) return err('EINVAL');
  const end = start + len;
  if (u64(end) !== end) return err('EINVAL');
  if (end === start) return ok(0n);
  const s = toVpn(start);
  const e = s + pagesIn(len);
  const populate = tx.model.decisions.madvisePopulate(advice);
  if ((populate === 'read' || populate === 'write') && tx.model.decisions.madvisePopulateInVmaWalk)
    return walk(tx, s, e, populatePerVma(populate === 'write'));
  if (populate === 'read' || populate === 'write') {
    const error = faultinAfterUnlock(tx, s, e, populate === 'write');
    return error === null ? ok(0n) : err(error);
  }
  if (populate === 'EINVAL') return err('EINVAL');
  if (populate === 'populate-vma') return walk(tx, s, e, populateVma);
  return walk(tx, s, e, visitorFor(advice));
}

// The simulator's state: address spaces (mm), their VMAs, the pages they map, and the files
// behind them. States are immutable values: a step builds a new state and shares everything it
// did not change, so the explorer can keep millions of them and copies are cheap.

import type { PageRuns } from './pageRuns.js';
import type { PmdRanges } from './pmdRanges.js';
import type { PteRuns } from './pteRuns.js';
import type { VmFlags } from '../uapi/vmFlags.js';

/** A virtual page number: a user address >> PAGE_SHIFT. */
export type Vpn = number;

/** PTE contents: no page, the shared zero page, or a page of the page table below. */
export const PTE_NONE = 0;
export const PTE_ZERO = -1;
/** A guard marker (MADV_GUARD_INSTALL, 6.13): any access faults with SIGSEGV. */
export const PTE_GUARD = -3;
/** A page id (> 0), PTE_NONE or PTE_ZERO. */
export type Pte = number;

/** What a VMA maps. `anon` is private anonymous memory; the others name a file object. */
export type Backing =
  | { readonly kind: 'anon' }
  /** A mapping the kernel installs with its own pages ([vvar], [vdso]). */
  | { readonly kind: 'special' }
  | { readonly kind: 'file'; readonly file: number };

/** The backing of every anonymous VMA the step makes: one immutable object, not one a VMA. */
export const ANON: Backing = { kind: 'anon' };

export interface Vma {
  readonly start: Vpn;
  readonly end: Vpn;
  readonly flags: VmFlags;
  readonly backing: Backing;
  /** Offset in pages into the file; for anonymous memory the vpn the VMA was created at. */
  readonly pgoff: number;
  /** Identity of the anon_vma (0: none yet). Decides which neighbours may merge. */
  readonly anonVma: number;
  /**
   * The anon_vma was inherited through fork: its chain is not singular, so the VMA merges
   * only with a neighbour of the same anon_vma (mm/vma.c:is_mergeable_anon_vma).
   */
  readonly anonVmaForked: boolean;
  /** Index = vpn - start, kept as runs (pteRuns.ts): memory grows with what is touched. */
  readonly ptes: PteRuns;
  /** `[vvar]`, `[vdso]`, `[stack]`, `[heap]`: mappings the process had before the trace. */
  readonly name: string | null;
}

/**
 * A VMA, built by the one object literal every VMA comes from. V8 gives objects with the same
 * fields different hidden classes when they are built at different sites (a spread, a literal
 * elsewhere, fields stored in another order): the kernel's VMAs had eight, which made every
 * read of a VMA's field in the step, the properties and the codec megamorphic. So VMAs are
 * made here, or by vmaWith and vmaWithPtes, never by a literal or a spread of their own.
 */
export function newVma(
  start: Vpn,
  end: Vpn,
  flags: VmFlags,
  backing: Backing,
  pgoff: number,
  anonVma: number,
  anonVmaForked: boolean,
  ptes: PteRuns,
  name: string | null,
): Vma {
  return { start, end, flags, backing, pgoff, anonVma, anonVmaForked, ptes, name };
}

/** `v` with its extent, flags, pgoff, PTEs and anon_vma replaced (see newVma). */
export function vmaWith(
  v: Vma,
  start: Vpn,
  end: Vpn,
  flags: VmFlags,
  pgoff: number,
  ptes: PteRuns,
  anonVma: number = v.anonVma,
  anonVmaForked: boolean = v.anonVmaForked,
): Vma {
  return newVma(start, end, flags, v.backing, pgoff, anonVma, anonVmaForked, ptes, v.name);
}

/** `v` with its PTEs replaced. */
export const vmaWithPtes = (v: Vma, ptes: PteRuns): Vma =>
  vmaWith(v, v.start, v.end, v.flags, v.pgoff, ptes);

/** A page of memory: anonymous, or in a file's page cache. */
export interface Page {
  /** PG_mlocked: what /proc/kpageflags shows as KPF_MLOCKED. */
  readonly mlocked: boolean;
  /** PG_unevictable: on the unevictable LRU, where mlock_count is kept. */
  readonly unevictable: boolean;
  /**
   * folio->mlock_count: how many locked mappings have mlocked it, as the per-CPU batch has
   * counted so far. Approximate, erring low (mm/mlock.c), and meaningful only while unevictable.
   */
  readonly mlockCount: number;
  /** How many PTEs map it, in every process (folio_mapcount). */
  readonly mapCount: number;
  /** Page-cache page of this file object (-1 for anonymous pages). */
  readonly file: number;
  /** Bytes written to it, by offset; unwritten bytes read as 0. */
  readonly data: ReadonlyMap<number, number> | null;
  /** PG_dirty, KPF_DIRTY: set on page-cache pages only (dirty.ts says when). */
  readonly dirty: boolean;
}

/**
 * `p` with its lock and map state replaced: a plain literal in the one field order, not a
 * spread, so every page object shares one shape and the hot paths reading them stay fast.
 */
export function pageWith(
  p: Page,
  mlocked: boolean,
  unevictable: boolean,
  mlockCount: number,
  mapCount: number,
): Page {
  return { mlocked, unevictable, mlockCount, mapCount, file: p.file, data: p.data, dirty: p.dirty };
}

export type FileKind = 'regular' | 'shmem' | 'secretmem';

/** An open file object: a tmpfile, the shmem object of a shared anonymous mapping, secretmem. */
export interface FileObject {
  readonly kind: FileKind;
  /** i_size in bytes. */
  readonly size: number;
  /** The page cache: page index -> page id. */
  readonly cache: ReadonlyMap<number, number>;
  /**
   * The backing device's readahead window in pages (bdi->ra_pages): a regular file's missing
   * page is read with this many around it (pageCache.ts); 0 reads the page alone (shmem,
   * secretmem, a FUSE file whose server answered FUSE_INIT with max_readahead 0).
   */
  readonly raPages: number;
}

/** One address space and the process attributes the locking calls read. */
export interface Mm {
  /** Sorted by start, non-overlapping. */
  readonly vmas: readonly Vma[];
  /** VM_LOCKED / VM_LOCKONFAULT that new mappings inherit (mm->def_flags). */
  readonly defFlags: VmFlags;
  /** mm->locked_vm, in pages. */
  readonly lockedVm: number;
  /**
   * Soft RLIMIT_MEMLOCK in bytes, a 64-bit value kept exact (bigint); null for RLIM_INFINITY.
   * Page counts stay numbers: every one is below 2^53 (addr.ts:limitPages).
   */
  readonly rlimitMemlock: bigint | null;
  readonly capIpcLock: boolean;
  /**
   * The rest of the process that no VMA here stands for (program text, data, libraries):
   * its size in pages, and the lock bits mlockall gave it. Only mlockall reads or changes it.
   */
  readonly otherPages: number;
  readonly otherLock: VmFlags;
  /** Open file descriptors: fd -> file object (fd 0-2 are taken by stdio). */
  readonly fds: ReadonlyMap<number, number>;
  /** The PMDs (vpn / 512) that have a page table (pageTables.ts), as ranges. */
  readonly pageTables: PmdRanges;
  /**
   * mm->start_brk and mm->brk (brk.ts). Absent in a process the model gives no heap (the
   * bounded checker's), where brk(2) is not in the alphabet.
   */
  readonly brkArea?: BrkArea;
  /**
   * Soft and hard RLIMIT_DATA in bytes (a trace's `rlimit DATA`); absent for RLIM_INFINITY,
   * the default, as in the bounded checker's processes.
   */
  readonly rlimitData?: bigint;
  /**
   * The trace's `thp on`: PR_SET_THP_DISABLE cleared, so a VM_HUGEPAGE VMA may fault in
   * transparent hugepages (hugePmd.ts). Absent (off) in every other process; fork and execve
   * keep it (MMF_DISABLE_THP is inherited).
   */
  readonly thp?: true;
  /**
   * The PMDs (vpn / 512) mapped by a huge PMD, each mapping one PMD-order folio of
   * KernelState.largeFolios whose 512 PTEs of the VMA hold its pages in order (hugePmd.ts).
   * Absent when none is.
   */
  readonly hugePmds?: PmdRanges;
}

/** Every field of an Mm but its VMA list, writable: a Tx's working copy is one. */
export type MmFields = { -readonly [K in keyof Omit<Mm, 'vmas'>]: Mm[K] };

/**
 * An mm, built by the one object literal every Mm comes from (see newVma: the kernel's mms had
 * five hidden classes, from spreads in fork, madvise, the codec, the symmetry and the bound's
 * own strip), the optional fields added after it in one order, and only when present.
 * Positional, so that no caller builds an object of another shape for it to read (its reads
 * of such objects made it megamorphic, and it runs for every step).
 */
export function newMm<V extends readonly Vma[]>(
  vmas: V,
  defFlags: VmFlags,
  lockedVm: number,
  rlimitMemlock: bigint | null,
  capIpcLock: boolean,
  otherPages: number,
  otherLock: VmFlags,
  fds: ReadonlyMap<number, number>,
  pageTables: PmdRanges,
  brkArea?: BrkArea,
  rlimitData?: bigint,
  thp?: true,
  hugePmds?: PmdRanges,
): MmFields & { vmas: V } {
  const copy: MmFields & { vmas: V } = {
    vmas,
    defFlags,
    lockedVm,
    rlimitMemlock,
    capIpcLock,
    otherPages,
    otherLock,
    fds,
    pageTables,
  };
  if (brkArea !== undefined) copy.brkArea = brkArea;
  if (rlimitData !== undefined) copy.rlimitData = rlimitData;
  if (thp !== undefined) copy.thp = thp;
  if (hugePmds !== undefined && !hugePmds.isEmpty) copy.hugePmds = hugePmds;
  return copy;
}

/**
 * `mm` with `vmas` for its VMA list and, if given, `pageTables` for its page tables (newMm;
 * `mm` itself made by it).
 */
export function mmWithVmas<V extends readonly Vma[]>(
  mm: Omit<Mm, 'vmas'>,
  vmas: V,
  pageTables: PmdRanges = mm.pageTables,
): MmFields & { vmas: V } {
  return newMm(
    vmas,
    mm.defFlags,
    mm.lockedVm,
    mm.rlimitMemlock,
    mm.capIpcLock,
    mm.otherPages,
    mm.otherLock,
    mm.fds,
    pageTables,
    mm.brkArea,
    mm.rlimitData,
    mm.thp,
    mm.hugePmds,
  );
}

/** The program break, in bytes: mm->brk may be unaligned; the heap VMA ends at PAGE_ALIGN(brk). */
export interface BrkArea {
  readonly startBrk: number;
  readonly brk: number;
}

/** An mlock or munlock waiting in the per-CPU mlock folio batch (mm/mlock.c:mlock_fbatch). */
export interface MlockBatchEntry {
  readonly page: number;
  /** mlock_folio, mlock_new_folio (a new anonymous page), munlock_folio */
  readonly op: 'mlock' | 'new' | 'munlock';
}

export interface KernelState {
  /** The process stack: [0] is the trace's process; each fork block pushes its child. */
  readonly procs: readonly Mm[];
  /** Every page by id, runs of identical pages kept as one (pageRuns.ts). */
  readonly pages: PageRuns;
  /**
   * The per-CPU mlock batch, oldest first. NOTE: one CPU: the executor's process may migrate
   * between the machine's CPUs, leaving entries in another CPU's batch (spec/limitations.md).
   */
  readonly mlockBatch: readonly MlockBatchEntry[];
  /**
   * Pages whose PG_mlocked may or may not have been updated yet, because an unknown number of
   * batch entries (the rest of the process's own pages) went through the batch since: each
   * reads as either until the next lru_add_drain() settles it. See mlockBatch.ts:floodBatch.
   */
  readonly mlockUncertain: readonly number[];
  readonly files: readonly FileObject[];
  readonly nextPage: number;
  readonly nextAnonVma: number;
  /**
   * The large folios (largeFolios.ts): the first page id of each PMD-order folio, ascending;
   * its pages are ids [head, head + 512). Absent when every folio is a 4 KiB page.
   */
  readonly largeFolios?: readonly number[];
}

export function currentMm(state: KernelState): Mm {
  const mm = state.procs[state.procs.length - 1];
  if (mm === undefined) throw new Error('currentMm: the state has no process');
  return mm;
}

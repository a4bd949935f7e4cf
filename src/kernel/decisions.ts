// The named decision points: the places where kernel versions and proposed designs differ.
// A model is the Linux 6.18 behaviour below with some of these replaced (src/kernel/model.ts);
// the simulator calls nothing else that a model could want to change.

import type { GupFlags } from './gup.js';
import type { VmFlags } from '../uapi/vmFlags.js';

/** What mmap knows when it decides whether to populate (mm/mmap.c:do_mmap). */
export interface MmapPopulateContext {
  /** The requested vm_flags, def_flags included, before special mappings drop VM_LOCKED. */
  readonly vmFlags: VmFlags;
  /** The MAP_* flags of the call. */
  readonly mapFlags: number;
}

export interface MlockLimitContext {
  readonly lockedVm: number;
  readonly lenPages: number;
  /** Pages of the range already in VM_LOCKED VMAs (mm/mlock.c:count_mm_mlocked_page_nr). */
  readonly alreadyLocked: number;
  /** RLIMIT_MEMLOCK in whole pages (rounded down). */
  readonly limitPages: number;
  readonly capIpcLock: boolean;
}

export interface FutureLimitContext {
  readonly vmFlags: VmFlags;
  readonly lockedVm: number;
  readonly lenPages: number;
  readonly limitPages: number;
  readonly capIpcLock: boolean;
}

export interface MlockallLimitContext {
  readonly totalVm: number;
  readonly limitPages: number;
  readonly capIpcLock: boolean;
}

/** What the fault-in step of GUP does with a page that is not present. */
export type FaultinAction = 'fault' | 'skip';

/**
 * What madvise does with an advice value that populates: fault pages in for reading or for
 * writing through faultin_page_range (MADV_POPULATE_READ/WRITE, 5.14), populate each VMA as
 * mm_populate does (`populate-vma`: populate_vma_page_range, as the 2021 MADV_POPULATE RFC
 * did), or refuse it (`EINVAL`: the advice does not exist in this design).
 */
export type MadvisePopulate = 'read' | 'write' | 'populate-vma' | 'EINVAL';

/**
 * The calls that populate a range once their write-locked section is done (mm_populate and
 * faultin_page_range): the place where another thread of the process can come between.
 */
export type PopulateCaller = 'mmap' | 'brk' | 'mremap' | 'mlock' | 'mlockall' | 'madvise';

/** mlock2's answer to a flags word: the VM lock bits to set, or why the call fails first. */
export type Mlock2LockBits = VmFlags | 'EINVAL' | 'ENOSYS';

/** What may_expand_vm's RLIMIT_DATA check reads (mm/vma.c). */
export interface DataLimitContext {
  /** The flags of the mapping that grows (is_data_mapping decides whether it counts). */
  readonly vmFlags: VmFlags;
  /** mm->data_vm in pages. */
  readonly dataVm: number;
  readonly lenPages: number;
  /** Soft and hard RLIMIT_DATA in whole pages (rounded down). */
  readonly limitPages: number;
  readonly hardLimitPages: number;
  /** Whether the soft limit is 0 bytes (not merely under a page). */
  readonly softLimitZero: boolean;
}

export interface Decisions {
  /** mm/mmap.c:do_mmap — populate the new mapping once mmap_lock is dropped? */
  mmapPopulates(ctx: MmapPopulateContext): boolean;
  /** mm/mlock.c:apply_mlockall_flags — def_flags after a successful mlockall(flags). */
  mlockallDefFlags(defFlags: VmFlags, mclFlags: number): VmFlags;
  /**
   * mm/mlock.c:apply_mlockall_flags — the lock bits mlockall(flags) gives every existing VMA,
   * or null to leave existing VMAs as they are.
   */
  mlockallVmaLockBits(mclFlags: number): VmFlags | null;
  /** mm/mlock.c:apply_mlockall_flags(0) — def_flags after munlockall(). */
  munlockallDefFlags(defFlags: VmFlags): VmFlags;
  /**
   * mm/gup.c:populate_vma_page_range — the gup flags used to populate a VMA with these flags
   * (mlock, MAP_LOCKED, MAP_POPULATE, mlockall, mremap growth), or null to return at once.
   */
  populateGupFlags(vmaFlags: VmFlags): GupFlags | null;
  /** mm/gup.c:faultin_page — with these gup flags, fault a missing page in or skip it? */
  faultinPage(gup: GupFlags): FaultinAction;
  /** mm/mlock.c:do_mlock — the mlock/mlock2 RLIMIT_MEMLOCK check (ENOMEM). */
  mlockLimitOk(ctx: MlockLimitContext): boolean;
  /** mm/mmap.c:mlock_future_ok — mmap, mremap growth, stack growth (EAGAIN / SIGSEGV). */
  futureLimitOk(ctx: FutureLimitContext): boolean;
  /** mm/mlock.c:mlockall — the MCL_CURRENT check against the whole address space (ENOMEM). */
  mlockallLimitOk(ctx: MlockallLimitContext): boolean;
  /** kernel/fork.c:dup_mmap — the flags a child's copy of a VMA keeps. */
  forkVmaFlags(flags: VmFlags): VmFlags;
  /** kernel/fork.c:mm_init — the def_flags a new mm starts with: fork's child, execve's new image. */
  forkDefFlags(parentDefFlags: VmFlags): VmFlags;
  /** mm/mremap.c — locked_vm after MREMAP_DONTUNMAP of a VM_LOCKED VMA: charged again? */
  mremapDontunmapChargesTwice: boolean;
  /**
   * mm/mremap.c — MREMAP_DONTUNMAP of part of a VM_LOCKED VMA: is the moved range split off
   * and only it unlocked (true), or does the whole source VMA lose VM_LOCKED_MASK (false)?
   */
  mremapDontunmapUnlocksOnlyRange: boolean;
  /**
   * mm/mremap.c (6.17+) — are the source VMA checks (lookup, old_len 0 of a private mapping,
   * VMA boundary) made before MREMAP_FIXED unmaps the target (true), or after, as mremap_to
   * then vma_to_resize did until 6.16 (false: a failed check leaves the target unmapped)?
   */
  mremapChecksSourceBeforeUnmap: boolean;
  /**
   * mm/mremap.c:SYSCALL mremap — is the VMA at addr looked up (EFAULT) first (5.16+), or only
   * by vma_to_resize: after a shrink in place (which then succeeds over a hole) and after
   * mremap_to has unmapped a MREMAP_FIXED target (false)?
   */
  mremapLooksUpVmaFirst: boolean;
  /**
   * mm/mremap.c:check_mremap_params (6.17+) — are new_addr's alignment, overlap and range
   * checked (EINVAL) before the VMA at addr is looked up (true), or in mremap_to, after the
   * SYSCALL's vma_lookup (false: from 5.16 to 6.16 a hole at addr is EFAULT first)?
   */
  mremapChecksNewAddrFirst: boolean;
  /**
   * mm/mremap.c:check_mremap_params (6.17+, 3215eaceca87 "mm/mremap: refactor initial
   * parameter sanity checks") — is a new_len past TASK_SIZE EINVAL for every mremap (true),
   * or only for a move to a given address (false: a resize finds no room, ENOMEM)?
   */
  mremapRefusesNewLenPastTaskSize: boolean;
  /**
   * mm/mremap.c:expand_vma_in_place (mm/vma.c:vma_merge_extend; "mm: add merging after
   * mremap resize", 2022) — does a VMA grown in place merge with the next VMA it now touches
   * (true), or is it only widened (false, vma_adjust)?
   */
  mremapExpandMerges: boolean;
  /** mm/mremap.c (6.17+) — may a fixed move without resize span several VMAs and holes? */
  mremapMoveSpansVmas: boolean;
  /**
   * CONFIG_PT_RECLAIM (mm/pt_reclaim.c, 6.14+): MADV_DONTNEED over a whole PMD frees its page
   * table once no PTE is left in it, instead of leaving it to free_pgtables.
   */
  ptReclaim: boolean;
  /**
   * mm/mlock.c:SYSCALL mlockall — whether the MCL_CURRENT RLIMIT_MEMLOCK check (ENOMEM) comes
   * before apply_mlockall_flags, so a refused mlockall changes nothing (true in every Linux).
   */
  mlockallLimitFirst: boolean;

  // Flags in and out (issue 11): where a new MAP_, MLOCK_, MCL_ or MADV_ flag plugs in.
  /**
   * include/linux/mman.h:calc_vm_flag_bits — the VM_* bits the MAP_* flags of an mmap ask for
   * (before def_flags are added). A proposed MAP_ flag that sets a VM_ flag goes here.
   */
  mmapVmFlagBits(mapFlags: number): VmFlags;
  /**
   * mm/mmap.c:do_mmap — the MAP_* bits MAP_SHARED_VALIDATE accepts besides the map type
   * (LEGACY_MAP_MASK less what the file cannot honour); any other bit is EOPNOTSUPP. Plain
   * MAP_SHARED and MAP_PRIVATE ignore unknown bits, so this is the only place a MAP_ flag
   * "exists".
   */
  mapSharedValidateMask: number;
  /**
   * mm/mlock.c:SYSCALL mlock2 — the VM lock bits mlock2(flags) sets, `EINVAL` for flags it
   * does not know, `ENOSYS` on a kernel without mlock2 (before 4.4).
   */
  mlock2LockBits(flags: number): Mlock2LockBits;
  /** mm/mlock.c:SYSCALL mlockall — whether the flags word passes the EINVAL check. */
  mlockallFlagsValid(flags: number): boolean;
  /**
   * mm/memory.c:should_fault_around — may a read fault in a VMA with these flags map the
   * cached pages around the address (do_fault_around), or only the one asked for?
   */
  faultAroundAllowed(vmaFlags: VmFlags): boolean;
  /**
   * mm/madvise.c — what an advice value that populates does, or null for advice that does
   * not populate (it goes the usual madvise way).
   */
  madvisePopulate(advice: number): MadvisePopulate | null;
  /**
   * mm/madvise.c:madvise_behavior_valid — does this kernel know the advice? (MADV_POPULATE_*
   * came in 5.14, MADV_DONTNEED_LOCKED in 5.18, MADV_GUARD_INSTALL/REMOVE in 6.13.)
   */
  madviseBehaviorValid: (advice: number) => boolean;
  /** mm/secretmem.c:secretmem_mmap — the VM flags a secretmem mapping gets on top of the call's. */
  secretmemMmapVmFlags: VmFlags;
  /** arch/x86/entry/vdso/vma.c — the VM flags of the [vvar] and [vvar_vclock] data mappings. */
  vdsoDataVmFlags: VmFlags;
  /**
   * mm/vma.c:vma_merge_existing_range — may a VMA that has an anon_vma, given new flags, merge
   * into neighbours that have none (the neighbour takes its anon_vma)?
   */
  vmaMergeExistingAnonIntoUnfaulted: boolean;
  /**
   * Do adjacent compatible VMAs merge (mm/vma.c:vma_merge_new_range, vma_merge_existing_range:
   * true), or does every mapping stay a VMA of its own (false: a nommu kernel, whose mm/nommu.c
   * links each new VMA as it is and has no merge at all — mm/vma.c is built only with CONFIG_MMU)?
   */
  vmasMerge: boolean;
  /**
   * mm/secretmem.c:secretmem_enable — is memfd_secret available (ENOSYS when not)? Off by
   * default from 5.17 until 6.5 made it on by default.
   */
  secretmemEnabled: boolean;
  /** mm/mmap.c:do_mmap — does this kernel know the mapping type (MAP_DROPPABLE from 6.11)? */
  doMmapKnowsMapType: (type: number) => boolean;
  /** fs/proc/task_mmu.c:show_smap_vma_flags — does smaps print this mnemonic (`lf` from 6.2)? */
  smapsShowsMnemonic: (mnemonic: string) => boolean;
  /**
   * kernel/sys_ni.c — the calls this kernel does not build, which answer ENOSYS (a nommu
   * kernel leaves out the "mm/, CONFIG_MMU only" block); null when every call is built.
   */
  callsNotBuilt: ReadonlySet<string> | null;
  /**
   * mm/mmap.c:do_mmap — does a VM_LOCKED mapping go through can_do_mlock (EPERM) and
   * mlock_future_ok (EAGAIN)? nommu's do_mmap has neither. NOTE: the locked_vm charge stays
   * (its uncharges are in every unmap and mremap path), which nommu does not make either.
   */
  mmapLockAccounting: boolean;
  /**
   * mm/mmap.c:file_mmap_ok — does do_mmap refuse, with EOVERFLOW, a file mapping whose end
   * would lie past the largest size of the file (MAX_LFS_FILESIZE, 2^63 - 1 bytes, for a
   * regular file, tmpfs included)? Added by be83bbf80682 "mmap: introduce sane default mmap
   * limits" (4.17, backported to the stable kernels of the time).
   */
  fileMmapOk: boolean;
  /**
   * mm/filemap.c:filemap_map_pages — when the first cached page of the fault-around window
   * is the file's last one and the PMD has no page table, is the window left unmapped (true:
   * 6.18's "do not populate page table entries beyond i_size" rule) or mapped (false)?
   */
  faultAroundSparesLastPageWithoutTable: boolean;
  /**
   * mm/madvise.c — MADV_POPULATE_READ/WRITE as one fault-in of the whole range, stopping at
   * the first hole with ENOMEM (false, 6.9+), or per VMA inside madvise_walk_vmas (true,
   * 5.14 to 6.8): holes are skipped, the VMAs after them populated, ENOMEM returned at the end.
   */
  madvisePopulateInVmaWalk: boolean;
  /**
   * mm/mprotect.c:mprotect_fixup — does a never-faulted anonymous VMA that loses VM_WRITE give
   * its commit charge back (drop VM_ACCOUNT)? (6.2+.)
   */
  mprotectUnaccountsUnfaulted: boolean;
  /**
   * Who sets PG_mlocked. true (5.18+, the folio mlock rework): every fault that maps a page
   * into a VM_LOCKED VMA, and mlock_fixup's page walk. false (before 5.18): only a new
   * anonymous page at fault (lru_cache_add_inactive_or_unevictable) and GUP with FOLL_MLOCK
   * (follow_page_pte's mlock_vma_page, during population); mlock_fixup walks no page when
   * locking, and a file page faulted into a locked VMA stays evictable.
   */
  mlockPagesOnFault: boolean;
  /**
   * mm/nommu.c:do_munmap — must the range lie in one VMA (a file-backed one only as a whole),
   * EINVAL otherwise and over a hole (true, nommu), or may it span VMAs and holes (false)?
   */
  munmapWithinOneVma: boolean;
  /**
   * mm/nommu.c:do_mremap — does mremap only resize one whole VMA in place, never moving or
   * growing it past its allocation (true, nommu), or is it mm/mremap.c's (false)?
   */
  mremapResizesInPlaceOnly: boolean;
  /**
   * mm/memory.c:wp_page_copy before 5.18 — a COW copy made for a VM_LOCKED VMA munlocks the old
   * page at once (munlock_vma_page) after this PTE stopped mapping it, and the rmap walk that
   * would give PG_mlocked back for another locked mapping runs only while more than one PTE
   * still maps it: a page left with one mapping (a fork parent's, locked or not) loses it
   * (true). false: the old page leaves the mapping like any other unmap.
   */
  wpPageCopyMunlocksOldPage: boolean;
  /**
   * mm/mmu_gather.c:tlb_finish_mmu -> mm/swap_state.c:free_pages_and_swap_cache — does freeing
   * the pages a zap gathered (munmap, MAP_FIXED, MADV_DONTNEED, exit) start with
   * lru_add_drain(), so the munlocks the zap itself queued are processed before the call
   * returns (true: 5.18 to 6.12 at least, observed on 6.1 and 6.12), or do they stay pending
   * on the per-CPU mlock batch (false: observed on 6.17 to 7.3)?
   */
  zapFreeDrainsMlockBatch: boolean;
  /**
   * mm/mremap.c:vma_to_resize before 5.13 — is MREMAP_DONTUNMAP refused (EINVAL) for any VMA
   * but private anonymous memory (true), or allowed for file and shared mappings too (false,
   * 5.13's "mm: Extend MREMAP_DONTUNMAP to non-anonymous mappings", e346b3813067)?
   */
  mremapDontunmapAnonOnly: boolean;
  /**
   * mm/madvise.c:madvise_remove — is MADV_REMOVE refused (EACCES) on a shared file mapping that
   * is not writable now (true: 5.10 asks for VM_SHARED and VM_WRITE; measured on 5.10.223), or
   * only on one that may never be written (false: VM_SHARED and VM_MAYWRITE, as
   * vma_is_shared_maywrite reads it; measured on 6.1.192, 6.12, 6.18 and 7.3)?
   */
  madviseRemoveNeedsVmWrite: boolean;
  /**
   * mm/mlock.c:count_mm_mlocked_page_nr — how do_mlock credits the pages of the range already
   * in VM_LOCKED VMAs when locked_vm + len passes RLIMIT_MEMLOCK: 'clamped' (6.1+: the end of
   * a range past ULONG_MAX is ULONG_MAX), 'wrapping' (4.9 to 6.0: start + len wraps, so such a
   * range ends before it starts), 'none' (before 4.9: no credit).
   */
  mlockCreditsLocked: 'clamped' | 'wrapping' | 'none';
  /**
   * Does this call populate after dropping mmap_lock (mm_populate, faultin_page_range: another
   * thread may change the range between two faults, and each VMA is looked up again), or under
   * the write lock (false: 3.8's mmap, brk and mremap, one atomic step)? Single-threaded runs
   * are the same either way.
   */
  populatesAfterUnlock(caller: PopulateCaller): boolean;
  /**
   * mm/gup.c:__mm_populate — is this VMA left out of the population walk? (VM_IO|VM_PFNMAP;
   * 3.9-rc1 also every VMA without VM_POPULATE.)
   */
  populateSkipsVma(vmaFlags: VmFlags): boolean;
  /** mm/mlock.c:do_mlock — VM bits mlock and mlock2 set with the lock bits (3.9-rc1: VM_POPULATE). */
  mlockMarksVmas: VmFlags;
  /**
   * mm/vma.c:may_expand_vm — may a mapping with these flags grow data_vm by lenPages under
   * RLIMIT_DATA (mmap, brk, mprotect to writable: ENOMEM)? Since 4.7 (ignore_rlimit_data off by
   * default); 4.5 and 4.6 only warned; before 4.5 no mapping counted in data_vm.
   */
  dataLimitOk(ctx: DataLimitContext): boolean;
  /**
   * Large folios (hugePmd.ts, largeFolios.ts): null where the model has this version's
   * transparent hugepages, else why it has not, and a `thp on` trace is refused with it.
   */
  thpUnmodelled: string | null;
  /**
   * mm/huge_memory.c:__split_huge_pmd_locked — does splitting the huge PMD of a folio in a
   * VM_LOCKED VMA munlock the folio (the PMD's rmap goes with munlock_vma_folio)? Measured:
   * yes up to 6.12, no on 6.18 and 7.3 (litmus thp/MADV_HUGEPAGE+mprotect_part+locked.mmt).
   */
  pmdSplitMunlocksFolio: boolean;
  /**
   * mm/huge_memory.c:do_huge_pmd_wp_page — does a write to the huge zero page map a new huge
   * folio (do_huge_zero_wp_pmd), or split the PMD and copy one 4 KiB page (false)?
   */
  hugeZeroWriteAllocatesFolio: boolean;
  /**
   * mm/huge_memory.c:do_huge_pmd_anonymous_page — does a read fault map the huge zero page
   * (transparent_hugepage/use_zero_page, and the huge zero page allocated), or a new huge
   * folio as a write would (false)?
   */
  readFaultMapsHugeZeroPage: boolean;
  /**
   * mm/madvise.c:madvise_vma_behavior — the VMA flags for which MADV_DOFORK is EINVAL: VM_IO
   * (5.10 to 6.18, measured: [vvar]); the 7.3.4 guest also refuses [vvar] without VM_IO and
   * [vdso] (forkMadvise.ts).
   */
  madviseDoforkRefuses: VmFlags;
  /**
   * mm/mmap.c:SYSCALL_DEFINE1(brk) — is lowering the break refused when nothing is mapped
   * between the new break and the old one (6.1+: vma_find finds no VMA to shrink, the old
   * break is returned), or does it succeed (before 6.1: do_munmap of an empty range is 0)?
   */
  brkShrinkNeedsVma: boolean;
}

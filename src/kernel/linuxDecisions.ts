// The decision points as Linux 6.18 takes them. Every other model is these with overrides.

import type { Decisions } from './decisions.js';
import { isDataMapping } from './dataLimit.js';
import { VALID_ADVICE_6_18 } from './_internals/validAdvice.js';
import { LEGACY_MAP_MASK } from '../uapi/legacyMapMask.js';
import { FOLL_FORCE, FOLL_TOUCH, FOLL_UNLOCKABLE, FOLL_WRITE, gupFlags, hasFoll } from './gup.js';
import { FOLL_MLOCK, FOLL_POPULATE } from './gup.js';
import {
  MADV_POPULATE_READ,
  MADV_POPULATE_WRITE,
  MAP_GROWSDOWN,
  MAP_LOCKED,
  MAP_NONBLOCK,
  MAP_POPULATE,
  MAP_STACK,
  MCL_CURRENT,
  MCL_FUTURE,
  MCL_ONFAULT,
  MLOCK_ONFAULT,
} from '../uapi/constants.js';
import {
  VM_ACCESS_FLAGS,
  VM_GROWSDOWN,
  VM_NOHUGEPAGE,
  VM_INIT_DEF_MASK,
  VM_LOCKED,
  VM_LOCKED_MASK,
  VM_LOCKONFAULT,
  VM_SHARED,
  VM_WRITE,
  VM_DONTDUMP,
  VM_DONTEXPAND,
  VM_IO,
  VM_MAYREAD,
  VM_PFNMAP,
  VM_READ,
  hasAny,
  maskFlags,
  vmFlags,
  withFlags,
  withoutFlags,
} from '../uapi/vmFlags.js';

export const LINUX_6_18_DECISIONS: Decisions = {
  // mm/mmap.c:do_mmap — populate when VM_LOCKED was asked for (MAP_LOCKED or def_flags), or
  // MAP_POPULATE without MAP_NONBLOCK (the 3.9 formula). The requested vm_flags count: a
  // special mapping that later loses VM_LOCKED is still populated.
  mmapPopulates: ({ vmFlags: f, mapFlags }) =>
    hasAny(f, VM_LOCKED) || (mapFlags & (MAP_POPULATE | MAP_NONBLOCK)) === MAP_POPULATE,

  // mm/mlock.c:apply_mlockall_flags — the lock bits are cleared first, then MCL_FUTURE sets
  // them again: so mlockall(MCL_CURRENT) after mlockall(MCL_FUTURE) cancels future locking.
  mlockallDefFlags: (defFlags, mcl) => {
    let f = withoutFlags(defFlags, VM_LOCKED_MASK);
    if (mcl & MCL_FUTURE) {
      f = withFlags(f, VM_LOCKED);
      if (mcl & MCL_ONFAULT) f = withFlags(f, VM_LOCKONFAULT);
    }
    return f;
  },

  // mm/mlock.c:apply_mlockall_flags — MCL_FUTURE without MCL_CURRENT returns before the VMA
  // walk; otherwise every VMA gets exactly the new lock bits (none for munlockall).
  mlockallVmaLockBits: (mcl) => {
    if (mcl & MCL_FUTURE && !(mcl & MCL_CURRENT)) return null;
    // Its `false` mutant is equivalent (spec/findings/mutation.md): flags with neither
    // MCL_CURRENT nor MCL_FUTURE are refused by mlockallFlagsValid before this is asked.
    if (!(mcl & MCL_CURRENT)) return vmFlags(0);
    return mcl & MCL_ONFAULT ? VM_LOCKED_MASK : VM_LOCKED;
  },

  munlockallDefFlags: (defFlags) => withoutFlags(defFlags, VM_LOCKED_MASK),

  // mm/gup.c:populate_vma_page_range — VM_LOCKONFAULT returns at once ("all done"); a private
  // writable VMA is populated by write faults (breaking COW); FOLL_FORCE for any accessible
  // VMA, so mlock works on exec-only or write-only VMAs but PROT_NONE fails with -EFAULT.
  populateGupFlags: (f) => {
    if (hasAny(f, VM_LOCKONFAULT)) return null;
    const write = maskFlags(f, vmFlags(VM_WRITE | VM_SHARED)) === VM_WRITE;
    const accessible = hasAny(f, VM_ACCESS_FLAGS);
    return gupFlags(
      FOLL_TOUCH | FOLL_UNLOCKABLE | (write ? FOLL_WRITE : 0) | (accessible ? FOLL_FORCE : 0),
    );
  },

  // Since 5.18 GUP always faults missing pages in. Before, FOLL_MLOCK without FOLL_POPULATE
  // made faultin_page return -ENOENT and GUP skip the address (semantics 11; planted:map-populate-foll
  // plants that era's populate flags into 6.18).
  faultinPage: (gup) => {
    if (hasFoll(gup, FOLL_MLOCK) && !hasFoll(gup, FOLL_POPULATE)) return 'skip';
    // Callers test for 'skip' only, so any other answer is a fault: equivalent.
    // Stryker disable next-line StringLiteral: only 'skip' is ever compared
    return 'fault';
  },

  // mm/mlock.c:do_mlock — pages already locked in the range are credited (since 4.9).
  mlockLimitOk: (c) =>
    c.capIpcLock ||
    // Equivalent mutants (spec/findings/mutation.md): the disjunct after this one holds whenever
    // this one does (alreadyLocked >= 0); do_mlock tests it first only to skip the count. Only
    // `false` is excluded: `<` is equivalent too but shares its mutator with the killable `>`.
    // Stryker disable next-line ConditionalExpression: redundant disjunct
    c.lockedVm + c.lenPages <= c.limitPages ||
    c.lockedVm + c.lenPages - c.alreadyLocked <= c.limitPages,

  // mm/mmap.c:mlock_future_ok — no credit for what a MAP_FIXED is about to replace.
  futureLimitOk: (c) =>
    !hasAny(c.vmFlags, VM_LOCKED) || c.capIpcLock || c.lockedVm + c.lenPages <= c.limitPages,

  // mm/mlock.c:mlockall — total_vm, not locked_vm: every mapped page counts.
  mlockallLimitOk: (c) => c.capIpcLock || c.totalVm <= c.limitPages,

  // kernel/fork.c:dup_mmap — a child's VMAs are never locked.
  forkVmaFlags: (f) => withoutFlags(f, VM_LOCKED_MASK),
  // kernel/fork.c:mm_init — def_flags & VM_INIT_DEF_MASK: MCL_FUTURE is not inherited.
  forkDefFlags: (f) => maskFlags(f, VM_INIT_DEF_MASK),

  // 6.18 quirk (semantics 18.3): MREMAP_DONTUNMAP of a locked VMA charges the new
  // VMA while the old one loses VM_LOCKED uncharged, so locked_vm rises by the length.
  mremapDontunmapChargesTwice: true,
  // mm/mremap.c:dontunmap_complete — VM_LOCKED_MASK is cleared on the whole source VMA, the
  // part not moved included (verified on 6.18.44: no split, the rest loses lo).
  mremapDontunmapUnlocksOnlyRange: false,
  // mm/mremap.c:check_prep_vma runs before remap_move/mremap_to unmap anything (6.17 series
  // "mm/mremap: permit mremap() move of multiple VMAs", Lorenzo Stoakes); verified on 6.18.44:
  // mremap(a, 0, 1P, MREMAP_MAYMOVE|MREMAP_FIXED, a) of a private VMA is EINVAL, a kept.
  mremapChecksSourceBeforeUnmap: true,
  // mm/mremap.c:SYSCALL mremap — vma_lookup(addr) comes first: a hole is EFAULT even for a
  // shrink, and before a MREMAP_FIXED target is unmapped (added with "mm, hugepages: add
  // mremap() support for hugepage backed vma", 5.16; verified on 6.1, 6.12 and 6.18 by
  // conform; 5.10 returns addr, and unmaps the target: litmus mremap+hole+MREMAP_FIXED).
  mremapLooksUpVmaFirst: true,
  // mm/mremap.c:check_mremap_params (6.17 rework, as mremapChecksSourceBeforeUnmap): the new
  // address is validated before vma_lookup (litmus mremap+hole+MREMAP_FIXED: EINVAL).
  mremapChecksNewAddrFirst: true,
  // check_mremap_params (6.17+): new_len past TASK_SIZE (litmus mremap+new_len_past_task_size).
  mremapRefusesNewLenPastTaskSize: true,
  // vma_merge_extend (litmus mremap+grow_in_place+merge, 1 VMA on 6.1-7.3, 2 on 5.10).
  mremapExpandMerges: true,
  // mm/mremap.c:remap_move (6.17+): each VMA of the source moves to the same offset.
  mremapMoveSpansVmas: true,

  // CONFIG_PT_RECLAIM=y on the reference machine (/proc/config.gz; litmus
  // page_table_lifetime+fault_around.mmt).
  ptReclaim: true,

  mlockallLimitFirst: true,

  // include/linux/mman.h:calc_vm_flag_bits — MAP_GROWSDOWN, MAP_LOCKED, and (6.7+) MAP_STACK
  // asking for no transparent huge pages.
  mmapVmFlagBits: (mapFlags) => {
    let f = vmFlags(0);
    if (mapFlags & MAP_GROWSDOWN) f = withFlags(f, VM_GROWSDOWN);
    if (mapFlags & MAP_LOCKED) f = withFlags(f, VM_LOCKED);
    if (mapFlags & MAP_STACK) f = withFlags(f, VM_NOHUGEPAGE);
    return f;
  },

  // LEGACY_MAP_MASK; MAP_SYNC only for DAX files, which no file here is.
  mapSharedValidateMask: LEGACY_MAP_MASK,

  // mm/mlock.c:SYSCALL mlock2 (4.4+) — MLOCK_ONFAULT is the only flag.
  mlock2LockBits: (flags) => {
    if (flags & ~MLOCK_ONFAULT) return 'EINVAL';
    return flags & MLOCK_ONFAULT ? VM_LOCKED_MASK : VM_LOCKED;
  },

  // mm/mlock.c:SYSCALL mlockall — no flags, an unknown bit, or MCL_ONFAULT alone is EINVAL.
  mlockallFlagsValid: (flags) =>
    flags !== 0 && !(flags & ~(MCL_CURRENT | MCL_FUTURE | MCL_ONFAULT)) && flags !== MCL_ONFAULT,

  // Every VMA with ->map_pages faults around (fault_around_bytes is global, 64 KiB).
  faultAroundAllowed: () => true,

  // 5.14+: MADV_POPULATE_READ and MADV_POPULATE_WRITE go through faultin_page_range.
  madvisePopulate: (advice) =>
    advice === MADV_POPULATE_READ ? 'read' : advice === MADV_POPULATE_WRITE ? 'write' : null,
  // mm/madvise.c:madvise_behavior_valid — every advice of the 6.18 uapi this configuration
  // knows (no CONFIG_MEMORY_FAILURE: MADV_HWPOISON and MADV_SOFT_OFFLINE are EINVAL).
  madviseBehaviorValid: (advice) => VALID_ADVICE_6_18.has(advice),

  // mm/secretmem.c:secretmem_mmap — always locked and kept out of core dumps (verified: lo, VmLck).
  secretmemMmapVmFlags: vmFlags(VM_LOCKED | VM_DONTDUMP),

  // arch/x86/entry/vdso/vma.c — the data pages are inserted as raw PFNs: VM_PFNMAP | VM_IO
  // (verified: smaps of [vvar] shows `pf io de dd`).
  vdsoDataVmFlags: vmFlags(VM_READ | VM_MAYREAD | VM_PFNMAP | VM_IO | VM_DONTEXPAND | VM_DONTDUMP),

  // mm/vma.c:vma_merge_existing_range — a faulted middle merges into unfaulted neighbours
  // (litmus mlock+middle+munlock.mmt, verified on 6.18.44).
  vmaMergeExistingAnonIntoUnfaulted: true,
  // mm/vma.c (mm/mmap.c's vma_merge before 6.11): every MMU kernel merges.
  vmasMerge: true,

  // mm/secretmem.c — secretmem.enable defaults to on since 6.5.
  secretmemEnabled: true,

  // mm/mmap.c:do_mmap — MAP_SHARED, MAP_SHARED_VALIDATE, MAP_PRIVATE and MAP_DROPPABLE.
  doMmapKnowsMapType: () => true,

  // fs/proc/task_mmu.c:show_smap_vma_flags — every mnemonic of src/uapi/vmFlags.ts.
  smapsShowsMnemonic: () => true,

  // An x86-64 kernel with an MMU builds every call of the trace language.
  callsNotBuilt: null,

  // do_mmap: can_do_mlock and mlock_future_ok.
  mmapLockAccounting: true,
  // do_mmap: file_mmap_ok, after the lock checks and before the MAP_TYPE switch (litmus
  // mmap_file_offset_past_max.mmt, verified on 6.18.44 and the 5.10-7.3 guests).
  fileMmapOk: true,
  // mm/filemap.c:filemap_map_pages (commit 74207de2ba10; litmus
  // MADV_WILLNEED_last_page+fault_around.mmt, verified on 6.18.44).
  faultAroundSparesLastPageWithoutTable: true,

  // mm/madvise.c:madvise_populate over the whole range since 6.9 ("mm/madvise: make
  // MADV_POPULATE_(READ|WRITE) handle VM_FAULT_RETRY properly", David Hildenbrand; litmus
  // MADV_POPULATE_WRITE+hole.mmt, verified on 6.18.44).
  madvisePopulateInVmaWalk: false,

  // mm/mprotect.c:mprotect_fixup — "mm/mprotect: allow unfaulted VMAs to be unaccounted on
  // mprotect()" (Peter Xu, 6.2): an unfaulted private anonymous VMA made read-only drops `ac`.
  mprotectUnaccountsUnfaulted: true,

  // mm/internal.h:mlock_vma_folio from the fault path and mm/mlock.c:mlock_pte_range (5.18,
  // Hugh Dickins' "mm/munlock: ..." series).
  mlockPagesOnFault: true,

  // mm/vma.c:do_vmi_munmap and mm/mremap.c: the MMU rules (nommu.ts has mm/nommu.c's).
  munmapWithinOneVma: false,
  mremapResizesInPlaceOnly: false,
  // 5.18's folio rework moved munlock of a COW'd page into page_remove_rmap (mlock_count).
  wpPageCopyMunlocksOldPage: false,
  // Observed on 6.17.13, 6.18.44 and 7.3.4: a zap frees what it gathered without draining
  // (the free_pages_and_swap_cache of these kernels has no lru_add_drain(); litmus
  // munmap_locked+pending_munlock+zap_drain.mmt).
  zapFreeDrainsMlockBatch: false,
  // 5.13 (e346b3813067) lets MREMAP_DONTUNMAP move file and shared mappings.
  mremapDontunmapAnonOnly: false,
  // madvise_remove reads VM_MAYWRITE (vma_is_shared_maywrite): a read-only shared mapping of a
  // file opened for writing has its hole punched (litmus MADV_REMOVE+PROT_READ_shared).
  madviseRemoveNeedsVmWrite: false,
  // "mm/mlock: use vma iterator and maple state instead of vma linked list" (Matthew Wilcox,
  // Liam Howlett, the 6.1 maple tree series) clamps the end of the counted range.
  mlockCreditsLocked: 'clamped',

  // Since 3.9 ("mm: use mm_populate() for mremap()/brk()/mmap() of VM_LOCKED or MAP_POPULATE",
  // Michel Lespinasse, Dec 2012) every populating call drops mmap_lock before mm_populate;
  // MADV_POPULATE_* (5.14) holds only the read lock, dropped on a retried fault.
  populatesAfterUnlock: () => true,

  // mm/gup.c:__mm_populate — only VM_IO|VM_PFNMAP VMAs are passed over: whatever VMA is
  // found in the range when the lock is retaken is populated (VM_POPULATE, 3.9-rc1, was
  // reverted for 3.9: "Revert 'mm: introduce VM_POPULATE flag ...'", Mar 2013).
  populateSkipsVma: (f) => hasAny(f, vmFlags(VM_IO | VM_PFNMAP)),

  mlockMarksVmas: vmFlags(0),

  // mm/vma.c:may_expand_vm — a data mapping (is_data_mapping: VM_WRITE without VM_SHARED or
  // VM_STACK) may not take data_vm past RLIMIT_DATA; a zero soft limit is measured against the
  // hard one instead (valgrind's workaround). ignore_rlimit_data is off unless given at boot:
  // 84638335900f "mm: rework virtual memory accounting" (4.5, warned only) and "mm: enable
  // RLIMIT_DATA by default with workaround for valgrind" (Konstantin Khlebnikov, 4.7).
  dataLimitOk: (c) =>
    !isDataMapping(c.vmFlags) ||
    c.dataVm + c.lenPages <= c.limitPages ||
    // The last disjunct as a whole forced `false` is an equivalent mutant (spec/findings/
    // mutation.md): mayExpandData passes the soft limit as the hard one, so a zero soft limit
    // has a zero hard one, which data_vm (at least OTHER_DATA_PAGES) never fits. Kept on its
    // own line so that the exclusion below reaches that mutant only.
    // prettier-ignore
    // Stryker disable next-line ConditionalExpression: a zero soft limit has a zero hard one
    (c.softLimitZero &&
      c.dataVm + c.lenPages <= c.hardLimitPages),

  // Large anonymous folios of the `madvise` THP mode: PMD-mapped on a fault in a VM_HUGEPAGE
  // VMA, mlocked whole only when mlock's walk sees all of it (mm/mlock.c:allow_mlock_munlock,
  // 6.7's "mm: mlock: update mlock_pte_range to handle large folio"); litmus spec/litmus/thp/.
  thpUnmodelled: null,
  // Measured on 6.18.44 and 7.3.4: a split PMD leaves the folio mlocked.
  pmdSplitMunlocksFolio: false,
  // Measured on 6.18.44 (litmus thp/MADV_HUGEPAGE+read+write.mmt): a read maps the huge zero
  // page, and a write to it then maps a huge folio (do_huge_zero_wp_pmd).
  hugeZeroWriteAllocatesFolio: true,
  readFaultMapsHugeZeroPage: true,
  // mm/madvise.c:madvise_vma_behavior: MADV_DOFORK refuses VM_IO (litmus
  // MADV_WIPEONFORK+shared+file.mmt: [vvar], measured on 6.18.44 and the 5.10, 6.1, 6.12 guests).
  madviseDoforkRefuses: VM_IO,
  // mm/mmap.c:SYSCALL_DEFINE1(brk) since the maple tree rewrite (6.1, "mm/mmap: change
  // do_brk_flags() to expand existing VMA and add do_brk_munmap()"): the shrink looks for a
  // VMA in [newbrk, oldbrk) first (litmus brk+munmap+shrink, host 6.18.44 and the 6.1 guest).
  brkShrinkNeedsVma: true,
};

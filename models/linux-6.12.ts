// Linux 6.12 (x86-64) as Debian bookworm's 6.12.117 behaves under qemu: linux-6.18 with the
// decision points that 6.12 takes differently. Each override says why (spec/kernels).
import { extend, type KernelModel } from '../src/kernel/model.js';
import { LINUX_6_18_DECISIONS } from '../src/kernel/linuxDecisions.js';
import { MADV_GUARD_INSTALL, MADV_GUARD_REMOVE } from '../src/uapi/constants.js';
import { VM_DONTDUMP } from '../src/uapi/vmFlags.js';
import { linux618 } from './linux-6.18.js';

export const linux612: KernelModel = extend(linux618, {
  name: 'linux-6.12',
  description:
    'Linux 6.12 (x86-64) as observed on Debian 6.12.117 under qemu: no guard pages, no page ' +
    'table reclaim, no MREMAP_DONTUNMAP locked_vm leak, secretmem not lo, fewer anon merges, ' +
    'mremap_to before the 6.17 rework.',
  provenance: 'torvalds/linux v6.12; observed on Debian 6.12.117-1~deb12u1 (mmspec run --kernel)',
  decisions: {
    // Measured on the 6.12.117 guest (litmus thp/MADV_HUGEPAGE+mprotect_part+locked.mmt):
    // splitting the huge PMD of a folio in a VM_LOCKED VMA munlocks it; 6.18 keeps it mlocked
    // (the change between was not pinned down; spec/findings/large-folios.md).
    pmdSplitMunlocksFolio: true,
    // Measured on the 6.12.117 guest (litmus thp/MADV_HUGEPAGE+read+write.mmt): a read fault
    // maps a new huge folio, not the huge zero page (as on the 7.3.4 guest; the host's 6.18.44
    // maps the zero page: the guests' setting or allocation, not pinned down).
    readFaultMapsHugeZeroPage: false,
    // do_huge_zero_wp_pmd came after 6.12: a write to the huge zero page splits the PMD and
    // copies one page (read from source, not measured: this guest maps no huge zero page).
    hugeZeroWriteAllocatesFolio: false,
    // mm/swap_state.c:free_pages_and_swap_cache still starts with lru_add_drain(): the end of
    // a zap that gathered pages processes the munlocks it queued, so a shared file page whose
    // last locked mapping goes reads p at once, and a later MAP_LOCKED mapping of it counts
    // again (litmus munmap_locked+pending_munlock+zap_drain.mmt, mlock_count+replaced_mappings.mmt:
    // LL here, Lp on 6.17+). Observed on 6.1.192 and 6.12.117; 6.17.13 no longer drains there
    // (the removing commit is not located; see spec/kernels/version-models.md).
    zapFreeDrainsMlockBatch: true,
    // MADV_GUARD_INSTALL/REMOVE came in 6.13 (commit 662df3e5c376, "mm: madvise: implement
    // lightweight guard page mechanism"): before, madvise_behavior_valid rejects them (EINVAL).
    madviseBehaviorValid: (advice) =>
      advice !== MADV_GUARD_INSTALL &&
      advice !== MADV_GUARD_REMOVE &&
      LINUX_6_18_DECISIONS.madviseBehaviorValid(advice),
    // CONFIG_PT_RECLAIM came in 6.14 (commit 6375e95f381e, "mm: pgtable: reclaim empty PTE
    // page in madvise(MADV_DONTNEED)"): an emptied page table stays until free_pgtables, so
    // fault-around still finds it (litmus page_table_lifetime+fault_around.mmt).
    ptReclaim: false,
    // The locked_vm leak of MREMAP_DONTUNMAP on a VM_LOCKED VMA is absent: the old VMA's
    // VM_LOCKED is uncharged as the new one is charged (observed: VmLck 2P, then 0 after
    // munmap). The leak came with the 6.15 mremap refactor (spec/findings/MREMAP_DONTUNMAP-locked_vm-leak.md).
    mremapDontunmapChargesTwice: false,
    // Observed (litmus MREMAP_DONTUNMAP+locked_part): only the moved part of a locked VMA
    // loses lo, split off the rest, as on 6.1 and 7.3; 5.10 and 6.16 to 6.18 unlock the whole
    // VMA. The splitting code is not located in 6.12's move_vma, which clears the flags of `vma`.
    mremapDontunmapUnlocksOnlyRange: true,
    // mm/mremap.c:mremap_to before the 6.17 rework (Lorenzo Stoakes, "mm/mremap: permit
    // mremap() move of multiple VMAs"): do_munmap of the MREMAP_FIXED target comes first, then
    // vma_to_resize, which fails a source spanning two VMAs with EFAULT ("can't remap across
    // vm area boundaries") and a private old_len 0 with EINVAL only once the target is gone
    // (litmus mremap+MREMAP_FIXED+two_vmas, mremap+old_len_0+MREMAP_FIXED; 6.16 as 6.12).
    mremapChecksSourceBeforeUnmap: false,
    mremapMoveSpansVmas: false,
    // mm/mremap.c:mremap_to validates new_addr after the SYSCALL's vma_lookup: a fixed move
    // from a hole onto itself is EFAULT, not EINVAL (conform seed 7 on 6.1; litmus
    // mremap+hole+MREMAP_FIXED).
    mremapChecksNewAddrFirst: false,
    // Before 6.17 only mremap_to checks new_len against TASK_SIZE; a resize past it is ENOMEM.
    mremapRefusesNewLenPastTaskSize: false,
    // Observed, cause not found: a secretmem VMA shows no `lo` and VmLck does not count it.
    secretmemMmapVmFlags: VM_DONTDUMP,
    // mm/vma.c:vma_merge_existing_range: a faulted VMA whose flags change does not merge into
    // unfaulted neighbours before the 6.16 fix allowing those merges (Lorenzo Stoakes, "mm/vma:
    // fix incorrectly disallowed anonymous VMA merges"; commit id not confirmed here). Observed:
    // mlock+middle+munlock.mmt leaves three VMAs.
    vmaMergeExistingAnonIntoUnfaulted: false,
  },
});

// Linux 6.1 (x86-64) as Debian bookworm's 6.1.192 behaves under qemu: linux-6.18 with the
// decision points that 6.1 takes differently; it agrees with that kernel on the litmus corpus
// (spec/kernels/version-models.md).
import { extend, type KernelModel } from '../src/kernel/model.js';
import { LINUX_6_18_DECISIONS } from '../src/kernel/linuxDecisions.js';
import {
  MADV_GUARD_INSTALL,
  MADV_GUARD_REMOVE,
  MAP_ABOVE4G,
  MAP_DROPPABLE,
  MAP_STACK,
} from '../src/uapi/constants.js';
import { LEGACY_MAP_MASK } from '../src/uapi/legacyMapMask.js';
import { linux618 } from './linux-6.18.js';

export const linux61: KernelModel = extend(linux618, {
  name: 'linux-6.1',
  description:
    'Linux 6.1 (x86-64) as observed on Debian 6.1.192 under qemu: no lf in smaps, no ' +
    'MAP_DROPPABLE, memfd_secret off, no guard pages, no page table reclaim, mremap before 6.17.',
  provenance: 'torvalds/linux v6.1; observed on Debian 6.1.192-3 (mmspec run --kernel)',
  decisions: {
    // include/linux/mman.h:calc_vm_flag_bits before 6.7 (c4608d1bf7c6 "mm: mmap: map MAP_STACK
    // to VM_NOHUGEPAGE"): MAP_STACK asks for no VM_ bit (litmus MAP_STACK+nohugepage, 6.1.192).
    mmapVmFlagBits: (mapFlags) => LINUX_6_18_DECISIONS.mmapVmFlagBits(mapFlags & ~MAP_STACK),
    // Not modelled: before 6.7 mlock_pte_range skips a PTE-mapped large folio altogether, and
    // /proc/kpageflags shows PG_mlocked on a huge folio's head page only (litmus spec/litmus/thp/).
    thpUnmodelled:
      "thp on: linux-6.1 large folios are not modelled (mlock_pte_range before 6.7 skips PTE-mapped large folios; kpageflags read tail pages' own flags); run the trace on a kernel",
    // mm/swap_state.c:free_pages_and_swap_cache still starts with lru_add_drain(): the end of
    // a zap that gathered pages processes the munlocks it queued, so a shared file page whose
    // last locked mapping goes reads p at once, and a later MAP_LOCKED mapping of it counts
    // again (litmus munmap_locked+pending_munlock+zap_drain.mmt, mlock_count+replaced_mappings.mmt:
    // LL here, Lp on 6.17+). Observed on 6.1.192 and 6.12.117; 6.17.13 no longer drains there
    // (the removing commit is not located; see spec/kernels/version-models.md).
    zapFreeDrainsMlockBatch: true,
    // MADV_GUARD_INSTALL/REMOVE came in 6.13 (commit 662df3e5c376): EINVAL before.
    madviseBehaviorValid: (advice) =>
      advice !== MADV_GUARD_INSTALL &&
      advice !== MADV_GUARD_REMOVE &&
      LINUX_6_18_DECISIONS.madviseBehaviorValid(advice),
    // MAP_DROPPABLE came in 6.11 (commit 9651fcedf7b9, "mm: add MAP_DROPPABLE for designating
    // always-droppable mappings"): do_mmap's type switch rejects it (EINVAL) before.
    doMmapKnowsMapType: (type) => type !== MAP_DROPPABLE,
    // Observed, cause not located in history: 6.1's smaps prints no `lf` for VM_LOCKONFAULT
    // VMAs (show_smap_vma_flags has no entry for it there); 6.12 on print it.
    smapsShowsMnemonic: (m) => m !== 'lf',
    // secretmem was off by default (secretmem.enable=0) until 6.5 turned it on ("mm/secretmem:
    // make it on by default"; id not confirmed here): memfd_secret
    // is ENOSYS on 6.1 (observed: memfd_secret traces get -1 ENOSYS).
    secretmemEnabled: false,
    // CONFIG_PT_RECLAIM came in 6.14 (commit 6375e95f381e).
    ptReclaim: false,
    // The MREMAP_DONTUNMAP locked_vm leak came with the 6.15 mremap refactor.
    mremapDontunmapChargesTwice: false,
    // As on 6.12 (observed, litmus MREMAP_DONTUNMAP+locked_part): only the moved part unlocks.
    mremapDontunmapUnlocksOnlyRange: true,
    // mremap_to before the 6.17 rework, as on 6.12 (see models/linux-6.12.ts).
    mremapChecksSourceBeforeUnmap: false,
    mremapMoveSpansVmas: false,
    mremapChecksNewAddrFirst: false,
    mremapRefusesNewLenPastTaskSize: false,
    // As on 6.12: a faulted VMA does not merge into unfaulted neighbours (observed:
    // mlock+middle+munlock.mmt leaves three VMAs).
    vmaMergeExistingAnonIntoUnfaulted: false,
    // The i_size rule of filemap_map_pages (74207de2ba10) is not in 6.1.192: a read fault
    // past EOF maps the cached pages of its window even with no page table yet (litmus
    // MADV_WILLNEED_last_page+fault_around, fault_around_last_page+page_table,
    // page_table_lifetime+fault_around; 6.16.12 as 6.1). 6.12.117 has it (stable backport).
    faultAroundSparesLastPageWithoutTable: false,
    // mm/madvise.c (5.14 to 6.8): madvise_populate runs per VMA inside madvise_walk_vmas, so a
    // hole does not stop it; the VMAs after it are populated, ENOMEM comes at the end (litmus
    // MADV_POPULATE_WRITE+hole). 6.9 moved it out of the walk (fa9fcd8bb6e4, "mm/madvise:
    // don't perform madvise VMA walk for MADV_POPULATE_(READ|WRITE)"). NOTE: here the walk is
    // one step for threads; on the kernel a fault that drops mmap_lock (VM_FAULT_RETRY) lets
    // another thread in, and the VMA is looked up again: a hole there is ENOMEM at once, an
    // incompatible VMA EINVAL (spec/kernels/version-models.md, "MADV_POPULATE on 5.14-6.8").
    madvisePopulateInVmaWalk: true,
    // Before 6.2 ("mm/mprotect: allow unfaulted VMAs to be unaccounted on mprotect()", Peter
    // Xu) a private anonymous VMA keeps VM_ACCOUNT when made PROT_NONE (litmus
    // mlock+RW+PROT_NONE+RW: `ac` shown).
    mprotectUnaccountsUnfaulted: false,
    // MAP_ABOVE4G came in 6.6 with the x86 shadow stack series ("x86/mm: Introduce
    // MAP_ABOVE4G"), which added it to LEGACY_MAP_MASK: MAP_SHARED_VALIDATE refuses it before
    // (EOPNOTSUPP; litmus MAP_SHARED_VALIDATE+MAP_ABOVE4G, 6.1.192 and 5.10.223).
    mapSharedValidateMask: LEGACY_MAP_MASK & ~MAP_ABOVE4G,
  },
});

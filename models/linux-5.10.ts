// Linux 5.10 (x86-64) as Debian bullseye's 5.10.223 behaves under qemu: linux-6.1 (itself
// linux-6.18 with 6.1's decision points) with the decision points 5.10 takes differently.
// Each override says why (spec/kernels/version-models.md).
import { extend, type KernelModel } from '../src/kernel/model.js';
import {
  MADV_DONTNEED_LOCKED,
  MADV_POPULATE_READ,
  MADV_POPULATE_WRITE,
} from '../src/uapi/constants.js';
import { linux61 } from './linux-6.1.js';
import { linux44 } from './linux-4.4.js';

const LATER_ADVICE = new Set([MADV_POPULATE_READ, MADV_POPULATE_WRITE, MADV_DONTNEED_LOCKED]);

export const linux510: KernelModel = extend(linux61, {
  name: 'linux-5.10',
  description:
    'Linux 5.10 (x86-64) as observed on Debian 5.10.223 under qemu linux-6.1 ' +
    'without MADV_POPULATE_* and MADV_DONTNEED_LOCKED, page-level mlock by GUP before 5.18, ' +
    'MREMAP_DONTUNMAP unlocking the whole VMA, COW breaks munlocking the old page, the ' +
    'mlock limit credit wrapping, mremap looking the VMA up late.',
  provenance: 'torvalds/linux v5.10; observed on Debian 5.10.223-1 (mmspec run --kernel)',
  decisions: {
    // mm/mmap.c:SYSCALL_DEFINE1(brk) before the 6.1 maple tree rewrite: the shrink is
    // __do_munmap of [newbrk, oldbrk), which succeeds with nothing mapped there, so the break
    // is lowered (litmus brk+munmap+shrink on the 5.10 guest).
    brkShrinkNeedsVma: false,
    // Not modelled: before 5.18 mlock of a THP goes through munlock_vma_pages_range and
    // follow_page_mask, with a PMD split munlocking the page (clear_page_mlock).
    thpUnmodelled:
      "thp on: linux-5.10 large folios are not modelled (mlock by follow_page_mask, munlock on PMD split; kpageflags read tail pages' own flags); run the trace on a kernel",
    // mm/madvise.c:madvise_behavior_valid — MADV_POPULATE_READ/WRITE came in 5.14 (commit
    // 4ca9b3859dac, "mm/madvise: introduce MADV_POPULATE_(READ|WRITE) to prefault page
    // tables"), MADV_DONTNEED_LOCKED in 5.18 (commit 9457056ac426): EINVAL before, checked
    // before the length (litmus madvise+invalid: madvise(a, 0, MADV_POPULATE_WRITE) is EINVAL).
    madviseBehaviorValid: (advice) =>
      !LATER_ADVICE.has(advice) && linux61.decisions.madviseBehaviorValid(advice),
    // mm/mremap.c:move_vma (5.10) — vm_flags &= VM_LOCKED_CLEAR_MASK on the whole old VMA and
    // locked_vm left alone (litmus MREMAP_DONTUNMAP+locked_part: no split, VmLck stays 4P).
    mremapDontunmapUnlocksOnlyRange: false,
    // mm/gup.c:populate_vma_page_range (5.10) — as 4.4: FOLL_MLOCK, FOLL_POPULATE dropped for
    // VM_LOCKONFAULT, no early return for it, so mlock2(MLOCK_ONFAULT) of a PROT_NONE VMA
    // gets GUP's EFAULT, which mlock reports as ENOMEM (litmus MLOCK2_ONFAULT+PROT_NONE).
    populateGupFlags: (f) => linux44.decisions.populateGupFlags(f),
    // Before the 5.18 folio mlock rework (Hugh Dickins) PG_mlocked came from GUP's
    // FOLL_MLOCK and new anonymous pages only: a file page faulted into a locked VMA, or one
    // population skips (lock-on-fault), stays evictable (litmus MLOCK2_ONFAULT+past_EOF,
    // MLOCK2_ONFAULT+MAP_PRIVATE_file, fault_around_last_page+page_table).
    mlockPagesOnFault: false,
    // mm/mremap.c:SYSCALL mremap (5.10) — no VMA lookup before the 5.16 hugetlb mremap work:
    // an in-place shrink or same-size call unmaps the tail and returns addr, so over a hole it
    // succeeds (observed by conform: mremap(a + 4P, 2P, 1P, 0) past the end of a returns
    // a + 4P), and mremap_to unmaps a MREMAP_FIXED target before vma_to_resize's EFAULT
    // (litmus mremap+hole+MREMAP_FIXED).
    mremapLooksUpVmaFirst: false,
    // mm/mremap.c (v5.10): the in-place growth is vma_adjust, which merges with nothing.
    mremapExpandMerges: false,
    // mm/memory.c:wp_page_copy (5.10) — after a COW copy in a VM_LOCKED VMA the old page is
    // munlock_vma_page'd, which asks the rmap walk (try_to_munlock) only while the page is
    // mapped more than once: a fork child's mlock breaking COW unlocks the parent's pages
    // (litmus fork+child_mlock+COW). The 5.18 folio mlock rework dropped it.
    wpPageCopyMunlocksOldPage: true,
    // mm/mremap.c:vma_to_resize refuses MREMAP_DONTUNMAP of a file or shared mapping with
    // EINVAL until 5.13 (e346b3813067, "mm: Extend MREMAP_DONTUNMAP to non-anonymous
    // mappings"). Found by conform --seed 97 on 5.10; litmus MREMAP_DONTUNMAP+MAP_SHARED_file.
    mremapDontunmapAnonOnly: true,
    // mm/madvise.c:madvise_remove (5.10) asks for VM_SHARED|VM_WRITE: a read-only shared
    // mapping is EACCES even of a file opened for writing (litmus MADV_REMOVE+PROT_READ_shared;
    // 6.1.192 punches the hole).
    madviseRemoveNeedsVmWrite: true,
    // mm/mlock.c:count_mm_mlocked_page_nr (4.9 to 6.0) — start + len wraps: mlock2(a, -1P)
    // over a locked page gets no credit and fails the limit, ENOMEM where 6.1 counts up to
    // ULONG_MAX and reaches apply_vma_lock_flags' EINVAL (litmus mlock2+wrapping_len+rlimit).
    mlockCreditsLocked: 'wrapping',
  },
});

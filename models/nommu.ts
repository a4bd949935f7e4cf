// A kernel without an MMU (CONFIG_MMU=n), read from torvalds/linux v6.18 mm/nommu.c and
// kernel/sys_ni.c: every mapping is memory allocated (and zeroed) when it is made, the mlock
// family, mprotect and madvise are not built, MAP_LOCKED sets VM_LOCKED and nothing else,
// munmap stays within one VMA and mremap only resizes a private VMA in place.
// No kernel here can run it: x86-64 always has an MMU and no qemu target boots a nommu kernel,
// so its verdicts rest on reading the source alone (semantics 16).

import { linux618 } from './linux-6.18.js';
import { extend } from '../src/kernel/model.js';
import { LINUX_6_18_DECISIONS } from '../src/kernel/linuxDecisions.js';
import { VM_LOCKONFAULT, withoutFlags } from '../src/uapi/vmFlags.js';

/** kernel/sys_ni.c, the "mm/, CONFIG_MMU only" block, in its order: ENOSYS. */
const MMU_ONLY = ['mprotect', 'mlock', 'munlock', 'mlockall', 'munlockall', 'madvise', 'mlock2'];
/** memfd_secret needs the MMU too (mm/secretmem.c removes its pages from the direct map). */
const NOT_BUILT: ReadonlySet<string> = new Set([...MMU_ONLY, 'memfd_secret']);

export const nommu = extend(linux618, {
  name: 'nommu',
  description:
    'A nommu kernel (mm/nommu.c, v6.18): mappings populated at creation, MAP_POPULATE and ' +
    'MAP_LOCKED change nothing, mlock/mlock2/munlock/mlockall/munlockall/mprotect/madvise ENOSYS, ' +
    'munmap within one VMA, mremap resizes in place only, VMAs never merge',
  provenance:
    'read, not run: torvalds/linux v6.18 mm/nommu.c (do_mmap, determine_vm_flags, ' +
    'do_mmap_private, do_munmap, do_mremap) and kernel/sys_ni.c (the CONFIG_MMU-only COND_SYSCALLs); cannot be run on ' +
    'any kernel here (x86-64 has an MMU; no nommu target in mmspec kernels)',
  decisions: {
    // No MMU, no page tables: no transparent hugepages (CONFIG_TRANSPARENT_HUGEPAGE needs an MMU).
    thpUnmodelled: 'thp on: a nommu kernel has no transparent hugepages',
    callsNotBuilt: NOT_BUILT,
    // do_mmap_private allocates the whole region and do_mmap zeroes an anonymous one before
    // it returns: every page is there whatever the flags ask (MAP_POPULATE, MAP_NONBLOCK).
    mmapPopulates: () => true,
    // ... lock-on-fault included: there is no fault to wait for.
    populateGupFlags: (f) => LINUX_6_18_DECISIONS.populateGupFlags(withoutFlags(f, VM_LOCKONFAULT)),
    // determine_vm_flags takes MAP_LOCKED's VM_LOCKED (calc_vm_flag_bits) but do_mmap checks no
    // RLIMIT_MEMLOCK or CAP_IPC_LOCK. NOTE: nor does it charge locked_vm, which the model still
    // does (semantics 16).
    mmapLockAccounting: false,
    // do_munmap: one VMA, a file-backed one whole (src/kernel/nommuMunmap.ts).
    munmapWithinOneVma: true,
    // do_mremap: resize one whole private VMA in place, never past its allocation
    // (src/kernel/nommuMremap.ts).
    mremapResizesInPlaceOnly: true,
    // do_mmap makes a new VMA for every mapping and links it as it is (vma_iter_store_new):
    // nommu.c has no merge, and mm/vma.c, where the MMU kernel's merges live, is not built.
    vmasMerge: false,
  },
});

// Linux 7.3 (x86-64) as Debian's 7.3.4 behaves under qemu: linux-6.18 with the decision points
// that 7.3 takes differently. Each override says why (spec/kernels).
import { extend, type KernelModel } from '../src/kernel/model.js';
import {
  VM_DONTDUMP,
  VM_DONTEXPAND,
  VM_MAYREAD,
  VM_MIXEDMAP,
  VM_READ,
  VM_SPECIAL,
  vmFlags,
} from '../src/uapi/vmFlags.js';
import { linux618 } from './linux-6.18.js';

export const linux73: KernelModel = extend(linux618, {
  name: 'linux-7.3',
  description:
    'Linux 7.3 (x86-64) as observed on Debian 7.3.4 under qemu: vDSO data as a mixed map, ' +
    'MREMAP_DONTUNMAP locked_vm leak fixed, secretmem not lo.',
  provenance: 'torvalds/linux v7.3; observed on Debian 7.3.4-1~bpo13+1 (mmspec run --kernel)',
  decisions: {
    // Measured on the 7.3.4 guest (litmus thp/MADV_HUGEPAGE+read+write.mmt): a read fault maps a
    // new huge folio, not the huge zero page the host's 6.18.44 maps (as on the 6.12.117 guest:
    // the guests' setting or allocation, not pinned down).
    readFaultMapsHugeZeroPage: false,
    // Observed, cause not found in source: [vvar] is `rd mr de dd mm` (VM_MIXEDMAP, no
    // VM_PFNMAP | VM_IO) from 7.1 on; populate then no longer skips it, so MADV_POPULATE_READ
    // of [vvar] returns 0 (litmus mlock+vvar.mmt, MCL_CURRENT+vdso.mmt).
    vdsoDataVmFlags: vmFlags(VM_READ | VM_MAYREAD | VM_DONTEXPAND | VM_DONTDUMP | VM_MIXEDMAP),
    // The 6.16 to 7.1 MREMAP_DONTUNMAP locked_vm leak is gone in 7.2 and 7.3 (observed:
    // VmLck 2P then 0; spec/findings/MREMAP_DONTUNMAP-locked_vm-leak.md). Fixing commit not found.
    mremapDontunmapChargesTwice: false,
    // Observed (litmus MREMAP_DONTUNMAP+locked_part): only the moved part of a locked VMA
    // loses lo, split off the rest, as on 6.1 and 6.12 (6.16 to 6.18 unlock the whole VMA).
    mremapDontunmapUnlocksOnlyRange: true,
    // Observed, cause not found: a secretmem VMA shows no `lo` and VmLck does not count it,
    // as on 6.12 and 7.2 (6.16 to 7.1 do set it).
    secretmemMmapVmFlags: VM_DONTDUMP,
    // Observed on the 7.3.4 guest, cause not found in source: MADV_DOFORK of [vvar] (`rd mr de
    // dd mm`, no VM_IO) and of a page of [vdso] (VM_DONTEXPAND) is EINVAL, where 6.18 refuses
    // VM_IO only (litmus MADV_DOFORK+vdso.mmt); VM_SPECIAL is the narrowest set of flags both
    // carry and no mapping of the trace language has.
    madviseDoforkRefuses: VM_SPECIAL,
  },
});

// mremap(2) without an MMU (mm/nommu.c:do_mremap, v6.18): a mapping never moves. The call must
// name one whole VMA exactly (find_vma_exact), not a shared one (EPERM), and may only change
// its length within the memory do_mmap_private allocated for it (vm_region, else ENOMEM);
// MREMAP_FIXED is refused unless it names the same address, MREMAP_MAYMOVE changes nothing,
// and no other flag is checked.

import { MREMAP_FIXED } from '../uapi/constants.js';
import { VM_MAYSHARE, hasAny } from '../uapi/vmFlags.js';
import { PAGE, offsetInPage, pageAlign, toVpn, vpnToAddr } from './addr.js';
import { type Result, err, ok } from './result.js';
import type { Tx } from './tx.js';
import { unmapRange } from './unmap.js';
import { findVma } from './vmaList.js';

export function nommuMremap(
  tx: Tx,
  addr: bigint,
  oldLen: bigint,
  newLen: bigint,
  flags: number,
  newAddr: bigint,
): Result {
  const oldAligned = pageAlign(oldLen);
  const newAligned = pageAlign(newLen);
  if (oldAligned === 0n || newAligned === 0n) return err('EINVAL');
  if (offsetInPage(addr) !== 0n) return err('EINVAL');
  if (flags & MREMAP_FIXED && newAddr !== addr) return err('EINVAL');
  const v = tx.mm.vmas[findVma(tx.mm.vmas, toVpn(addr))];
  // find_vma_exact: start and end both match (so do_mremap's later EFAULT check never fires).
  if (v === undefined || vpnToAddr(v.start) !== addr || vpnToAddr(v.end) !== addr + oldAligned)
    return err('EINVAL');
  if (hasAny(v.flags, VM_MAYSHARE)) return err('EPERM');
  // NOTE: the model keeps no vm_region. With the default trim (CONFIG_NOMMU_INITIAL_TRIM_EXCESS
  // = 1) do_mmap_private allocates exactly the pages asked for, so growing past the mapping's
  // first length is ENOMEM as here; growing back after a shrink is allowed by the kernel (the
  // region keeps its size) and refused by the model.
  if (newAligned > oldAligned) return err('ENOMEM');
  // Only vm_end moves; the pages past it stay allocated in the region but in no VMA.
  if (newAligned < oldAligned) unmapRange(tx, v.start + Number(newAligned / PAGE), v.end);
  return ok(addr);
}

// munmap(2) without an MMU (mm/nommu.c:do_munmap, v6.18). The range must lie in the first
// VMA it meets: a file-backed VMA goes only as a whole (its end must be the range's end, and
// the range may not start inside it); an anonymous one may lose its head, its tail or a
// middle part (split_vma, then vmi_shrink_vma), which leaves what the MMU path would leave.
// Anything else, a range over no VMA included, is EINVAL (the MMU path returns 0 there).

import { PAGE, offsetInPage, pageAlign, toVpn, vpnToAddr } from './addr.js';
import { type Result, err, ok } from './result.js';
import type { Tx } from './tx.js';
import { unmapRange } from './unmap.js';
import { firstEndingAfter } from './vmaList.js';

const U64 = (1n << 64n) - 1n;

export function nommuMunmap(tx: Tx, start: bigint, len: bigint): Result {
  const aligned = pageAlign(len);
  if (aligned === 0n) return err('EINVAL');
  const end = (start + aligned) & U64;
  // vma_find(&vmi, end) from start: the first VMA ending after start that begins before end.
  const v = tx.mm.vmas[firstEndingAfter(tx.mm.vmas, toVpn(start))];
  if (v === undefined || vpnToAddr(v.start) >= end) return err('EINVAL');
  const vs = vpnToAddr(v.start);
  const ve = vpnToAddr(v.end);
  if (v.backing.kind === 'file') {
    // The loop moves on to the next VMA only to find it starts after `start`: EINVAL.
    if (start > vs || end !== ve) return err('EINVAL');
    unmapRange(tx, v.start, v.end);
    return ok(0n);
  }
  if (start !== vs || end !== ve) {
    if (start < vs || end > ve) return err('EINVAL');
    if (offsetInPage(start) !== 0n) return err('EINVAL');
  }
  unmapRange(tx, toVpn(start), toVpn(start) + Number(aligned / PAGE));
  return ok(0n);
}

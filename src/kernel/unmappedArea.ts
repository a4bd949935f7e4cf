// Choosing an address for a new mapping (mm/mmap.c:__get_unmapped_area with x86's
// arch_get_unmapped_area_topdown): a free hint is honoured; otherwise the highest gap below
// mmap_base is taken.

import { PAGE, TASK_SIZE, offsetInPage, pagesIn, toVpn, vpnToAddr } from './addr.js';
import { type Errno } from '../uapi/errno.js';
import type { Tx } from './tx.js';
import { firstEndingAfter } from './vmaList.js';
import { VM_GROWSDOWN, hasAny } from '../uapi/vmFlags.js';
import { MAP_FIXED } from '../uapi/constants.js';

/** mm/mmap.c:stack_guard_gap — 256 pages below a VM_GROWSDOWN VMA stay free. */
export const STACK_GUARD_GAP = 256;
/**
 * NOTE: where the top-down search starts. The real mmap_base is randomised below the stack;
 * only the trace's NULL hints decide where its regions go, so any high address will do.
 */
export const MODEL_MMAP_BASE = 0x7f00_0000_0000n;

/** Is [addr, addr + len) free, leaving the guard gap below a stack? */
function hintFree(tx: Tx, addr: bigint, len: bigint): boolean {
  const next = tx.mm.vmas[firstEndingAfter(tx.mm.vmas, toVpn(addr))];
  if (next === undefined) return true;
  const gap = hasAny(next.flags, VM_GROWSDOWN) ? STACK_GUARD_GAP : 0;
  return toVpn(addr + len) <= next.start - gap;
}

/** PAGE_MASK, as a negative bigint (every bit above the page offset): made once. */
const PAGE_MASK = ~(PAGE - 1n);

function topDown(tx: Tx, len: bigint): bigint | null {
  const pages = pagesIn(len);
  let ceiling = toVpn(MODEL_MMAP_BASE);
  for (let i = firstEndingAfter(tx.mm.vmas, ceiling) - 1; i >= -1; i--) {
    const below = tx.mm.vmas[i];
    const floor = below === undefined ? toVpn(0x10000n) : below.end;
    if (ceiling - floor >= pages) return vpnToAddr(ceiling - pages);
    if (below === undefined) return null;
    ceiling = Math.min(ceiling, below.start);
  }
  return null;
}

/** `len` is already page-aligned and non-zero. Returns the address or the errno. */
export function getUnmappedArea(tx: Tx, addr: bigint, len: bigint, flags: number): bigint | Errno {
  if (len > TASK_SIZE) return 'ENOMEM';
  let chosen: bigint | null;
  if (flags & MAP_FIXED) chosen = addr;
  else {
    const hint = addr & PAGE_MASK;
    chosen =
      hint !== 0n && TASK_SIZE - len >= hint && hintFree(tx, hint, len) ? hint : topDown(tx, len);
  }
  if (chosen === null) return 'ENOMEM';
  if (chosen > TASK_SIZE - len) return 'ENOMEM';
  if (offsetInPage(chosen) !== 0n) return 'EINVAL';
  return chosen;
}

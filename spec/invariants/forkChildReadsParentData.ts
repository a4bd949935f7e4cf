// A fork child reads what its parent reads (fork.2: at the time of fork both memory spaces
// have the same content; madvise.2 MADV_WIPEONFORK: such a range reads zero in the child):
// every page of a VMA the child got reads, in the child, the bytes it reads in the parent,
// or zero for an anonymous VM_WIPEONFORK VMA. kernel/fork.c:dup_mmap copies the PTEs only
// where mm/memory.c:vma_needs_copy says so (an anon_vma, a PFN or mixed map; never
// VM_WIPEONFORK): elsewhere the child's first access faults the page in again, from the page
// cache for a file mapping, zero for anonymous memory. Either way the bytes are the parent's.
// What the child's VMAs are (extent, flags) is forkChildInherits'; a guard marker is left to
// guard.ts (it reads nothing).

import { PTE_GUARD, PTE_NONE, PTE_ZERO } from '../../src/kernel/state.js';
import type { KernelState, Vma } from '../../src/kernel/state.js';
import { VM_WIPEONFORK, hasAny } from '../../src/uapi/vmFlags.js';
import type { TransitionInvariant } from './specInvariant.js';
import { everyForkedVma } from './_internals/forkedVmas.js';

/** What page `vpn` of `v` reads in `s`, as sorted offset=value pairs ('' for zeros); null: a guard. */
function reads(s: KernelState, v: Vma, vpn: number): string | null {
  const pte = v.ptes.at(vpn - v.start);
  if (pte === PTE_GUARD) return null;
  if (pte === PTE_ZERO) return '';
  let page = pte;
  if (pte === PTE_NONE) {
    // Not present: a fault maps the file's cache page (or reads zero past what was cached,
    // which a fresh read-in also is); anonymous memory reads zero.
    if (v.backing.kind !== 'file') return '';
    page = s.files[v.backing.file]?.cache.get(v.pgoff + (vpn - v.start)) ?? PTE_NONE;
    if (page === PTE_NONE) return '';
  }
  const data = s.pages.get(page)?.data;
  if (data === null || data === undefined) return '';
  return [...data.entries()]
    .filter(([, b]) => b !== 0)
    .sort(([x], [y]) => x - y)
    .join(';');
}

/** Whether each page of the child's copy `c` of `p` reads as the parent's does. */
function sameBytes(before: KernelState, p: Vma, after: KernelState, c: Vma): boolean {
  const wiped = hasAny(p.flags, VM_WIPEONFORK) && p.backing.kind === 'anon';
  for (let vpn = c.start; vpn < c.end; vpn++) {
    const child = reads(after, c, vpn);
    if (child === null) continue;
    const parent = wiped ? '' : reads(before, p, vpn);
    if (parent !== null && child !== parent) return false;
  }
  return true;
}

export const forkChildReadsParentData: TransitionInvariant = {
  kind: 'transition',
  calls: ['fork'],
  name: 'forkChildReadsParentData',
  source: 'kernel/fork.c:dup_mmap; mm/memory.c:vma_needs_copy, copy_page_range',
  holds: ({ before, call, after }) => {
    if (call.call !== 'fork') return true;
    return everyForkedVma(before, after, (p, c) => sameBytes(before, p, after, c));
  },
  // What a page holds is no observable of a trace (a read's value is not checked): in words.
  restate: () => ({
    checks: [],
    notes: [
      'every page the child got must read in the child as it read in the parent at the fork,',
      'and zero in an anonymous VM_WIPEONFORK VMA',
    ],
  }),
};

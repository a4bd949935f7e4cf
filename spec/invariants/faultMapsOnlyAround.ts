// An access touches only the page it faults, and a read fault of a file mapping the pages
// around it that the page cache holds (mm/memory.c:do_fault_around, mm/filemap.c:
// filemap_map_pages). So, after a read or write, successful or not:
// - no other process changed, and the process's VMAs are the same but for the one stack
//   growth a fault may make (mm/mmap.c:expand_downwards: a VM_GROWSDOWN VMA extended down to
//   the faulting page, its end and flags unchanged);
// - a PTE other than the faulted page's changed only from none to the page cache page of its
//   file index, below i_size, on a read fault of a file VMA, within the fault-around window:
//   fault_around_bytes (64 KiB, 16 pages) aligned down from the address, clamped to the VMA's
//   start, 16 pages from there, clamped to the VMA's end and to the page table
//   (PTRS_PER_PTE: the 2 MiB block of the address) — do_fault_around's from_pte and to_pte.
//   A write fault maps nothing around (do_cow_fault, do_shared_fault);
// - a read never replaces a present PTE of the faulted page (readFaultMapsSharedPage says
//   what it maps where none was).
// A huge PMD (mm/huge_memory.c:do_huge_pmd_anonymous_page) maps the 512 pages of its block at
// once: a block that is huge after the call may have all its PTEs changed.

import { PTE_NONE, currentMm, type Mm, type Vma } from '../../src/kernel/state.js';
import { VM_GROWSDOWN, hasAny } from '../../src/uapi/vmFlags.js';
import type { TransitionInvariant } from './specInvariant.js';
import { type Access, accessOf, cachedAt } from './_internals/accessFacts.js';
import { sameVmas } from './_internals/mmFacts.js';
import type { KernelState } from '../../src/kernel/state.js';

/** fault_around_bytes (64 KiB) in pages, and PTRS_PER_PTE. */
const FAULT_AROUND_PAGES = 16;
const PTRS_PER_PTE = 512;

/** do_fault_around's window for a fault at `vpn` of `v`: [from, to). */
function window(v: Vma, vpn: number): { from: number; to: number } {
  const from = Math.max(vpn - (vpn % FAULT_AROUND_PAGES), v.start);
  const table = vpn - (vpn % PTRS_PER_PTE) + PTRS_PER_PTE;
  return { from, to: Math.min(from + FAULT_AROUND_PAGES, table, v.end) };
}

/** Whether `w` is `v` after the access: the same, or `v` grown down to the faulted page. */
function sameVma(v: Vma, w: Vma, a: Access): boolean {
  if (v.end !== w.end || v.flags !== w.flags || v.backing.kind !== w.backing.kind) return false;
  if (v.backing.kind === 'file' && (w.backing.kind !== 'file' || v.backing.file !== w.backing.file))
    return false;
  if (v.start === w.start) return true;
  return hasAny(v.flags, VM_GROWSDOWN) && w.start === a.vpn && a.vpn < v.start;
}

/** Whether PTE `vpn` of `w` (v before the access) may have changed from `was` to `now`. */
function mayChange(
  s: KernelState,
  mm: Mm,
  w: Vma,
  a: Access,
  vpn: number,
  was: number,
  now: number,
) {
  if (vpn === a.vpn) return a.write || was === PTE_NONE;
  if (mm.hugePmds?.has(Math.floor(a.vpn / PTRS_PER_PTE)) === true)
    if (Math.floor(vpn / PTRS_PER_PTE) === Math.floor(a.vpn / PTRS_PER_PTE)) return true;
  if (a.write || was !== PTE_NONE || w.backing.kind !== 'file') return false;
  const file = s.files[w.backing.file];
  const index = w.pgoff + (vpn - w.start);
  if (file === undefined || index >= Math.ceil(file.size / 4096)) return false;
  const { from, to } = window(w, a.vpn);
  return vpn >= from && vpn < to && now === cachedAt(s, w, vpn);
}

export const faultMapsOnlyAround: TransitionInvariant = {
  kind: 'transition',
  // Every clause compares before with after (the VMAs and PTEs after against those before).
  holdsWhenUnchanged: true,
  calls: ['read', 'write'],
  name: 'faultMapsOnlyAround',
  source: 'mm/memory.c:do_fault_around, do_read_fault; mm/filemap.c:filemap_map_pages',
  holds: ({ before, call, after }) => {
    const a = accessOf(call);
    if (a === null) return true;
    if (after.procs.length !== before.procs.length) return false;
    for (let i = 0; i + 1 < after.procs.length; i++) {
      const b = before.procs[i];
      const c = after.procs[i];
      if (b === undefined || c === undefined || !sameVmas(b, c)) return false;
    }
    const mm = currentMm(before);
    const now = currentMm(after);
    if (mm.vmas === now.vmas) return true;
    if (mm.vmas.length !== now.vmas.length) return false;
    for (let k = 0; k < now.vmas.length; k++) {
      const v = mm.vmas[k];
      const w = now.vmas[k];
      if (v === undefined || w === undefined || !sameVma(v, w, a)) return false;
      if (v.ptes.equals(w.ptes) && v.start === w.start) continue;
      for (let vpn = w.start; vpn < w.end; vpn++) {
        const was = vpn < v.start ? PTE_NONE : v.ptes.at(vpn - v.start);
        const pte = w.ptes.at(vpn - w.start);
        if (pte !== was && !mayChange(after, now, w, a, vpn, was, pte)) return false;
      }
    }
    return true;
  },
  restate: () => ({
    checks: [],
    notes: [
      'an access may change only the faulted page, and on a read of a file mapping map the',
      'cached pages of the fault-around window; no other VMA or process may change',
    ],
  }),
};

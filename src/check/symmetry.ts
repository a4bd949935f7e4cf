// Symmetry reduction over regions: every region placed so far (k < hints) is tried with the
// same letters, and regions lie REGION_STRIDE apart so none is ever adjacent to another (no
// merge, no split, no fault crosses between them). Swapping two placed regions, addresses and
// anon pgoffs moved along, gives a state the bound cannot tell apart, so the explorer stores
// one representative: regions sorted by what they hold.
// NOTE: the one thing the order of regions decides is the order mlockall and munlockall walk
// them (mm/mlock.c:apply_mlockall_flags), hence the order of entries in the per-CPU mlock
// batch; each walk drains the batch before it returns (populate, mlock_fixup page walks), and
// entries of distinct pages commute. Regions not placed yet are all empty and stay in order.

import type { KernelState, Mm, Vma } from '../kernel/state.js';
import { PTE_NONE } from '../kernel/state.js';
import type { BoundedState } from './boundedState.js';
import { BASE_VPN, STRIDE_VPN } from './_internals/layout.js';
import { PTRS_PER_PTE, pmdOf } from '../kernel/pageTables.js';
import { PmdRanges } from '../kernel/pmdRanges.js';

const slotOfVpn = (vpn: number): number => Math.floor((vpn - BASE_VPN) / STRIDE_VPN);

function pageSig(k: KernelState, pte: number): string {
  if (pte <= PTE_NONE) return String(pte);
  const p = k.pages.get(pte);
  if (p === undefined) return '?';
  return `${p.mlocked ? 'L' : 'p'}${p.unevictable ? 'u' : ''}${p.mlockCount}${p.mapCount}${p.file}${p.data?.get(0) ?? ''}${k.mlockUncertain.includes(pte) ? '?' : ''}`;
}

/** What region `slot` holds, without ids: equal signatures for regions that differ only in ids. */
export function signature(k: KernelState, slot: number): string {
  const parts: string[] = [];
  for (const mm of k.procs) {
    for (const v of mm.vmas) {
      if (slotOfVpn(v.start) !== slot) continue;
      const pg = v.backing.kind === 'file' ? `f${v.pgoff}` : `a${v.pgoff - v.start}`;
      parts.push(
        `${v.start - BASE_VPN - slot * STRIDE_VPN}:${v.end - v.start}:${v.flags}:${pg}:${v.anonVmaForked ? 1 : 0}`,
      );
      for (const pte of v.ptes.toArray()) parts.push(pageSig(k, pte));
    }
    const pmd = pmdOf(BASE_VPN + slot * STRIDE_VPN);
    parts.push(mm.pageTables.has(pmd) ? 't|' : '|');
  }
  return parts.join(',');
}

function moveVma(v: Vma, map: readonly number[]): Vma {
  const from = slotOfVpn(v.start);
  const delta = ((map[from] ?? from) - from) * STRIDE_VPN;
  let pgoff = v.pgoff;
  if (v.backing.kind === 'anon') {
    const p = slotOfVpn(v.pgoff);
    pgoff = v.pgoff + ((map[p] ?? p) - p) * STRIDE_VPN;
  }
  return delta === 0 && pgoff === v.pgoff
    ? v
    : { ...v, start: v.start + delta, end: v.end + delta, pgoff };
}

function moveMm(mm: Mm, map: readonly number[]): Mm {
  const vmas = mm.vmas.map((v) => moveVma(v, map)).sort((a, b) => a.start - b.start);
  // Each region lies under one PMD, so its page table moves with it.
  const pageTables = PmdRanges.of(
    [...mm.pageTables.pmds()].map((pmd) => {
      const from = slotOfVpn(pmd * PTRS_PER_PTE);
      return pmd + (((map[from] ?? from) - from) * STRIDE_VPN) / PTRS_PER_PTE;
    }),
  );
  return { ...mm, vmas, pageTables };
}

/**
 * The relabelling that puts `regions` placed regions in order of `sig` (ties keep their
 * order): map[old slot] = new slot, or null when they are in order already.
 */
export function sortingMap(regions: number, sig: (slot: number) => string): number[] | null {
  if (regions < 2) return null;
  const sigs = Array.from({ length: regions }, (_, slot) => ({ slot, sig: sig(slot) }));
  const sorted = sigs
    .slice()
    .sort((a, b) => (a.sig < b.sig ? -1 : a.sig > b.sig ? 1 : a.slot - b.slot));
  if (sorted.every((e, i) => e.slot === i)) return null;
  const map: number[] = [];
  sorted.forEach((e, i) => (map[e.slot] = i));
  return map;
}

/** The representative of `s`'s class: placed regions in order of their signatures. */
export function canonicalRegions(s: BoundedState): BoundedState {
  const map = sortingMap(s.hints, (slot) => signature(s.kernel, slot));
  return map === null ? s : permuteRegions(s, map);
}

/** `s` with region k moved to region map[k] (a permutation of the placed regions). */
export function permuteRegions(s: BoundedState, map: readonly number[]): BoundedState {
  const kernel: KernelState = { ...s.kernel, procs: s.kernel.procs.map((mm) => moveMm(mm, map)) };
  return { ...s, kernel };
}

/** Every permutation of 0..n-1. */
export function permutations(n: number): number[][] {
  if (n <= 1) return [[0]];
  return permutations(n - 1).flatMap((p) =>
    Array.from({ length: n }, (_, i) => [...p.slice(0, i), n - 1, ...p.slice(i)]),
  );
}

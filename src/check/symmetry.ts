// Symmetry reduction over regions: every region placed so far (k < hints) is tried with the
// same letters, and regions lie REGION_STRIDE apart so none is ever adjacent to another (no
// merge, no split, no fault crosses between them). Swapping two placed regions, addresses and
// anon pgoffs moved along, gives a state the bound cannot tell apart, so the explorer stores
// one representative: regions sorted by what they hold.
// NOTE: the one thing the order of regions decides is the order mlockall and munlockall walk
// them (mm/mlock.c:apply_mlockall_flags), hence the order of entries in the per-CPU mlock
// batch; each walk drains the batch before it returns (populate, mlock_fixup page walks), and
// entries of distinct pages commute. Regions not placed yet are all empty and stay in order.

import {
  type KernelState,
  type Mm,
  PTE_NONE,
  type Vma,
  vmaWith,
  mmWithVmas,
} from '../kernel/state.js';
import type { BoundedState } from './boundedState.js';
import { BASE_VPN, STRIDE_VPN, anonSlotOf } from './_internals/layout.js';
import { PTRS_PER_PTE, pmdOf } from '../kernel/pageTables.js';
import { PmdRanges } from '../kernel/pmdRanges.js';

const slotOfVpn = (vpn: number): number => Math.floor((vpn - BASE_VPN) / STRIDE_VPN);

/** One round of MurmurHash3's mixing: folds the integer `x` into the hash `h`. */
function mix(h: number, x: number): number {
  let k = Math.imul(x | 0, 0xcc9e2d51);
  k = (k << 15) | (k >>> 17);
  h ^= Math.imul(k, 0x1b873593);
  h = (h << 13) | (h >>> 19);
  return (Math.imul(h, 5) + 0xe6546b64) | 0;
}

function mixPage(k: KernelState, h: number, pte: number): number {
  if (pte <= PTE_NONE) return mix(h, pte);
  const p = k.pages.get(pte);
  if (p === undefined) return mix(h, -100);
  const bits =
    (p.mlocked ? 1 : 0) | (p.unevictable ? 2 : 0) | (k.mlockUncertain.includes(pte) ? 4 : 0);
  h = mix(h, bits);
  h = mix(h, p.mlockCount);
  h = mix(h, p.mapCount);
  h = mix(h, p.file);
  return mix(h, p.data?.get(0) ?? -1);
}

/** One VMA folded into its region's hash `h` (see signatures). */
function mixVma(k: KernelState, h: number, v: Vma, slot: number): number {
  h = mix(h, v.start - BASE_VPN - slot * STRIDE_VPN);
  h = mix(h, v.end - v.start);
  h = mix(h, v.flags % 2 ** 32);
  h = mix(h, Math.floor(v.flags / 2 ** 32));
  if (v.backing.kind === 'file') h = mix(mix(h, 1), v.pgoff);
  else {
    const p = anonSlotOf(v.pgoff);
    h =
      p === slot
        ? mix(mix(h, 2), v.pgoff - v.start)
        : mix(mix(h, 3), v.pgoff - BASE_VPN - p * STRIDE_VPN);
  }
  h = mix(h, v.anonVmaForked ? 1 : 0);
  const ptes = v.ptes.toArray();
  for (let i = 0; i < ptes.length; i++) h = mixPage(k, h, ptes[i] ?? PTE_NONE);
  return h;
}

/**
 * What each of regions 0 .. `regions` - 1 holds, into `out`: a hash of everything but ids and
 * the region's own number, equal for regions that differ only in ids or in where they lie.
 * Invariant under any relabelling of the regions, which is what makes canonicalRegions
 * idempotent: an anon VMA's pgoff is hashed relative to its own start when it points into its
 * own region, and as "another region" plus the offset there when MREMAP_DONTUNMAP (or a move)
 * left it pointing into another one (hashing the raw distance, as before, changed when the
 * regions were swapped). Unequal regions may collide (2^-32): they then keep their relative
 * order, which costs a duplicate representative at worst, never soundness. One walk over the
 * VMAs for all regions (canonicalRegions runs for every successor); each region's hash takes
 * its VMAs in the order of the walk, so it is the same as hashing that region alone.
 */
export function signatures(k: KernelState, regions: number, out: Float64Array): void {
  const h = out;
  for (let slot = 0; slot < regions; slot++) h[slot] = 0x9747b28c;
  for (const mm of k.procs) {
    for (const v of mm.vmas) {
      const slot = slotOfVpn(v.start);
      if (slot >= 0 && slot < regions) h[slot] = mixVma(k, h[slot] ?? 0, v, slot);
    }
    for (let slot = 0; slot < regions; slot++)
      h[slot] = mix(h[slot] ?? 0, mm.pageTables.has(pmdOf(BASE_VPN + slot * STRIDE_VPN)) ? -2 : -3);
  }
}

/** What region `slot` holds (signatures, for one region). */
export function signature(k: KernelState, slot: number): number {
  const out = new Float64Array(slot + 1);
  signatures(k, slot + 1, out);
  return out[slot] ?? 0;
}

function moveVma(v: Vma, map: readonly number[]): Vma {
  const from = slotOfVpn(v.start);
  const delta = ((map[from] ?? from) - from) * STRIDE_VPN;
  let pgoff = v.pgoff;
  if (v.backing.kind === 'anon') {
    const p = anonSlotOf(v.pgoff);
    pgoff = v.pgoff + ((map[p] ?? p) - p) * STRIDE_VPN;
  }
  return delta === 0 && pgoff === v.pgoff
    ? v
    : vmaWith(v, v.start + delta, v.end + delta, v.flags, pgoff, v.ptes);
}

function moveMm(mm: Mm, map: readonly number[]): Mm {
  const vmas = mm.vmas.map((v) => moveVma(v, map)).sort((a, b) => a.start - b.start);
  // Each region lies under one PMD, so its page table moves with it.
  const pmds: number[] = [];
  const bounds = mm.pageTables.flat;
  for (let k = 0; k < bounds.length; k += 2)
    for (let pmd = bounds[k] ?? 0; pmd < (bounds[k + 1] ?? 0); pmd++) {
      const from = slotOfVpn(pmd * PTRS_PER_PTE);
      pmds.push(pmd + (((map[from] ?? from) - from) * STRIDE_VPN) / PTRS_PER_PTE);
    }
  return mmWithVmas({ ...mm, pageTables: PmdRanges.of(pmds) }, vmas);
}

/**
 * The relabelling that puts `regions` placed regions in order of `sig` (ties keep their
 * order): map[old slot] = new slot, or null when they are in order already.
 */
export function sortingMap(
  regions: number,
  sig: (slot: number) => string | number,
): number[] | null {
  if (regions < 2) return null;
  const keys: (string | number)[] = [];
  // Most states are in order already: say so without sorting.
  let inOrder = true;
  for (let slot = 0; slot < regions; slot++) {
    const key = sig(slot);
    const prev = keys[slot - 1];
    if (prev !== undefined && prev > key) inOrder = false;
    keys.push(key);
  }
  if (inOrder) return null;
  // Insertion sort of the slots by key, stable (a handful of regions; canonicalRegions runs
  // this for every successor out of order).
  const order: number[] = [];
  for (let slot = 0; slot < regions; slot++) {
    const key = keys[slot] ?? 0;
    let j = order.length;
    while (j > 0 && (keys[order[j - 1] ?? 0] ?? 0) > key) j--;
    order.splice(j, 0, slot);
  }
  const map: number[] = [];
  for (let i = 0; i < regions; i++) map[order[i] ?? i] = i;
  return map;
}

/** Signatures of the placed regions, reused: canonicalRegions runs for every successor. */
const sigs = new Float64Array(8);

/**
 * The relabelling that takes `s` to the representative of its class (placed regions in order
 * of their signatures), or null when `s` is the representative: what canonicalRegions applies,
 * and what the checker's codec encodes with, without building the permuted state.
 */
export function canonicalMap(s: BoundedState): number[] | null {
  const n = s.hints;
  if (n < 2) return null;
  signatures(s.kernel, n, sigs);
  let sorted = true;
  for (let slot = 1; slot < n; slot++)
    if ((sigs[slot - 1] ?? 0) > (sigs[slot] ?? 0)) sorted = false;
  if (sorted) return null;
  return sortingMap(n, (slot) => sigs[slot] ?? 0);
}

/** The representative of `s`'s class: placed regions in order of their signatures. */
export function canonicalRegions(s: BoundedState): BoundedState {
  const map = canonicalMap(s);
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

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
  type Page,
  type Vma,
  vmaWith,
  mmWithVmas,
} from '../kernel/state.js';
import type { BoundedState } from './boundedState.js';
import { BASE_VPN, STRIDE_VPN, anonSlotOf } from './_internals/layout.js';
import { PTRS_PER_PTE, pmdOf } from '../kernel/pageTables.js';
import { PmdRanges } from '../kernel/pmdRanges.js';

const slotOfVpn = (vpn: number): number => Math.floor((vpn - BASE_VPN) / STRIDE_VPN);
const vpnOfRegion = (slot: number): number => BASE_VPN + slot * STRIDE_VPN;

/** One round of MurmurHash3's mixing: folds the integer `x` into the hash `h`. */
function mix(h: number, x: number): number {
  let k = Math.imul(x | 0, 0xcc9e2d51);
  k = (k << 15) | (k >>> 17);
  h ^= Math.imul(k, 0x1b873593);
  h = (h << 13) | (h >>> 19);
  return (Math.imul(h, 5) + 0xe6546b64) | 0;
}

function mixPage(k: KernelState, h: number, pte: number, memo: RegionMemo): number {
  if (pte <= PTE_NONE) return mix(h, pte);
  const p = k.pages.get(pte);
  memo.saw(p);
  if (p === undefined) return mix(h, -100);
  const bits =
    (p.mlocked ? 1 : 0) | (p.unevictable ? 2 : 0) | (k.mlockUncertain.includes(pte) ? 4 : 0);
  h = mix(h, bits);
  h = mix(h, p.mlockCount);
  h = mix(h, p.mapCount);
  h = mix(h, p.file);
  return mix(h, p.data?.get(0) ?? -1);
}

/** One VMA folded into its region's hash `h` (see signatures); `memo` notes its pages. */
function mixVma(k: KernelState, h: number, v: Vma, slot: number, memo: RegionMemo): number {
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
  h = mix(h, memo.anonVmaNumber(v.anonVma));
  const ptes = v.ptes.toArray();
  for (let i = 0; i < ptes.length; i++) h = mixPage(k, h, ptes[i] ?? PTE_NONE, memo);
  return h;
}

/**
 * What each of regions 0 .. `regions` - 1 holds, into `out`: a hash of everything but ids and
 * the region's own number, equal for regions that differ only in ids or in where they lie, then
 * refined with what ties it to the others (RegionLinks: pgoffs into another region, anon_vmas
 * shared, pages waiting in the mlock batch). Equal signatures then mean regions that only a
 * relabelling tells apart, which makes the representative canonical: every relabelling of a
 * state has the same one (every state of the default bound to depth 6, spec/reduction.md;
 * test/check/symmetry.test.ts to depth 3). A tie left between regions that differ (a collision,
 * or links one round of refinement cannot tell apart) costs a second representative, never
 * soundness. Invariant under any relabelling of the regions, which is what makes canonicalRegions
 * idempotent: an anon VMA's pgoff is hashed relative to its own start when it points into its
 * own region, and as "another region" plus the offset there when MREMAP_DONTUNMAP (or a move)
 * left it pointing into another one (hashing the raw distance, as before, changed when the
 * regions were swapped). Unequal regions may collide (2^-32): they then keep their relative
 * order, which costs a duplicate representative at worst, never soundness. One walk over the
 * VMAs for all regions (canonicalRegions runs for every successor); each region's hash takes
 * its VMAs in the order of the walk, so it is the same as hashing that region alone.
 */
export function signatures(k: KernelState, regions: number, out: Float64Array): void {
  for (let slot = 0; slot < regions; slot++) {
    const m = (memos[slot] ??= new RegionMemo());
    m.count = 0;
    m.tables = 0;
  }
  links.start(k, regions);
  const procs = k.procs;
  for (let i = 0; i < procs.length; i++) {
    const mm = procs[i];
    if (mm === undefined) continue;
    const vmas = mm.vmas;
    for (let j = 0; j < vmas.length; j++) {
      const v = vmas[j];
      if (v === undefined) continue;
      const slot = slotOfVpn(v.start);
      if (slot < 0 || slot >= regions) continue;
      memos[slot]?.add(v);
      links.note(k, v, slot, regions);
    }
    // Which regions have a page table: the set's few ranges walked once, not searched for each
    // region. Each region lies under one PMD, the one its first page is in.
    const bounds = mm.pageTables.flat;
    for (let b = 0; b < bounds.length; b += 2)
      for (let pmd = bounds[b] ?? 0; pmd < (bounds[b + 1] ?? 0); pmd++) {
        const vpn = pmd * PTRS_PER_PTE;
        const slot = slotOfVpn(vpn);
        const m = memos[slot];
        if (slot >= 0 && slot < regions && m !== undefined && pmdOf(vpnOfRegion(slot)) === pmd)
          m.tables |= 1 << i;
      }
    for (let slot = 0; slot < regions; slot++) memos[slot]?.add(null);
  }
  for (let slot = 0; slot < regions; slot++) out[slot] = memos[slot]?.hash(k, slot) ?? 0;
  if (links.any) links.refine(out, regions);
}

/**
 * What ties regions to one another, which no region's own hash can see (nor its memo check, so
 * it is found afresh every time): an anon VMA whose pgoff points into another region
 * (MREMAP_DONTUNMAP, or a move, left it so), an anon_vma two regions share (the moved VMA keeps
 * it, mm/vma.c:copy_vma), and the order in which their pages wait in the mlock batch. Two
 * regions alike in themselves but at different ends of such a link must not tie, or a state and
 * its relabelling keep two representatives (at the default bound's depth 5, 124 states had a
 * relabelling with other words for a link, 6 for the batch's order). So each region's hash is
 * refined once with, for every link it has, the link's place and the hash of the region at its
 * other end, summed so that their order does not count, and with its pages' places in the batch.
 */
class RegionLinks {
  /** Per link: its two ends (slots) and what each end's hash takes of it. */
  private readonly from: number[] = [];
  private readonly to: number[] = [];
  private readonly atFrom: number[] = [];
  private readonly atTo: number[] = [];
  count = 0;
  /** The anon_vma ids met on this walk, with the slot and page of each VMA that has one. */
  private readonly anonVmas: number[] = [];
  private readonly anonVmaSlots: number[] = [];
  private readonly anonVmaPages: number[] = [];
  private anonVmaCount = 0;
  private readonly extra = new Float64Array(8);
  /** Per slot: what its pages' places in the mlock batch add to its hash (0: none). */
  private readonly queued = new Float64Array(8);
  /** Whether a page of a placed region waits in the batch (queued is then set). */
  private anyQueued = false;

  /** Starts a walk over the VMAs of `k` (each then given to `note`). */
  start(k: KernelState, regions: number): void {
    this.count = 0;
    this.anonVmaCount = 0;
    this.anyQueued = false;
    if (k.mlockBatch.length > 0) this.queued.fill(0, 0, regions);
  }

  /** Notes what VMA `v` of `k`, in placed region `slot`, ties to other regions. */
  note(k: KernelState, v: Vma, slot: number, regions: number): void {
    if (k.mlockBatch.length > 0) this.inBatch(k.mlockBatch, v, slot);
    if (v.backing.kind !== 'anon') return;
    const at = v.start - vpnOfRegion(slot);
    const into = anonSlotOf(v.pgoff);
    if (into !== slot && into >= 0 && into < regions) {
      const place = mix(at, v.pgoff - vpnOfRegion(into));
      this.add(slot, into, mix(1, place), mix(2, place));
    }
    if (v.anonVma !== 0) this.shares(slot, v.anonVma, at);
  }

  /**
   * Notes where the pages `v` maps wait in the mlock batch, and for what: two regions alike
   * but for the order their pages were queued in are not the same state (the codec keeps the
   * batch in order), so the order must tell them apart.
   */
  private inBatch(batch: KernelState['mlockBatch'], v: Vma, slot: number): void {
    const ptes = v.ptes.toArray();
    for (let i = 0; i < ptes.length; i++) {
      const pte = ptes[i] ?? PTE_NONE;
      if (pte <= PTE_NONE) continue;
      for (let j = 0; j < batch.length; j++) {
        const e = batch[j];
        if (e === undefined || e.page !== pte) continue;
        const op = e.op === 'new' ? 1 : e.op === 'mlock' ? 2 : 3;
        const at = v.start - vpnOfRegion(slot) + i;
        this.queued[slot] = ((this.queued[slot] ?? 0) + mix(mix(mix(5, at), j), op)) | 0;
        this.anyQueued = true;
      }
    }
  }

  /** Whether any region has a link or a page in the batch (refine has work to do). */
  get any(): boolean {
    return this.count > 0 || this.anyQueued;
  }

  /**
   * Notes that region `slot` has anon_vma `id` in its VMA at page `at`: a link to every other
   * region met with it so far, each end knowing both places (the same whatever the walk's order).
   */
  private shares(slot: number, id: number, at: number): void {
    for (let i = 0; i < this.anonVmaCount; i++) {
      const other = this.anonVmaSlots[i] ?? slot;
      if (this.anonVmas[i] !== id || other === slot) continue;
      const page = this.anonVmaPages[i] ?? 0;
      this.add(slot, other, mix(mix(3, at), page), mix(mix(3, page), at));
    }
    this.anonVmas[this.anonVmaCount] = id;
    this.anonVmaSlots[this.anonVmaCount] = slot;
    this.anonVmaPages[this.anonVmaCount++] = at;
  }

  private add(from: number, to: number, atFrom: number, atTo: number): void {
    this.from[this.count] = from;
    this.to[this.count] = to;
    this.atFrom[this.count] = atFrom;
    this.atTo[this.count++] = atTo;
  }

  /** Mixes into each linked region's hash in `out` its links and the hashes at their ends. */
  refine(out: Float64Array, regions: number): void {
    const extra = this.extra;
    if (this.anyQueued) extra.set(this.queued.subarray(0, regions));
    else extra.fill(0, 0, regions);
    for (let i = 0; i < this.count; i++) {
      const from = this.from[i] ?? 0;
      const to = this.to[i] ?? 0;
      extra[from] = ((extra[from] ?? 0) + mix(this.atFrom[i] ?? 0, out[to] ?? 0)) | 0;
      extra[to] = ((extra[to] ?? 0) + mix(this.atTo[i] ?? 0, out[from] ?? 0)) | 0;
    }
    for (let slot = 0; slot < regions; slot++)
      if (extra[slot] !== 0) out[slot] = mix(out[slot] ?? 0, extra[slot] ?? 0);
  }
}

const links = new RegionLinks();

/**
 * What one region's signature was last computed from, and the signature. The step is copy on
 * write: a successor shares with its parent, and with the parent's other successors, every VMA
 * its call left alone, and every page it did not change, so most regions of most successors
 * the checker encodes come with the same VMA objects, and the same Page objects under their
 * PTEs, as the region last hashed. The signature is then read back, not hashed again: the
 * pages are still looked up (unless the whole page store is the same object), the mixing is
 * spared. The check is by identity, so a region rebuilt equal is hashed again (to the same
 * value: only the work is lost).
 */
class RegionMemo {
  /** This walk's VMAs of the region, process by process, each process ended by a null. */
  private vmas: (Vma | null)[] = [];
  count = 0;
  /** Bit i: process i has the region's page table. */
  tables = 0;
  /**
   * Two signatures kept, the one read or made last first: a run of successors that each
   * change the region (each its own signature) then leaves the parent's in the other one.
   */
  private readonly kept = [new Signed(), new Signed()];
  private recent = 0;
  /** The signature being made, whose pages mixPage notes (saw). */
  private making: Signed | undefined;
  /** The anon_vma ids the signature being made has met, in order (anonVmaNumber). */
  private readonly anonVmaIds: number[] = [];
  private anonVmaCount = 0;

  add(v: Vma | null): void {
    this.vmas[this.count++] = v;
  }

  /**
   * The region's anon_vma `id` numbered by first use in the signature's walk (0 for none), so
   * that which of its VMAs share an anon_vma is hashed, not the ids: a VMA split in two shares
   * one (mm/vma.c:__split_vma), two faulted apart do not, and the codec tells them apart
   * (whether they may merge again), so regions differing only there must not tie.
   */
  anonVmaNumber(id: number): number {
    if (id === 0) return 0;
    const ids = this.anonVmaIds;
    for (let i = 0; i < this.anonVmaCount; i++) if (ids[i] === id) return i + 1;
    ids[this.anonVmaCount] = id;
    return ++this.anonVmaCount;
  }

  /** The signature of region `slot` of `k`, whose VMAs and tables were just added. */
  hash(k: KernelState, slot: number): number {
    const first = this.kept[this.recent];
    if (first === undefined) return 0;
    if (first.matches(k, this.vmas, this.count, this.tables)) {
      first.reads++;
      return first.hash;
    }
    const other = this.kept[1 - this.recent];
    if (other === undefined) return 0;
    if (other.matches(k, this.vmas, this.count, this.tables)) {
      other.reads++;
      this.recent = 1 - this.recent;
      return other.hash;
    }
    // Made anew into the one read less recently, unless that one has been read again since it
    // was made and the recent one has not: a successor's own new region is seldom met again,
    // while its parent's (every other successor's) is, and a run of successors that each change
    // the region would otherwise push the parent's out after two.
    const into = other.reads > 0 && first.reads === 0 ? first : other;
    this.recent = into === first ? this.recent : 1 - this.recent;
    into.pageCount = 0;
    into.reads = 0;
    this.making = into;
    this.anonVmaCount = 0;
    let h = 0x9747b28c;
    let proc = 0;
    for (let j = 0; j < this.count; j++) {
      const v = this.vmas[j];
      if (v !== null && v !== undefined) h = mixVma(k, h, v, slot, this);
      else h = mix(h, (this.tables >> proc++) & 1 ? -2 : -3);
    }
    // This walk's list becomes the kept one's, and the kept one's is reused for the next walk.
    this.vmas = into.keep(this.vmas, this.count, this.tables, k, h);
    return h;
  }

  /** Notes the Page a PTE of the region maps, as mixPage hashes it. */
  saw(p: Page | undefined): void {
    const m = this.making;
    if (m !== undefined) m.pages[m.pageCount++] = p;
  }
}

/** One signature of a region with what it was hashed from (RegionMemo). */
class Signed {
  private vmas: (Vma | null)[] = [];
  private count = -1;
  private tables = 0;
  private store: KernelState['pages'] | null = null;
  private uncertain: readonly number[] | null = null;
  /** The Page under each PTE that maps one, in the order hashed (pageCount of them). */
  readonly pages: (Page | undefined)[] = [];
  pageCount = 0;
  hash = 0;
  /** Times read back since made (RegionMemo.hash's choice of which to make anew). */
  reads = 0;

  /** Keeps `hash` as made from these; returns the list it held, for the caller to reuse. */
  keep(
    vmas: (Vma | null)[],
    count: number,
    tables: number,
    k: KernelState,
    hash: number,
  ): (Vma | null)[] {
    const old = this.vmas;
    this.vmas = vmas;
    this.count = count;
    this.tables = tables;
    this.store = k.pages;
    this.uncertain = k.mlockUncertain;
    this.hash = hash;
    return old;
  }

  /** Whether region's VMAs `vmas` of `k`, and its tables, are the ones this was made from. */
  matches(k: KernelState, vmas: readonly (Vma | null)[], count: number, tables: number): boolean {
    if (count !== this.count || tables !== this.tables) return false;
    const u = this.uncertain;
    if (k.mlockUncertain !== u && (u === null || u.length > 0 || k.mlockUncertain.length > 0))
      return false;
    for (let j = 0; j < count; j++) if (vmas[j] !== this.vmas[j]) return false;
    if (k.pages === this.store) return true;
    // The same VMAs over another page store: the same pages, if each PTE finds the same Page.
    let n = 0;
    for (let j = 0; j < count; j++) {
      const ptes = vmas[j]?.ptes.toArray();
      if (ptes === undefined) continue;
      for (let i = 0; i < ptes.length; i++) {
        const pte = ptes[i] ?? PTE_NONE;
        if (pte > PTE_NONE && k.pages.get(pte) !== this.pages[n++]) return false;
      }
    }
    this.store = k.pages;
    return true;
  }
}

/** Each region's memo (RegionMemo), made on first use: one set a module, hence a thread. */
const memos: RegionMemo[] = [];

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
  return mmWithVmas(mm, vmas, PmdRanges.of(pmds));
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
/** The slots in order of their signatures, reused as sigs is. */
const order = new Int32Array(8);

/**
 * The relabelling that takes `s` to the representative of its class (placed regions in order
 * of their signatures), or null when `s` is the representative: what canonicalRegions applies,
 * and what the checker's codec encodes with, without building the permuted state.
 */
export function canonicalMap(s: BoundedState): readonly number[] | null {
  const n = s.hints;
  if (n < 2) return null;
  signatures(s.kernel, n, sigs);
  let sorted = true;
  for (let slot = 1; slot < n; slot++)
    if ((sigs[slot - 1] ?? 0) > (sigs[slot] ?? 0)) sorted = false;
  if (sorted) return null;
  // sortingMap's stable insertion sort, on the signatures themselves: no key list or closure.
  for (let slot = 0; slot < n; slot++) {
    const key = sigs[slot] ?? 0;
    let j = slot;
    for (; j > 0 && (sigs[order[j - 1] ?? 0] ?? 0) > key; j--) order[j] = order[j - 1] ?? 0;
    order[j] = slot;
  }
  // One map a permutation, made once: 30% of successors are out of order, and each made an
  // array of its own, written out of order (a holey one, slower for the codec to read).
  let key = n;
  for (let i = 0; i < n; i++) key = key * 8 + (order[i] ?? i);
  let map = maps.get(key);
  if (map === undefined) {
    const made: number[] = [];
    for (let i = 0; i < n; i++) made.push(0);
    for (let i = 0; i < n; i++) made[order[i] ?? i] = i;
    map = made;
    maps.set(key, map);
  }
  return map;
}

/** canonicalMap's maps by the order they come of (n, then order[0..n) in base 8: n < 8). */
const maps = new Map<number, readonly number[]>();

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

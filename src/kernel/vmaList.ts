// The VMA list of an mm: lookup, split and merge (mm/vma.c). Merging decides what
// /proc/PID/smaps shows, so the rules are the kernel's: equal flags, same file, contiguous
// pgoff, compatible anon_vma, nothing special (semantics 14).

import { insertItem, replaceWithOne, replaceWithTwo } from './_internals/listEdits.js';
import { adjustTransHuge } from './hugePmd.js';
import { type Vma, type Vpn, vmaWith } from './state.js';
import type { Tx } from './tx.js';
import { VM_SPECIAL, type VmFlags, hasAny } from '../uapi/vmFlags.js';

/**
 * vmas[i], or undefined for any i outside the list, -1 included: a negative index is no array
 * index but a property name, which V8 looks up the slow way (findVma's -1, the VMA before the
 * first), about 20 ns a read against 10 for a read past the end.
 */
export const vmaAt = (vmas: readonly Vma[], i: number): Vma | undefined =>
  i >= 0 ? vmas[i] : undefined;

/** Index of the VMA containing `vpn`, or -1. */
export function findVma(vmas: readonly Vma[], vpn: Vpn): number {
  const i = firstEndingAfter(vmas, vpn);
  const v = vmas[i];
  return v !== undefined && v.start <= vpn ? i : -1;
}

/** find_vma: index of the first VMA with end > vpn (vmas.length if none). */
export function firstEndingAfter(vmas: readonly Vma[], vpn: Vpn): number {
  let lo = 0;
  let hi = vmas.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    const v = vmas[mid];
    if (v !== undefined && v.end <= vpn) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** mm/vma.c:is_mergeable_anon_vma — a VMA never faulted takes its neighbour's anon_vma. */
function anonCompatible(a: Vma, b: Vma): boolean {
  if (a.anonVma === b.anonVma) return true;
  if (a.anonVma === 0) return !b.anonVmaForked;
  if (b.anonVma === 0) return !a.anonVmaForked;
  return false;
}

/** Can `r`, right after `l`, become one VMA with it? */
export function mergeable(l: Vma, r: Vma): boolean {
  return (
    l.end === r.start &&
    l.flags === r.flags &&
    !hasAny(l.flags, VM_SPECIAL) &&
    l.name === null &&
    r.name === null &&
    (l.backing.kind === 'file'
      ? r.backing.kind === 'file' && r.backing.file === l.backing.file
      : r.backing.kind === l.backing.kind) &&
    l.pgoff + (l.end - l.start) === r.pgoff &&
    anonCompatible(l, r)
  );
}

/** The part [start, end) of a VMA, as a VMA of its own. */
export function sliceVma(v: Vma, start: Vpn, end: Vpn): Vma {
  const ptes = v.ptes.slice(start - v.start, end - v.start);
  return vmaWith(v, start, end, v.flags, v.pgoff + (start - v.start), ptes);
}

function join(l: Vma, r: Vma): Vma {
  const anonVma = l.anonVma !== 0 ? l.anonVma : r.anonVma;
  const ptes = l.ptes.concat(r.ptes);
  return vmaWith(
    l,
    l.start,
    r.end,
    l.flags,
    l.pgoff,
    ptes,
    anonVma,
    l.anonVmaForked || r.anonVmaForked,
  );
}

/**
 * Whether `mid`, a part of a VMA given new flags, may merge with its neighbour `n` as far as
 * the vmaMergeExistingAnonIntoUnfaulted decision goes (a function of its own rather than a
 * closure a call: modifyFlags runs for every VMA a lock or protection change meets).
 */
const anonMayMerge = (intoUnfaulted: boolean, mid: Vma, n: Vma): boolean =>
  intoUnfaulted || mid.anonVma === 0 || n.anonVma !== 0;

/** Split vmas[i] so that a VMA boundary falls at `at`. */
export function splitAt(tx: Tx, i: number, at: Vpn): void {
  const v = vmaAt(tx.mm.vmas, i);
  if (v === undefined || at <= v.start || at >= v.end) return;
  adjustTransHuge(tx, v, at);
  replaceWithTwo(tx.mm.vmas, i, 1, sliceVma(v, v.start, at), sliceVma(v, at, v.end));
}

/**
 * mm/vma.c:vma_modify_flags — give [start, end) of vmas[i] the flags `flags`, merging with a
 * neighbour where the kernel would, splitting otherwise. Returns the index of the VMA that now
 * covers [start, end) (it may be larger, after a merge).
 */
export function modifyFlags(tx: Tx, i: number, start: Vpn, end: Vpn, flags: VmFlags): number {
  const vmas = tx.mm.vmas;
  const v = vmas[i];
  if (v === undefined) throw new Error(`modifyFlags: no VMA at index ${i}`);
  adjustTransHuge(tx, v, start);
  adjustTransHuge(tx, v, end);
  const ptes = v.ptes.slice(start - v.start, end - v.start);
  const mid = vmaWith(v, start, end, flags, v.pgoff + (start - v.start), ptes);
  const prev = start === v.start ? vmaAt(vmas, i - 1) : undefined;
  const next = end === v.end ? vmas[i + 1] : undefined;
  const intoUnfaulted = tx.model.decisions.vmaMergeExistingAnonIntoUnfaulted;
  const merges = tx.model.decisions.vmasMerge;
  const left =
    merges && prev !== undefined && mergeable(prev, mid) && anonMayMerge(intoUnfaulted, mid, prev);
  const right =
    merges &&
    next !== undefined &&
    mergeable(mid, next) &&
    anonMayMerge(intoUnfaulted, mid, next) &&
    (!left || anonCompatible(prev, next));
  // The pieces of v left outside [start, end), if any (put in one by one: no array is
  // built for them, this runs for every VMA an mlock, mprotect or mlockall changes).
  const before = start > v.start ? sliceVma(v, v.start, start) : null;
  const after = end < v.end ? sliceVma(v, end, v.end) : null;
  if (left && right) {
    replaceWithOne(vmas, i - 1, 3, join(join(prev, mid), next));
    return i - 1;
  }
  if (left) {
    if (after === null) replaceWithOne(vmas, i - 1, 2, join(prev, mid));
    else replaceWithTwo(vmas, i - 1, 2, join(prev, mid), after);
    return i - 1;
  }
  if (right) {
    if (before === null) replaceWithOne(vmas, i, 2, join(mid, next));
    else replaceWithTwo(vmas, i, 2, before, join(mid, next));
    return before === null ? i : i + 1;
  }
  vmas[i] = mid;
  if (after !== null) insertItem(vmas, i + 1, after);
  if (before !== null) insertItem(vmas, i, before);
  return before === null ? i : i + 1;
}

/** mm/vma.c:vma_merge_new_range — insert a new VMA, merging it with its neighbours. */
export function insertVma(tx: Tx, vma: Vma): number {
  const vmas = tx.mm.vmas;
  const i = firstEndingAfter(vmas, vma.start);
  const prev = vmaAt(vmas, i - 1);
  const next = vmas[i];
  const merges = tx.model.decisions.vmasMerge;
  const left = merges && prev !== undefined && mergeable(prev, vma);
  const right =
    merges && next !== undefined && mergeable(vma, next) && (!left || anonCompatible(prev, next));
  if (left && right) {
    replaceWithOne(vmas, i - 1, 2, join(join(prev, vma), next));
    return i - 1;
  }
  if (left) {
    vmas[i - 1] = join(prev, vma);
    return i - 1;
  }
  if (right) {
    vmas[i] = join(vma, next);
    return i;
  }
  insertItem(vmas, i, vma);
  return i;
}

/**
 * mm/vma.c:vma_merge_extend — vmas[i], just grown at its end, merged with the next VMA where
 * the two can be one.
 */
export function mergeWithNext(tx: Tx, i: number): void {
  const vmas = tx.mm.vmas;
  const v = vmas[i];
  const next = vmas[i + 1];
  if (v === undefined || next === undefined || !tx.model.decisions.vmasMerge) return;
  if (mergeable(v, next)) replaceWithOne(vmas, i, 2, join(v, next));
}

/** Replace vmas[i] by `vma` (same extent). */
export function replaceVma(tx: Tx, i: number, vma: Vma): void {
  tx.mm.vmas[i] = vma;
}

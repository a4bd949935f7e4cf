// What madvise.2 says of madvise's arguments alone, shared by the madvise properties: the
// advice values the man page lists, and the argument checks of mm/madvise.c:do_madvise
// (madvise_behavior_valid, an unaligned start, a length that wraps).

import type { KernelCall } from '../../../src/kernel/call.js';
import type { Vma } from '../../../src/kernel/state.js';
import {
  VM_DROPPABLE,
  VM_HUGETLB,
  VM_IO,
  VM_LOCKED,
  VM_PFNMAP,
  VM_SHARED,
  hasAny,
  vmFlags,
} from '../../../src/uapi/vmFlags.js';
import * as U from '../../../src/uapi/constants.js';
import { MADV_ADVICE } from '../../../src/uapi/madviseAdvice.js';
import { arg, argInt } from './mmFacts.js';
import { type LetterCall, letterArgInt } from '../specInvariant.js';

const PAGE = BigInt(U.PAGE_SIZE);

/** The advice of a madvise call. */
export const adviceOf = (call: KernelCall): number => argInt(call, 2);

/**
 * A `judgesLetter` for a property that reads madvise's advice first and holds at once for any
 * advice but `advice`: false for a madvise letter that fixes another advice, true for the rest
 * (other calls are the `calls` declaration's).
 */
export function judgesAdvice(...advice: readonly number[]): (c: LetterCall) => boolean {
  return (c) => {
    const a = c.call === 'madvise' ? letterArgInt(c, 2) : undefined;
    return a === undefined || advice.includes(a);
  };
}

/** An advice madvise.2 does not list at all (MADV_HWPOISON and MADV_SOFT_OFFLINE it lists): EINVAL on every kernel. */
export const adviceUnknown = (call: KernelCall): boolean => !MADV_ADVICE.has(adviceOf(call));

/** madvise.2 EINVAL: start not page-aligned, or start + len past 2^64 once page-aligned. */
export function madviseArgumentsBad(call: KernelCall): boolean {
  const start = BigInt.asUintN(64, arg(call, 0));
  const len = BigInt.asUintN(64, arg(call, 1));
  const aligned = BigInt.asUintN(64, len + PAGE - 1n) & ~(PAGE - 1n);
  return start % PAGE !== 0n || (len !== 0n && aligned === 0n) || start + aligned >= 1n << 64n;
}

const LOCKED_PFN_HUGE = vmFlags(VM_LOCKED | VM_PFNMAP | VM_HUGETLB);

/**
 * Per advice whose refusals are all known: whether a VMA refuses it, with EINVAL
 * (madvise_dontneed_free_valid_vma, can_madv_lru_vma, madvise_remove but its EACCES for a
 * private file mapping). MADV_WILLNEED and MADV_NORMAL apply to every VMA.
 */
export const VMA_REFUSALS: ReadonlyMap<number, (v: Vma) => boolean> = new Map([
  [U.MADV_DONTNEED, (v: Vma) => hasAny(v.flags, LOCKED_PFN_HUGE)],
  [
    U.MADV_FREE,
    (v: Vma) => hasAny(v.flags, vmFlags(LOCKED_PFN_HUGE | VM_SHARED)) || v.backing.kind !== 'anon',
  ],
  [U.MADV_DONTNEED_LOCKED, (v: Vma) => hasAny(v.flags, vmFlags(VM_PFNMAP | VM_HUGETLB))],
  [U.MADV_COLD, (v: Vma) => hasAny(v.flags, LOCKED_PFN_HUGE)],
  [U.MADV_PAGEOUT, (v: Vma) => hasAny(v.flags, LOCKED_PFN_HUGE)],
  [U.MADV_REMOVE, (v: Vma) => hasAny(v.flags, VM_LOCKED) || v.backing.kind !== 'file'],
  [U.MADV_WILLNEED, () => false],
  [U.MADV_NORMAL, () => false],
  // mm/madvise.c:madvise_vma_behavior: MADV_DOFORK refuses VM_IO, MADV_WIPEONFORK a VMA with a
  // file or VM_SHARED (madvise.2: "only to private anonymous pages"), MADV_KEEPONFORK a
  // VM_DROPPABLE one (6.11+); MADV_DONTFORK applies to every VMA. (The 7.3.4 guest refuses
  // MADV_DOFORK on [vvar] and [vdso] too, decisions.madviseDoforkRefuses; no bound has them.)
  [U.MADV_DONTFORK, () => false],
  [U.MADV_DOFORK, (v: Vma) => hasAny(v.flags, VM_IO)],
  [U.MADV_WIPEONFORK, (v: Vma) => v.backing.kind === 'file' || hasAny(v.flags, VM_SHARED)],
  [U.MADV_KEEPONFORK, (v: Vma) => hasAny(v.flags, VM_DROPPABLE)],
]);

/** The advice whose only refusal is EINVAL from one VMA (madvise_vma_behavior's flag changes). */
export const FORK_ADVICE: ReadonlySet<number> = new Set([
  U.MADV_DONTFORK,
  U.MADV_DOFORK,
  U.MADV_WIPEONFORK,
  U.MADV_KEEPONFORK,
]);

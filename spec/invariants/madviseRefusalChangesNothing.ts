// madvise's failure atomicity (issue 14; madvise.2 ERRORS EINVAL): the checks of the
// arguments (madvise_behavior_valid, an unaligned start, a length that wraps) run before the
// first VMA is looked up, and the walk checks each VMA before it acts on it
// (mm/madvise.c:madvise_walk_vmas; madvise_dontneed_free_valid_vma, can_madv_lru_vma,
// madvise_remove, madvise_guard_install; madvise_populate for VM_IO|VM_PFNMAP). So a madvise
// refused with EINVAL whose range meets at most one VMA has acted on nothing: the VMAs, their
// flags and PTEs, def_flags and locked_vm are as they were. (The per-CPU mlock batch is not the
// process's: MADV_POPULATE_* drains it, lru_add_drain in GUP, before it finds a PROT_NONE VMA.) (Over several VMAs the ones before the refused one keep what was done to them: that
// documented prefix is why failedCallChangesNothing leaves madvise out.) And an unaligned
// start or a wrapping length is always EINVAL.

import type { KernelCall } from '../../src/kernel/call.js';
import { PAGE_SIZE } from '../../src/uapi/constants.js';
import { type KernelState, currentMm } from '../../src/kernel/state.js';
import type { TransitionInvariant } from './specInvariant.js';
import { arg, sameProcess } from './_internals/mmFacts.js';
import { callRange } from './_internals/rangeFacts.js';

const PAGE = BigInt(PAGE_SIZE);

/** madvise.2 EINVAL: start not page-aligned, or len + start past 2^64 once page-aligned. */
function badArguments(call: KernelCall): boolean {
  const start = BigInt.asUintN(64, arg(call, 0));
  const len = BigInt.asUintN(64, arg(call, 1));
  const aligned = BigInt.asUintN(64, len + PAGE - 1n) & ~(PAGE - 1n);
  return start % PAGE !== 0n || (len !== 0n && aligned === 0n) || start + aligned >= 1n << 64n;
}

/** The process as a refused call must leave it. */
const unchanged = (before: KernelState, after: KernelState): boolean =>
  sameProcess(currentMm(before), currentMm(after));

export const madviseRefusalChangesNothing: TransitionInvariant = {
  kind: 'transition',
  calls: ['madvise'],
  name: 'madviseRefusalChangesNothing',
  source: 'mm/madvise.c:do_madvise, madvise_walk_vmas',
  holds: ({ before, call, result, after }) => {
    if (call.call !== 'madvise') return true;
    const refused = result.kind === 'errno' && result.errno === 'EINVAL';
    if (badArguments(call)) return refused && unchanged(before, after);
    if (!refused) return true;
    const { start, end } = callRange(call);
    const met = currentMm(before).vmas.filter((v) => v.start < end && v.end > start).length;
    return met > 1 || unchanged(before, after);
  },
  // Everything the trace observes as it was before the call.
  restate: ({ before }, trace) => ({ checks: trace.observed(before) }),
};

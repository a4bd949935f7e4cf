// How far locked_vm runs ahead of the VM_LOCKED VMAs, and how much of that an
// mremap(MREMAP_DONTUNMAP) may explain: the accounting invariant and the flag that states the
// 6.18 leak (semantics 18.3) share these, so the one excludes exactly what the other raises.

import { MREMAP_DONTUNMAP } from '../../../src/uapi/constants.js';
import type { Mm } from '../../../src/kernel/state.js';
import type { Transition } from '../specInvariant.js';
import { arg, countsInLockedVm, lockedVmOfVmas, vpnOf } from './mmFacts.js';

/** locked_vm minus what the flags account for. */
export const lockedVmGap = (mm: Mm): number => mm.lockedVm - lockedVmOfVmas(mm);

/**
 * A successful mremap(MREMAP_DONTUNMAP), or one refused ENOMEM part way (from 6.17 each VMA of
 * a spanning move is moved on its own, and a later piece's RLIMIT_DATA refusal leaves the
 * earlier ones moved: spec/litmus/rlimit/MREMAP_DONTUNMAP+locked_piece+RLIMIT_DATA.mmt): the
 * size of the counted VM_LOCKED VMAs its old range meets (each loses VM_LOCKED as a whole,
 * uncredited), else 0.
 */
export function dontunmapLeakBound({ before, call, result }: Transition): number {
  if (call.call !== 'mremap') return 0;
  if (result.kind !== 'value' && !(result.kind === 'errno' && result.errno === 'ENOMEM')) return 0;
  if ((Number(arg(call, 3)) & MREMAP_DONTUNMAP) === 0) return 0;
  const mm = before.procs[before.procs.length - 1];
  const start = vpnOf(arg(call, 0));
  const end = vpnOf(arg(call, 0) + arg(call, 1) + 4095n);
  let pages = 0;
  for (const v of mm?.vmas ?? [])
    if (v.start < end && start < v.end && countsInLockedVm(v)) pages += v.end - v.start;
  return pages;
}

/**
 * The gap of the process before the call, kept for the last one asked: every transition out of
 * a state has the same one (the same object; states are immutable), so it is summed once a
 * state, not once a call.
 */
let lastBefore: Mm | undefined;
let lastBeforeGap = 0;
function gapBefore(mm: Mm): number {
  if (mm !== lastBefore) {
    lastBefore = mm;
    lastBeforeGap = lockedVmGap(mm);
  }
  return lastBeforeGap;
}

/** How much the gap of process `i` grew in `t` (a new process starts from no gap). */
export function gapGrowthOf({ before, after }: Transition, i: number): number {
  const mm = after.procs[i];
  const was = before.procs[i];
  // A process the step left as it was (the same object: states are immutable) kept its gap.
  if (mm === undefined || mm === was) return 0;
  return lockedVmGap(mm) - (was === undefined ? 0 : gapBefore(was));
}

/** How much the gap of each process grew in `t` (a new process starts from no gap). */
export function gapGrowth(t: Transition): number[] {
  return t.after.procs.map((_, i) => gapGrowthOf(t, i));
}

// madvise refuses with EINVAL only where madvise.2 ERRORS says so (issue 14, errno fidelity),
// so a kernel or model that refuses good advice is caught:
// - the arguments: an advice the kernel does not know (any listed one may be unknown to an
//   older kernel or a configuration: CONFIG_MEMORY_FAILURE, CONFIG_KSM, THP), an unaligned
//   start, a length that wraps (mm/madvise.c:madvise_behavior_valid, do_madvise);
// - a VMA of the range the advice cannot apply to: MADV_DONTNEED and MADV_FREE on a VM_LOCKED,
//   VM_PFNMAP or Huge TLB one, MADV_FREE also on a file or shared one
//   (madvise_dontneed_free_valid_vma); MADV_DONTNEED_LOCKED on VM_PFNMAP or Huge TLB;
//   MADV_COLD and MADV_PAGEOUT on VM_LOCKED, VM_PFNMAP or Huge TLB (can_madv_lru_vma);
//   MADV_REMOVE on VM_LOCKED or a mapping with no file behind it (madvise_remove; a private
//   file mapping is EACCES there, not EINVAL).
// - MADV_REMOVE's EACCES only where a VMA of the range is not a shared writable mapping
//   (madvise.2 EACCES; madvise_remove's vma_is_shared_maywrite, VM_WRITE up to 6.6: a shared
//   mapping with both VM_SHARED and VM_WRITE is never refused so; litmus MADV_REMOVE+MAP_PRIVATE_file).
// MADV_WILLNEED and MADV_NORMAL apply to every VMA. The other advice is not judged here (the
// MADV_POPULATE_* answers are madvisePopulateErrno's).

import type { KernelCall } from '../../src/kernel/call.js';
import { type Mm, currentMm } from '../../src/kernel/state.js';
import * as U from '../../src/uapi/constants.js';
import { VM_SHARED, VM_WRITE, hasAny } from '../../src/uapi/vmFlags.js';
import type { TransitionInvariant } from './specInvariant.js';
import {
  VMA_REFUSALS,
  adviceOf,
  adviceUnknown,
  madviseArgumentsBad,
} from './_internals/madviseFacts.js';
import { callRange } from './_internals/rangeFacts.js';
import { acceptedResults } from './_internals/acceptedResults.js';

/** MADV_REMOVE's EACCES: some VMA of the range lacks VM_SHARED or VM_WRITE. */
function removeEaccesJustified(mm: Mm, call: KernelCall): boolean {
  const { start, end } = callRange(call);
  return mm.vmas.some(
    (v) =>
      v.start < end && start < v.end && !(hasAny(v.flags, VM_SHARED) && hasAny(v.flags, VM_WRITE)),
  );
}

export const madviseRefusalsJustified: TransitionInvariant = {
  kind: 'transition',
  // It judges refusals alone: a call that returned anything but an errno keeps it.
  results: ['errno'],
  calls: ['madvise'],
  name: 'madviseRefusalsJustified',
  source:
    'mm/madvise.c:madvise_behavior_valid, madvise_dontneed_free_valid_vma, can_madv_lru_vma, madvise_remove',
  holds: ({ before, call, result }) => {
    if (call.call !== 'madvise' || result.kind !== 'errno') return true;
    if (result.errno === 'EACCES' && adviceOf(call) === U.MADV_REMOVE)
      return removeEaccesJustified(currentMm(before), call);
    if (result.errno !== 'EINVAL') return true;
    if (adviceUnknown(call) || madviseArgumentsBad(call)) return true;
    const refuses = VMA_REFUSALS.get(adviceOf(call));
    // A listed advice an older kernel may not know yet: not judged.
    if (refuses === undefined) return true;
    const { start, end } = callRange(call);
    return currentMm(before).vmas.some((v) => v.start < end && start < v.end && refuses(v));
  },
  // The outcomes it accepts here are the call's expectation (acceptedResults).
  restate: (t) => ({
    ...acceptedResults(madviseRefusalsJustified, t),
    checks: [],
    notes: ['the madvise above was refused where madvise.2 lists no EINVAL for its range'],
  }),
};

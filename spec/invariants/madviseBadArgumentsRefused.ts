// Advice madvise.2 says must be refused is refused (issue 14, errno fidelity): the converse of
// madviseRefusalsJustified.
// - An advice no kernel knows: EINVAL (mm/madvise.c:madvise_behavior_valid, checked first).
// - MADV_DONTNEED, MADV_FREE, MADV_COLD or MADV_PAGEOUT over a range that meets a VM_LOCKED
//   VMA: EINVAL (madvise_dontneed_free_valid_vma, can_madv_lru_vma; madvise.2: "the specified
//   address range includes locked ... pages"). The walk stops at the first VMA it refuses and
//   every other refusal of these four advices is EINVAL too, so the answer is EINVAL whatever
//   the VMAs before the locked one. MADV_DONTNEED_LOCKED exists for exactly this case.
//   MADV_GUARD_INSTALL likewise (mm/madvise.c:madvise_guard_install: a locked, special or
//   hugetlb VMA is EINVAL; before 6.13 the advice itself is; host 6.18: litmus
//   MADV_GUARD_INSTALL+mlock).
// - MADV_REMOVE (mm/madvise.c:madvise_remove; madvise.2 EINVAL "advice is MADV_REMOVE ... not
//   supported", EACCES "MADV_REMOVE, but the specified address range is not a shared writable
//   mapping"): the walk answers for the first VMA of the range (holes before it are skipped),
//   EINVAL if it is VM_LOCKED or maps no file, else EACCES if it is not shared and writable.
// - MADV_FREE over a range that meets a VMA of no anonymous private memory (a file or shmem
//   mapping): EINVAL too (mm/madvise.c:madvise_free_single_vma, vma_is_anonymous).
// - MADV_DOFORK over a range that meets a VM_IO VMA, MADV_WIPEONFORK over one that meets a VMA
//   with a file or VM_SHARED, MADV_KEEPONFORK over one that meets a VM_DROPPABLE VMA: EINVAL
//   (mm/madvise.c:madvise_vma_behavior; madvise.2 lists EINVAL for MADV_WIPEONFORK on memory
//   that is not private anonymous). EINVAL is these advices' only refusal and holes do not stop the walk, so any
//   such VMA of the range makes the answer EINVAL.
// A kernel without madvise (nommu's callsNotBuilt) answers ENOSYS, which refuses it as well.
// (An unaligned start or a wrapping length: madviseRefusalChangesNothing.)

import type { KernelCall } from '../../src/kernel/call.js';
import type { Result } from '../../src/kernel/result.js';
import { type Mm, currentMm } from '../../src/kernel/state.js';
import * as U from '../../src/uapi/constants.js';
import { VM_LOCKED, VM_MAYWRITE, VM_SHARED, hasAny } from '../../src/uapi/vmFlags.js';
import type { TransitionInvariant } from './specInvariant.js';
import {
  FORK_ADVICE,
  VMA_REFUSALS,
  adviceOf,
  adviceUnknown,
  madviseArgumentsBad,
} from './_internals/madviseFacts.js';
import { callRange } from './_internals/rangeFacts.js';
import { acceptedResults } from './_internals/acceptedResults.js';

/** The advice refused on a VM_LOCKED VMA, whose other refusals (in a trace) are all EINVAL. */
const NOT_ON_LOCKED: ReadonlySet<number> = new Set([
  U.MADV_DONTNEED,
  U.MADV_FREE,
  U.MADV_COLD,
  U.MADV_PAGEOUT,
  U.MADV_GUARD_INSTALL,
]);

/** MADV_REMOVE's answer for its range's first VMA: EINVAL, EACCES or, if neither, no claim. */
function removeRefused(mm: Mm, call: KernelCall, result: Result): boolean {
  const { start, end } = callRange(call);
  const first = mm.vmas.find((v) => v.start < end && start < v.end);
  if (first === undefined || (result.kind === 'errno' && result.errno === 'ENOSYS')) return true;
  const errno = result.kind === 'errno' ? result.errno : null;
  if (hasAny(first.flags, VM_LOCKED) || first.backing.kind !== 'file') return errno === 'EINVAL';
  if (!hasAny(first.flags, VM_SHARED) || !hasAny(first.flags, VM_MAYWRITE))
    return errno === 'EACCES';
  return true;
}

export const madviseBadArgumentsRefused: TransitionInvariant = {
  kind: 'transition',
  calls: ['madvise'],
  name: 'madviseBadArgumentsRefused',
  source:
    'mm/madvise.c:madvise_behavior_valid, madvise_dontneed_free_valid_vma, can_madv_lru_vma, madvise_remove, madvise_vma_behavior',
  holds: ({ before, call, result }) => {
    if (call.call !== 'madvise') return true;
    const refused =
      result.kind === 'errno' && (result.errno === 'EINVAL' || result.errno === 'ENOSYS');
    if (adviceUnknown(call)) return refused;
    if (adviceOf(call) === U.MADV_REMOVE && !madviseArgumentsBad(call))
      return removeRefused(currentMm(before), call, result);
    if (madviseArgumentsBad(call)) return true;
    const { start, end } = callRange(call);
    const vmaRefuses = VMA_REFUSALS.get(adviceOf(call));
    if (FORK_ADVICE.has(adviceOf(call)) && vmaRefuses !== undefined)
      return (
        !currentMm(before).vmas.some((v) => v.start < end && start < v.end && vmaRefuses(v)) ||
        refused
      );
    if (!NOT_ON_LOCKED.has(adviceOf(call))) return true;
    const locked = currentMm(before).vmas.some(
      (v) =>
        v.start < end &&
        start < v.end &&
        (hasAny(v.flags, VM_LOCKED) ||
          (adviceOf(call) === U.MADV_FREE && v.backing.kind !== 'anon')),
    );
    return !locked || refused;
  },
  // The outcomes it accepts here are the call's expectation (acceptedResults).
  restate: (t) => ({
    ...acceptedResults(madviseBadArgumentsRefused, t),
    checks: [],
    notes: ['the madvise above names advice its man page refuses here: it must fail with EINVAL'],
  }),
};

// A call refused with EINVAL or EPERM changes nothing: the argument checks (mm/mlock.c:do_mlock,
// SYSCALL mlockall, can_do_mlock; mm/mmap.c:do_mmap; mm/mremap.c:check_mremap_params;
// mm/mprotect.c, mm/madvise.c) all run before the first VMA is touched. ENOMEM, EAGAIN and
// EFAULT are left out on purpose: a failed mlock leaves the VMAs it reached VM_LOCKED and
// unpopulated (semantics 18.6), and a failed populate may have faulted some pages in.
// madvise is left out too: it walks VMA by VMA and refuses a VM_LOCKED one with EINVAL only
// when it reaches it, after zapping the VMAs before it (mm/madvise.c:madvise_walk_vmas,
// madvise_dontneed_free_valid_vma).

import { sameState } from '../../src/kernel/encode.js';
import type { TransitionInvariant } from './specInvariant.js';

const REFUSALS: ReadonlySet<string> = new Set(['EINVAL', 'EPERM']);

export const failedCallChangesNothing: TransitionInvariant = {
  kind: 'transition',
  name: 'failedCallChangesNothing',
  source: 'mm/mlock.c:do_mlock, can_do_mlock; mm/mmap.c:do_mmap; mm/mremap.c:check_mremap_params',
  holds: ({ before, call, result, after }) =>
    call.call === 'madvise' ||
    result.kind !== 'errno' ||
    !REFUSALS.has(result.errno) ||
    sameState(before, after),
  // Everything the trace observes as it was before the call.
  restate: ({ before }, trace) => ({ checks: trace.observed(before) }),
};

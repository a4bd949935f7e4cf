// ENOMEM means part of the range is unmapped (mlock.2, mprotect.2, madvise.2 ERRORS: "some of
// the specified address range does not correspond to mapped pages"): mlock, mlock2, munlock,
// mprotect and madvise that fail with ENOMEM must have met a hole
// (mm/mlock.c:apply_vma_lock_flags, mm/mprotect.c:do_mprotect_pkey,
// mm/madvise.c:madvise_walk_vmas). Two other causes are the kernel's own, and left to the
// properties that state them: for mlock and mlock2, RLIMIT_MEMLOCK for a caller without
// CAP_IPC_LOCK (lockLimitRespected), and a range population cannot fault in (PROT_NONE, past
// EOF, VM_IO), whose -EFAULT __mlock_posix_error_return turns into ENOMEM. Memory that truly
// runs out is not modelled. A third is mprotect's RLIMIT_DATA check when it makes a mapping
// private and writable (mm/mprotect.c:mprotect_fixup, may_expand_vm): under a finite
// RLIMIT_DATA an mprotect ENOMEM is not judged (dataLimitExact states the limit for mmap). mmap, mremap and mlockall use ENOMEM for other things (no room,
// total_vm over the limit) and are outside the property.

import { currentMm } from '../../src/kernel/state.js';
import type { TransitionInvariant } from './specInvariant.js';
import { metFailure } from './_internals/mmFacts.js';
import { callRange, rangeCost } from './_internals/rangeFacts.js';
import { mprotectVerdict } from './mprotectRefusalsInOrder.js';

const RANGE_CALLS: ReadonlySet<string> = new Set([
  'mlock',
  'mlock2',
  'munlock',
  'mprotect',
  'madvise',
]);

export const enomemOnlyUnmapped: TransitionInvariant = {
  kind: 'transition',
  // It judges refusals alone: a call that returned anything but an errno keeps it.
  results: ['errno'],
  calls: ['mlock', 'mlock2', 'munlock', 'mprotect', 'madvise'],
  name: 'enomemOnlyUnmapped',
  source:
    'mm/mlock.c:apply_vma_lock_flags, __mlock_posix_error_return; mm/mprotect.c; mm/madvise.c',
  holds: ({ before, call, result }) => {
    if (result.kind !== 'errno' || result.errno !== 'ENOMEM' || !RANGE_CALLS.has(call.call))
      return true;
    // Memory that truly ran out (an injected failure) is ENOMEM's other cause.
    if (metFailure(call)) return true;
    const mm = currentMm(before);
    if (call.call === 'mprotect' && mm.rlimitData !== undefined) return true;
    // mprotect.2's ENOMEM also covers a range past the address space: an end that wraps past
    // 2^64 once page-aligned (do_mprotect_pkey: end <= start).
    if (call.call === 'mprotect' && mprotectVerdict(mm, call) === 'ENOMEM') return true;
    const { start, end } = callRange(call);
    const cost = rangeCost(before, mm, start, end);
    if (cost.unmapped > 0) return true;
    const locking = call.call === 'mlock' || call.call === 'mlock2';
    return locking && (cost.unpopulatable || !mm.capIpcLock);
  },
  // No observable says "fully mapped": the trace shows the range's VMAs as they were.
  restate: ({ before }, trace) => ({
    checks: [...trace.regions.flatMap((_, r) => trace.regionObserved(before, r))],
    notes: ['the range is fully mapped and populatable: ENOMEM is wrong here'],
  }),
};

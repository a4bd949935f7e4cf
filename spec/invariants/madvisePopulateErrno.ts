// Errno fidelity of MADV_POPULATE_READ/WRITE (madvise.2 ERRORS; mm/madvise.c:madvise_populate,
// mm/gup.c:faultin_page_range, check_vma_flags): the range is walked page by page and the
// first page that cannot be populated decides the answer — a hole is ENOMEM; a VMA the
// access is not allowed in (VM_IO|VM_PFNMAP, secretmem, no VM_WRITE for a write, no VM_READ
// for a read: "insufficient permissions or incompatible mappings") is EINVAL; a page where a
// permitted access would raise SIGBUS (a file page past EOF) or SIGSEGV (a guard marker) is
// EFAULT; no such page is success. So EFAULT exactly where an access would fault, EINVAL only
// for bad arguments or incompatible mappings.
// Stated for kernels that have the advice (5.14+): earlier ones refuse it with EINVAL whatever
// the range, and no claim checks this property on them.

import { MADV_POPULATE_READ, MADV_POPULATE_WRITE, PAGE_SIZE } from '../../src/uapi/constants.js';
import type { Transition, TransitionInvariant } from './specInvariant.js';
import { judgesAdvice } from './_internals/madviseFacts.js';
import { arg, argInt, metFailure } from './_internals/mmFacts.js';
import { callRange } from './_internals/rangeFacts.js';
import { type PopulateAnswer, populateStop } from './_internals/populateStop.js';
import { acceptedResults } from './_internals/acceptedResults.js';

/** The expected answer of a MADV_POPULATE_* call with valid arguments, else null. */
function expected({ before, call }: Transition): PopulateAnswer | null {
  if (call.call !== 'madvise' || metFailure(call)) return null;
  const advice = argInt(call, 2);
  if (advice !== MADV_POPULATE_READ && advice !== MADV_POPULATE_WRITE) return null;
  // Argument checks first (madvise_validate... EINVAL); an empty range is success.
  if (arg(call, 0) % BigInt(PAGE_SIZE) !== 0n) return null;
  const { start, end } = callRange(call);
  if (end === start && arg(call, 1) !== 0n) return null;
  return populateStop(before, start, end, advice === MADV_POPULATE_WRITE).answer;
}

export const madvisePopulateErrno: TransitionInvariant = {
  kind: 'transition',
  calls: ['madvise'],
  // `expected` is null for any other advice.
  judgesLetter: judgesAdvice(MADV_POPULATE_READ, MADV_POPULATE_WRITE),
  name: 'madvisePopulateErrno',
  source: 'mm/madvise.c:madvise_populate; mm/gup.c:faultin_page_range, check_vma_flags',
  // The answer is the call's own result: its expectation states it.
  restate: (t) => ({
    ...acceptedResults(madvisePopulateErrno, t),
    checks: [],
    notes: ['where population of the range stops, and why, decides the answer'],
  }),
  holds: (t) => {
    const want = expected(t);
    if (want === null) return true;
    return want === 'ok'
      ? t.result.kind === 'value'
      : t.result.kind === 'errno' && t.result.errno === want;
  },
};

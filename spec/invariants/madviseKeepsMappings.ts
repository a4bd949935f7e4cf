// Advice that only hints changes no mapping (madvise.2: MADV_NORMAL, MADV_WILLNEED, MADV_COLD
// and MADV_FREE change how the kernel treats the pages later, not what is mapped now;
// mm/madvise.c:madvise_willneed reads ahead into the page cache, madvise_cold deactivates,
// madvise_free marks lazily freeable pages that stay mapped until reclaim): whatever such a
// call answers, the process's VMAs (extents, flags), PTEs, def_flags and locked_vm are as they
// were. MADV_PAGEOUT is left out: reclaim may drop a clean file page at once. Their effect on
// the page cache is judged by madviseWillneedCachesOnlyItsRange; the LRU is not modelled
// (spec/limitations.md).

import { currentMm } from '../../src/kernel/state.js';
import * as U from '../../src/uapi/constants.js';
import type { TransitionInvariant } from './specInvariant.js';
import { sameProcess } from './_internals/mmFacts.js';
import { adviceOf, judgesAdvice } from './_internals/madviseFacts.js';

const HINTS: ReadonlySet<number> = new Set([
  U.MADV_NORMAL,
  U.MADV_WILLNEED,
  U.MADV_COLD,
  U.MADV_FREE,
]);

export const madviseKeepsMappings: TransitionInvariant = {
  kind: 'transition',
  // Every clause compares before with after (the process after is the process before).
  holdsWhenUnchanged: true,
  calls: ['madvise'],
  // It judges the hints of HINTS alone, by their advice.
  judgesLetter: judgesAdvice(...HINTS),
  name: 'madviseKeepsMappings',
  source: 'mm/madvise.c:madvise_willneed, madvise_cold, madvise_free_single_vma',
  holds: ({ before, call, after }) =>
    call.call !== 'madvise' ||
    !HINTS.has(adviceOf(call)) ||
    sameProcess(currentMm(before), currentMm(after)),
  // Everything the trace observes as it was before the call.
  restate: ({ before }, trace) => ({ checks: trace.observed(before) }),
};

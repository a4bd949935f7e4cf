// Locking twice is locking once: mlock_fixup leaves a VMA whose flags would not change, and
// population finds every page already there (mm/mlock.c:apply_vma_lock_flags).
import { type Law, START, LENGTH } from './law.js';

export const mlockIdempotent: Law = {
  name: 'mlockIdempotent',
  statement: 'mlock(a); mlock(a) ≡ mlock(a)',
  why: 'a second mlock of a locked range must change nothing (mm/mlock.c:mlock_fixup)',
  compare: 'everything',
  left: [
    { call: 'mlock', args: [START, LENGTH] },
    { call: 'mlock', args: [START, LENGTH] },
  ],
  right: [{ call: 'mlock', args: [START, LENGTH] }],
};

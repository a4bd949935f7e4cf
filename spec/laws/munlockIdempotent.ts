// Unlocking twice is unlocking once (mm/mlock.c:apply_vma_lock_flags with no lock bits).
import { type Law, START, LENGTH } from './law.js';

export const munlockIdempotent: Law = {
  name: 'munlockIdempotent',
  statement: 'munlock(a); munlock(a) ≡ munlock(a)',
  why: 'a second munlock of an unlocked range must change nothing',
  compare: 'everything',
  left: [
    { call: 'munlock', args: [START, LENGTH] },
    { call: 'munlock', args: [START, LENGTH] },
  ],
  right: [{ call: 'munlock', args: [START, LENGTH] }],
};

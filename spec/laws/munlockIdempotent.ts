// Unlocking twice is unlocking once (mm/mlock.c:apply_vma_lock_flags with no lock bits).
import type { Law } from './law.js';

export const munlockIdempotent: Law = {
  name: 'munlockIdempotent',
  statement: 'munlock(a); munlock(a) ≡ munlock(a)',
  why: 'a second munlock of an unlocked range must change nothing',
  compare: 'everything',
  left: (r) => [
    { call: 'munlock', args: [r.addr, r.len] },
    { call: 'munlock', args: [r.addr, r.len] },
  ],
  right: (r) => [{ call: 'munlock', args: [r.addr, r.len] }],
};

// Whether mlock2 calls with different flags commute on the same range: in Linux the last call
// decides the lock bits (mlock_fixup rewrites VM_LOCKED|VM_LOCKONFAULT together), so they do
// not; a design where the flags were independent bits (Andrew Morton's suggestion of June
// 2015) would make them commute.
import { type Law, START, LENGTH, flags } from './law.js';

export const mlock2FlagsCommute: Law = {
  name: 'mlock2FlagsCommute',
  statement: 'mlock2(a, MLOCK_ONFAULT); mlock2(a, 0) ≡ mlock2(a, 0); mlock2(a, MLOCK_ONFAULT)',
  why: 'the lock modes asked for on a range should not depend on the order they were asked in',
  compare: 'locking',
  left: [
    { call: 'mlock2', args: [START, LENGTH, flags('MLOCK_ONFAULT')] },
    { call: 'mlock2', args: [START, LENGTH, flags()] },
  ],
  right: [
    { call: 'mlock2', args: [START, LENGTH, flags()] },
    { call: 'mlock2', args: [START, LENGTH, flags('MLOCK_ONFAULT')] },
  ],
};

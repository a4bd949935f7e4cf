// The July 2015 question: do mlockall(MCL_CURRENT|MCL_ONFAULT) and mlockall(MCL_FUTURE)
// commute? In Linux they do not: apply_mlockall_flags clears the def_flags lock bits for any
// call without MCL_FUTURE, so the order decides whether future mappings are locked.
import { type Law, flags } from './law.js';

const current = { call: 'mlockall', args: [flags('MCL_CURRENT', 'MCL_ONFAULT')] } as const;
const future = { call: 'mlockall', args: [flags('MCL_FUTURE')] } as const;

export const mlockallCommutes: Law = {
  name: 'mlockallCommutes',
  statement: 'mlockall(MCL_CURRENT|MCL_ONFAULT); mlockall(MCL_FUTURE) ≡ the reverse order',
  why: 'locking what is there and locking what comes should be independent requests (mm/mlock.c:apply_mlockall_flags)',
  compare: 'locking',
  left: [current, future],
  right: [future, current],
};

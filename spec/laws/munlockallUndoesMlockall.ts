// munlockall undoes mlockall: after mlockall(MCL_CURRENT|MCL_FUTURE); munlockall() the
// locking is what munlockall() alone leaves (apply_mlockall_flags(0) clears the lock bits of
// def_flags and of every VMA). Pages mlockall faulted in stay: only locking is compared.
import { type Law, flags } from './law.js';

export const munlockallUndoesMlockall: Law = {
  name: 'munlockallUndoesMlockall',
  statement: 'mlockall(MCL_CURRENT|MCL_FUTURE); munlockall() ≡ munlockall()',
  why: 'munlockall must leave no lock behind, whatever mlockall set (mm/mlock.c:SYSCALL munlockall)',
  compare: 'locking',
  left: [
    { call: 'mlockall', args: [flags('MCL_CURRENT', 'MCL_FUTURE')] },
    { call: 'munlockall', args: [] },
  ],
  right: [{ call: 'munlockall', args: [] }],
};

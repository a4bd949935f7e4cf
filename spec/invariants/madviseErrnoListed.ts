// madvise fails only with an errno madvise.2 ERRORS lists (issue 14, errno fidelity): EACCES,
// EAGAIN, EBADF, EBUSY, EFAULT, EHWPOISON, EINTR, EINVAL, EIO, ENOMEM, EPERM; and ENOSYS where
// the kernel does not build madvise at all (kernel/sys_ni.c, a nommu kernel). Each advice's
// visitor (mm/madvise.c:madvise_vma_behavior and the functions it calls) answers 0 or one of
// these; a visitor that answers nothing, or something else, is caught here, since the
// refusal properties judge only the errnos they name.

import { isErrno } from '../../src/uapi/errno.js';
import type { TransitionInvariant } from './specInvariant.js';

const LISTED: ReadonlySet<string> = new Set([
  'EACCES',
  'EAGAIN',
  'EBADF',
  'EBUSY',
  'EFAULT',
  'EHWPOISON',
  'EINTR',
  'EINVAL',
  'EIO',
  'ENOMEM',
  'EPERM',
  'ENOSYS',
]);

export const madviseErrnoListed: TransitionInvariant = {
  kind: 'transition',
  calls: ['madvise'],
  name: 'madviseErrnoListed',
  source: 'mm/madvise.c:do_madvise, madvise_vma_behavior (madvise.2 ERRORS)',
  holds: ({ call, result }) =>
    call.call !== 'madvise' ||
    result.kind !== 'errno' ||
    (typeof result.errno === 'string' && isErrno(result.errno) && LISTED.has(result.errno)),
  // The trace's expected result names the errno; the counterexample prints the call's result.
  restate: () => ({
    checks: [],
    notes: ['the madvise above must fail, if at all, with an errno madvise.2 lists'],
  }),
};

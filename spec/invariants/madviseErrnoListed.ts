// madvise fails only with an errno madvise.2 ERRORS lists (issue 14, errno fidelity): EACCES,
// EAGAIN, EBADF, EBUSY, EFAULT, EHWPOISON, EINTR, EINVAL, EIO, ENOMEM, EPERM; and ENOSYS where
// the kernel does not build madvise at all (kernel/sys_ni.c, a nommu kernel). Each advice's
// visitor (mm/madvise.c:madvise_vma_behavior and the functions it calls) answers 0 or one of
// these; a visitor that answers nothing, or something else, is caught here, since the
// refusal properties judge only the errnos they name.

import { errnoListed } from './_internals/errnoListed.js';

export const madviseErrnoListed = errnoListed(
  'madviseErrnoListed',
  'madvise',
  'mm/madvise.c:do_madvise, madvise_vma_behavior (madvise.2 ERRORS)',
  'madvise.2',
);

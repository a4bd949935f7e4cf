// The errnos each call's man page lists under ERRORS (mlock.2, mmap.2, mremap.2, mprotect.2,
// madvise.2): what the "fails only with a listed errno" properties hold a call to, and the
// candidates a counterexample's demand on a result is chosen from (acceptedResults).

import type { KernelCall } from '../../../src/kernel/call.js';

export const LISTED_ERRNOS: Readonly<Partial<Record<KernelCall['call'], readonly string[]>>> = {
  mlock: ['EAGAIN', 'EINVAL', 'ENOMEM', 'EPERM'],
  mlock2: ['EAGAIN', 'EINVAL', 'ENOMEM', 'EPERM'],
  munlock: ['EAGAIN', 'EINVAL', 'ENOMEM', 'EPERM'],
  mlockall: ['EINVAL', 'ENOMEM', 'EPERM'],
  munmap: ['EINVAL', 'ENOMEM'],
  mmap: [
    'EACCES',
    'EAGAIN',
    'EBADF',
    'EEXIST',
    'EINVAL',
    'ENFILE',
    'ENODEV',
    'ENOMEM',
    'EOVERFLOW',
    'EPERM',
    'ETXTBSY',
  ],
  mremap: ['EAGAIN', 'EFAULT', 'EINVAL', 'ENOMEM', 'EPERM'],
  mprotect: ['EACCES', 'EINVAL', 'ENOMEM'],
  madvise: [
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
  ],
};

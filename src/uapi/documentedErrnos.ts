// The errno values each page's ERRORS section lists for each call (man-pages, man/man2/*.2, read
// December 2026). An errno a model returns that its page does not list is a drift finding; the
// errno-list properties read the lists too (spec/invariants/_internals/listedErrnos.ts).

import type { Errno } from './errno.js';

const MLOCK_PAGE: readonly Errno[] = ['EAGAIN', 'EINVAL', 'ENOMEM', 'EPERM'];

export const DOCUMENTED_ERRNOS: Readonly<
  Record<string, { page: string; errnos: readonly Errno[] }>
> = {
  mlock: { page: 'mlock.2', errnos: MLOCK_PAGE },
  mlock2: { page: 'mlock.2', errnos: MLOCK_PAGE },
  munlock: { page: 'mlock.2', errnos: MLOCK_PAGE },
  // EAGAIN is the range calls' alone (mlock.2: "mlock(), mlock2(), and munlock()").
  mlockall: { page: 'mlock.2', errnos: ['EINVAL', 'ENOMEM', 'EPERM'] },
  munlockall: { page: 'mlock.2', errnos: ['EPERM'] },
  mmap: {
    page: 'mmap.2',
    errnos: [
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
  },
  munmap: { page: 'mmap.2', errnos: ['EINVAL', 'ENOMEM'] },
  madvise: {
    page: 'madvise.2',
    errnos: [
      'EACCES',
      'EAGAIN',
      'EBADF',
      'EBUSY',
      'EFAULT',
      'EINVAL',
      'ENOMEM',
      'EPERM',
      'EHWPOISON',
    ],
  },
  mremap: { page: 'mremap.2', errnos: ['EAGAIN', 'EFAULT', 'EINVAL', 'ENOMEM'] },
};

/**
 * Errno values read in the source that no trace can provoke (they need a signal pending or a
 * hardware fault), with where the kernel returns them.
 */
export const SOURCE_ONLY_ERRNOS: readonly {
  readonly call: string;
  readonly errno: Errno;
  readonly source: string;
}[] = [
  {
    call: 'madvise',
    errno: 'EINTR',
    source:
      'mm/madvise.c:madvise_populate returns -EINTR when a fatal signal is pending during ' +
      'population (faultin_page_range); mlock.2 and madvise.2 do not list EINTR',
  },
];

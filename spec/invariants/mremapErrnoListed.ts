// mremap fails only with an errno mremap.2 ERRORS lists (issue 14, errno fidelity): EAGAIN,
// EFAULT, EINVAL, ENOMEM, and EPERM (a sealed mapping from 6.10, mm/mseal.c; a shared mapping
// without an MMU, mm/nommu.c:do_mremap). The refusal properties judge EINVAL and EFAULT by
// their causes; an mremap failing with anything else, or with no errno, is caught here.

import { errnoListed } from './_internals/errnoListed.js';

export const mremapErrnoListed = errnoListed(
  'mremapErrnoListed',
  'mremap',
  'mm/mremap.c:SYSCALL_DEFINE5(mremap); mm/nommu.c:do_mremap (mremap.2 ERRORS)',
  'mremap.2',
);

// mremap fails only with an errno mremap.2 ERRORS lists (issue 14, errno fidelity): EAGAIN,
// EFAULT, EINVAL, ENOMEM, and EPERM (a sealed mapping from 6.10, mm/mseal.c; a shared mapping
// without an MMU, mm/nommu.c:do_mremap). The refusal properties judge EINVAL and EFAULT by
// their causes; an mremap failing with anything else, or with no errno, is caught here.

import { isErrno } from '../../src/uapi/errno.js';
import type { TransitionInvariant } from './specInvariant.js';

const LISTED: ReadonlySet<string> = new Set(['EAGAIN', 'EFAULT', 'EINVAL', 'ENOMEM', 'EPERM']);

export const mremapErrnoListed: TransitionInvariant = {
  kind: 'transition',
  calls: ['mremap'],
  name: 'mremapErrnoListed',
  source: 'mm/mremap.c:SYSCALL_DEFINE5(mremap); mm/nommu.c:do_mremap (mremap.2 ERRORS)',
  holds: ({ call, result }) =>
    call.call !== 'mremap' ||
    result.kind !== 'errno' ||
    (typeof result.errno === 'string' && isErrno(result.errno) && LISTED.has(result.errno)),
  // The trace's expected result names the errno; the counterexample prints the call's result.
  restate: () => ({
    checks: [],
    notes: ['the mremap above must fail, if at all, with an errno mremap.2 lists'],
  }),
};

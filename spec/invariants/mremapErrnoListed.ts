// mremap fails only with an errno its man pages list (issue 14, errno fidelity): EAGAIN,
// EFAULT, EINVAL and ENOMEM (mremap.2 ERRORS), and EPERM (mseal.2: a sealed VMA, 6.10+;
// nommu's do_mremap for a shared mapping). mremapRefusalsJustified says where EINVAL and EFAULT
// may come, mremapLimitErrno which of EAGAIN and ENOMEM a limit owes; this forbids the rest:
// a refusal with any other errno, or with none a program could read (a failure that names no
// errno at all). Judges failures alone, so it costs nothing on a success.

import type { TransitionInvariant } from './specInvariant.js';

/** The errnos mremap.2 and mseal.2 give mremap. */
const LISTED: ReadonlySet<unknown> = new Set(['EAGAIN', 'EFAULT', 'EINVAL', 'ENOMEM', 'EPERM']);

export const mremapErrnoListed: TransitionInvariant = {
  kind: 'transition',
  calls: ['mremap'],
  name: 'mremapErrnoListed',
  source: 'mremap.2 ERRORS; mseal.2 (EPERM); mm/mremap.c, mm/nommu.c:do_mremap',
  holds: ({ call, result }) => {
    if (call.call !== 'mremap' || result.kind !== 'errno') return true;
    return LISTED.has(result.errno);
  },
  // The trace's `= ERR` expectation names the errno; the counterexample prints the result.
  restate: () => ({
    checks: [],
    notes: ['the mremap above failed with an errno mremap.2 and mseal.2 do not list'],
  }),
};

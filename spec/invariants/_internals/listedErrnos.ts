// The errnos a call may fail with, as the "fails only with a listed errno" properties hold it
// to and as a counterexample's demand on a result picks from (acceptedResults): its man page's
// ERRORS (src/uapi/documentedErrnos.ts), the ones the kernel returns that no page lists yet
// (SOURCE_ONLY_ERRNOS there: madvise's EINTR), and these, each with why.

import type { KernelCall } from '../../../src/kernel/call.js';
import { DOCUMENTED_ERRNOS, SOURCE_ONLY_ERRNOS } from '../../../src/uapi/documentedErrnos.js';

const BEYOND_THE_PAGES: Readonly<Partial<Record<KernelCall['call'], readonly string[]>>> = {
  // madvise.2 lists EIO (MADV_WILLNEED past RLIMIT_RSS), which the uapi's errno table does not
  // name; ENOSYS: a kernel built without madvise (CONFIG_ADVISE_SYSCALLS=n, kernel/sys_ni.c).
  madvise: ['EIO', 'ENOSYS'],
  // EPERM: a sealed mapping from 6.10 (mm/mseal.c), a shared mapping without an MMU
  // (mm/nommu.c:do_mremap). mremap.2 does not list it.
  mremap: ['EPERM'],
  // mprotect.2 ERRORS; the man-page drift report does not read mprotect.
  mprotect: ['EACCES', 'EINVAL', 'ENOMEM'],
};

/** The errnos `call` may fail with. */
export function listedErrnos(call: KernelCall['call']): readonly string[] {
  return [
    ...new Set([
      ...(DOCUMENTED_ERRNOS[call]?.errnos ?? []),
      ...SOURCE_ONLY_ERRNOS.filter((s) => s.call === call).map((s) => s.errno),
      ...(BEYOND_THE_PAGES[call] ?? []),
    ]),
  ];
}

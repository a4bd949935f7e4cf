// Arguments mremap.2 lists as invalid are refused (issue 14, errno fidelity): the converse of
// mremapRefusalsJustified. A kernel or model that takes them as a request, however it then
// moves or resizes, is caught.
// - An unknown flag, an unaligned old_address, new_size 0, MREMAP_FIXED or MREMAP_DONTUNMAP
//   without MREMAP_MAYMOVE, MREMAP_DONTUNMAP with old_size != new_size: EINVAL, checked before
//   any VMA is looked at (mm/mremap.c:check_mremap_params; SYSCALL mremap before 6.17).
// - A move's new address unaligned, overlapping the old range or past TASK_SIZE: EINVAL, or
//   EFAULT when old_address is unmapped (before 6.17 mremap_to checks it after the lookup).
// - old_size 0 where old_address is a private mapping: refused (EINVAL from 6.17; before,
//   mremap_to may unmap the target first and vma_to_resize answer EFAULT,
//   spec/litmus/mremap+old_len_0+MREMAP_FIXED.mmt).

import { PAGE } from '../../src/kernel/addr.js';
import { currentMm } from '../../src/kernel/state.js';
import type { Result } from '../../src/kernel/result.js';
import { VM_SHARED, hasAny } from '../../src/uapi/vmFlags.js';
import type { TransitionInvariant } from './specInvariant.js';
import { vmaAt } from './_internals/mmFacts.js';
import { argumentsInvalid, mremapArgs, newAddrInvalid } from './_internals/mremapFacts.js';
import { acceptedResults } from './_internals/acceptedResults.js';

const isErrno = (r: Result, ...errnos: string[]): boolean =>
  r.kind === 'errno' && errnos.includes(r.errno);

export const mremapBadArgumentsRefused: TransitionInvariant = {
  kind: 'transition',
  calls: ['mremap'],
  name: 'mremapBadArgumentsRefused',
  source: 'mm/mremap.c:check_mremap_params, mremap_to (mremap.2 ERRORS EINVAL)',
  holds: ({ before, call, result }) => {
    if (call.call !== 'mremap') return true;
    const a = mremapArgs(call);
    if (argumentsInvalid(a)) return isErrno(result, 'EINVAL');
    const v = vmaAt(currentMm(before), Number(a.addr / PAGE));
    if (newAddrInvalid(a))
      return isErrno(result, 'EINVAL') || (v === undefined && isErrno(result, 'EFAULT'));
    if (a.oldLen === 0n && v !== undefined && !hasAny(v.flags, VM_SHARED))
      return result.kind === 'errno';
    return true;
  },
  // The outcomes it accepts here are the call's expectation (acceptedResults).
  restate: (t) => ({
    ...acceptedResults(mremapBadArgumentsRefused, t),
    checks: [],
    notes: ['the mremap above has arguments mremap.2 calls invalid: it must be refused'],
  }),
};

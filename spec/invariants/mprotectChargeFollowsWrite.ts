// mprotect changes a VMA's commit charge (VM_ACCOUNT, smaps' `ac`) only as write access comes and
// goes (mprotect.2; Documentation/mm/overcommit-accounting.rst: private writable memory is what
// is charged; mm/mprotect.c:mprotect_fixup): it charges a VMA only when the VMA becomes
// writable (the first time a private mapping may be written), and it gives a charge back only
// from a private anonymous VMA that is not writable afterwards and was never faulted (no
// anon_vma: vma_is_anonymous && !vma->anon_vma, 6.6+; before, the charge was kept, which this
// allows too). So after an mprotect, failed or not, every page whose VMA gained VM_ACCOUNT is
// in a VMA that was not writable and now is, and every page whose VMA lost it is in an
// anonymous, never faulted VMA that is not writable now. privateWritableAccounted states which
// VMAs must carry the charge; this states which changes of it mprotect may make.

import type { Vma } from '../../src/kernel/state.js';
import { VM_ACCOUNT, VM_WRITE, hasAny } from '../../src/uapi/vmFlags.js';
import type { TransitionInvariant } from './specInvariant.js';
import { everyPageAfter } from './_internals/mprotectedPages.js';

const charged = (v: Vma): boolean => hasAny(v.flags, VM_ACCOUNT);
const writable = (v: Vma): boolean => hasAny(v.flags, VM_WRITE);

/** Whether mprotect_fixup may turn `before`'s charge into `after`'s. */
function chargeChangeJustified(before: Vma, after: Vma): boolean {
  if (charged(before) === charged(after)) return true;
  if (charged(after)) return writable(after) && !writable(before);
  return !writable(after) && before.backing.kind === 'anon' && before.anonVma === 0;
}

export const mprotectChargeFollowsWrite: TransitionInvariant = {
  kind: 'transition',
  calls: ['mprotect'],
  name: 'mprotectChargeFollowsWrite',
  source: 'mm/mprotect.c:mprotect_fixup; Documentation/mm/overcommit-accounting.rst',
  holds: ({ before, call, after }) => {
    if (call.call !== 'mprotect' || before.procs.length === 0) return true;
    return everyPageAfter(
      before,
      after,
      (was, now) => was === undefined || chargeChangeJustified(was, now),
    );
  },
  restate: () => ({
    checks: [],
    notes: [
      'mprotect may charge a VMA only as it becomes writable, and uncharge only an unfaulted anonymous one losing write',
    ],
  }),
};

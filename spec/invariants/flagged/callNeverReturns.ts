// Flagged, not forbidden (issue 14.3, progress): a call whose fault is retried without progress
// (VM_FAULT_RETRY_FOREVER, an environment that never resolves the page: a userfaultfd nobody
// serves) never returns. Legal — mm/gup.c and the x86 fault handler retry for as long as the
// fault asks — but a hang the checker reports, found within the model's step budget
// (src/kernel/environment.ts:MAX_FAULT_RETRIES).

import type { SpecFlag } from '../specInvariant.js';

export const callNeverReturns: SpecFlag = {
  name: 'callNeverReturns',
  source: 'mm/gup.c:__get_user_pages_locked; arch/x86/mm/fault.c:do_user_addr_fault',
  raised: ({ result }) => result.kind === 'hang',
};

// Progress (issue 14, *progress*): every call finishes within a bound of steps unless its
// environment never lets a fault complete. A fault that answers VM_FAULT_RETRY is retried, and
// a retry that makes progress completes (mm/gup.c:__get_user_pages_locked retries with
// FAULT_FLAG_TRIED; arch/x86/mm/fault.c:do_user_addr_fault), so the model's step budget
// (src/kernel/environment.ts:MAX_FAULT_RETRIES) is reached only where the trace injected
// VM_FAULT_RETRY_FOREVER — which callNeverReturns (flagged) then reports. Forbidden: a hang
// with no such injection, a loop of the model's own.

import type { TransitionInvariant } from './specInvariant.js';

export const callReturns: TransitionInvariant = {
  kind: 'transition',
  // Only a call that never returns can break it.
  results: ['hang'],
  calls: 'every call',
  name: 'callReturns',
  source: 'mm/gup.c:__get_user_pages_locked; arch/x86/mm/fault.c:do_user_addr_fault',
  holds: ({ call, result }) =>
    result.kind !== 'hang' ||
    ('inject' in call && (call.inject ?? []).some((j) => j.fault === 'VM_FAULT_RETRY_FOREVER')),
  restate: () => ({
    checks: [],
    notes: ['the call above must return: no fault of its range was made to retry forever'],
  }),
};

// Bounded progress of a call's population (issue 16): for a fixed environment, every step of
// a population either faults in a page past the last one or returns, so a call over n pages
// returns within n + 1 population steps (its locked part is one more). mm/gup.c processes
// each address once (__get_user_pages moves on after a successful fault; MADV_POPULATE's
// promise, 5.14, is the same: "each virtual address is processed once"). An environment that
// answers VM_FAULT_RETRY at the same page for ever (a userfaultfd nobody serves: `--bound
// env=noprogress`) breaks it: the step is retried without advancing. The atomic checker
// flags that as callNeverReturns (spec/invariants/flagged/); this property states the step
// count itself, generic over the call, on the threads bound (src/check/threadSystem.ts).

import type { Vpn } from '../../src/kernel/state.js';

/** One population step of a call: where it stood, where it stands after (null: returned). */
export interface PopulationStepCount {
  readonly start: Vpn;
  readonly end: Vpn;
  readonly nextBefore: Vpn;
  /** null when the call returned with this step. */
  readonly nextAfter: Vpn | null;
  /** Population steps the call has made, this one included. */
  readonly steps: number;
}

/** The most population steps a call over `pages` pages may make. */
export const stepBound = (pages: number): number => pages + 1;

export const populationMakesProgress = {
  name: 'populationMakesProgress',
  source: 'mm/gup.c:__get_user_pages, __mm_populate, faultin_page_range',
  holds: (s: PopulationStepCount): boolean =>
    s.steps <= stepBound(s.end - s.start) && (s.nextAfter === null || s.nextAfter > s.nextBefore),
} as const;

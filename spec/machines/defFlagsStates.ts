// The def_flags statechart: the lock part of mm->def_flags, which decides how a new mapping
// starts. Only mlockall and munlockall write it (semantics 1.1, 6.2, 7).
//
//   none <--> future <--> future_onfault, each edge an mlockall(flags) or munlockall();
//   the target depends on `flags` alone, never on where the machine was (6.2: the lock bits
//   are cleared before MCL_FUTURE sets them again, so repeated calls "do not stack").

import type { MmStateConfig, MmTransition } from './_internals/machineTypes.js';
import { outcome } from './_internals/mmActions.js';
import { defFlagsAfter, mlockallValid } from './mclFlags.js';
import type { DefFlagsState } from './mmContext.js';
import { MLOCKALL_FLAGS, MUNLOCKALL, mlockallEvent } from './mmEvent.js';

export const DEF_FLAGS_STATES: readonly DefFlagsState[] = ['none', 'future', 'future_onfault'];

function defFlagsOn(): Record<string, MmTransition> {
  const on: Record<string, MmTransition> = {};
  for (const f of MLOCKALL_FLAGS) {
    // mm/mlock.c:SYSCALL mlockall — EINVAL before anything changes (6.1 step 1).
    on[mlockallEvent(f).type] = mlockallValid(f)
      ? { target: defFlagsAfter(f), actions: outcome('ok') }
      : { actions: outcome('EINVAL') };
  }
  // munlockall = apply_mlockall_flags(0): the lock bits go; no errno but EINTR (section 7).
  on[MUNLOCKALL.type] = { target: 'none', actions: outcome('ok') };
  return on;
}

/** The def_flags statechart as a state node; every state answers every event the same way. */
export function defFlagsStates(): MmStateConfig {
  const on = defFlagsOn();
  return {
    initial: 'none',
    states: { none: { on }, future: { on }, future_onfault: { on } },
  };
}

// What an mlockall(flags) argument means, read from mm/mlock.c (SYSCALL mlockall and
// apply_mlockall_flags) and mlock.2, independently of the simulator's code.

import { MCL_CURRENT, MCL_FUTURE, MCL_ONFAULT } from '../../src/uapi/constants.js';
import type { DefFlagsState } from './mmContext.js';

/**
 * mm/mlock.c:SYSCALL_DEFINE1(mlockall) — EINVAL for 0, for an unknown bit, and for
 * MCL_ONFAULT alone (since 4.4, "mm: mlock: add mlock flags to enable VM_LOCKONFAULT usage").
 */
export function mlockallValid(flags: number): boolean {
  const known = MCL_CURRENT | MCL_FUTURE | MCL_ONFAULT;
  return flags !== 0 && (flags & ~known) === 0 && flags !== MCL_ONFAULT;
}

/**
 * mm/mlock.c:apply_mlockall_flags — the lock bits of def_flags are cleared first, then set
 * again only by MCL_FUTURE: the result is a function of `flags` alone ("do not stack").
 */
export function defFlagsAfter(flags: number): DefFlagsState {
  if ((flags & MCL_FUTURE) === 0) return 'none';
  return flags & MCL_ONFAULT ? 'future_onfault' : 'future';
}

/** Whether a valid mlockall(flags) rewrites the lock bits of every existing VMA. */
export const mlockallLocksCurrent = (flags: number): boolean => (flags & MCL_CURRENT) !== 0;

/** MCL_ONFAULT qualifies MCL_CURRENT too when both are given (semantics 6.2). */
export const mlockallOnfault = (flags: number): boolean => (flags & MCL_ONFAULT) !== 0;

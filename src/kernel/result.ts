// A system call's result: a value or an errno (or a signal, for user accesses). Kernel
// errors are values, never exceptions.

import type { Errno, Signal } from '../uapi/errno.js';
import type { CallResult } from '../uapi/outcome.js';

export type Result = CallResult;

/** The result most calls return, made once: results are immutable values. */
const OK_ZERO: Result = { kind: 'value', value: 0n };
export const ok = (value: bigint): Result => (value === 0n ? OK_ZERO : { kind: 'value', value });
export const err = (errno: Errno): Result => ({ kind: 'errno', errno });
export const signal = (s: Signal): Result => ({ kind: 'signal', signal: s });

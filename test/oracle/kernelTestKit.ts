// Shared by the real-kernel tests: whether they can run here, and small call builders that
// speak ConcreteCall (bigints) directly, as the trace runner does.

import { SYSCALL_NR } from '../../src/uapi/constants.js';
import { regionHint, type ConcreteCall, type Session } from '../../src/uapi/engine.js';
import type { CallResult } from '../../src/uapi/outcome.js';

export const P = 4096n;
const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
/** Kernel tests need Linux (the executor) and root (kpageflags, CAP_IPC_LOCK). */
export const kernelTestsSkipped = process.platform !== 'linux' || !isRoot;
export const SKIP_REASON = kernelTestsSkipped ? ' (skipped: needs Linux and root)' : '';

export const PROT_NONE = 0n;
export const PROT_READ = 1n;
export const PROT_RW = 3n;
export const MAP_SHARED = 0x01n;
export const MAP_PRIVATE = 0x02n;
export const MAP_ANON = 0x22n; // MAP_PRIVATE|MAP_ANONYMOUS
export const MAP_LOCKED = 0x2000n;
export const MAP_POPULATE = 0x8000n;
export const NO_FD = (1n << 64n) - 1n; // -1 as the unsigned value C passes

export function call(name: ConcreteCall['call'], ...args: bigint[]): ConcreteCall {
  return { call: name, args };
}

/** mmap at region k's NULL-hint spot, as the runner places it. */
export function mmapAt(
  k: number,
  len: bigint,
  prot: bigint,
  flags: bigint,
  fd = NO_FD,
): ConcreteCall {
  return call('mmap', regionHint(k), len, prot, flags, fd, 0n);
}

/** The value of a call that must succeed. */
export async function value(session: Session, c: ConcreteCall): Promise<bigint> {
  const r: CallResult = await session.call(c);
  if (r.kind !== 'value') throw new Error(`${c.call} failed: ${JSON.stringify(r)}`);
  return r.value;
}

export const nr = SYSCALL_NR;

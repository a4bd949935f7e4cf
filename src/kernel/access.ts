// User reads and writes (arch/x86/mm/fault.c:do_user_addr_fault): the access check, stack
// growth below a VM_GROWSDOWN VMA (mm/mmap.c:expand_downwards), then the fault itself.

import { userWriteDirties } from './dirty.js';
import { mlockFutureOk } from './accounting.js';
import { toVpn } from './addr.js';
import { type FaultResult, handleFault } from './fault.js';
import { readByte, writeByte } from './pages.js';
import { type Result, ok, signal } from './result.js';
import type { Signal } from '../uapi/errno.js';
import { PteRuns } from './pteRuns.js';
import type { Tx } from './tx.js';
import { STACK_GUARD_GAP } from './unmappedArea.js';
import { findVma, firstEndingAfter, replaceVma, vmaAt } from './vmaList.js';
import { VM_ACCESS_FLAGS, VM_GROWSDOWN, VM_LOCKED, VM_WRITE, hasAny } from '../uapi/vmFlags.js';
import { vmaWith } from './state.js';

/** RLIMIT_STACK as a fresh process has it (8 MiB), in pages. */
const RLIMIT_STACK_PAGES = 2048;

/**
 * mm/mmap.c:expand_downwards — grow the VM_GROWSDOWN VMA above `vpn` down to it. Fails (the
 * access gets SIGSEGV) next to another accessible VMA, past RLIMIT_STACK, or when a locked
 * stack would pass RLIMIT_MEMLOCK (mlock_future_ok). Only the faulting page is faulted in;
 * a locked stack is charged for the whole gap.
 */
function expandStack(tx: Tx, vpn: number): number {
  const i = firstEndingAfter(tx.mm.vmas, vpn);
  const v = tx.mm.vmas[i];
  if (v === undefined || !hasAny(v.flags, VM_GROWSDOWN)) return -1;
  const prev = vmaAt(tx.mm.vmas, i - 1);
  if (
    prev !== undefined &&
    !hasAny(prev.flags, VM_GROWSDOWN) &&
    hasAny(prev.flags, VM_ACCESS_FLAGS) &&
    vpn - prev.end < STACK_GUARD_GAP
  )
    return -1;
  const grow = v.start - vpn;
  if (v.end - vpn > RLIMIT_STACK_PAGES) return -1;
  if (!mlockFutureOk(tx, v.flags, grow)) return -1;
  replaceVma(
    tx,
    i,
    vmaWith(v, vpn, v.end, v.flags, v.pgoff - grow, PteRuns.none(grow).concat(v.ptes)),
  );
  if (hasAny(v.flags, VM_LOCKED)) tx.mm.lockedVm += grow;
  return i;
}

function access(tx: Tx, addr: bigint, write: boolean): { i: number; vpn: number } | Result {
  const vpn = toVpn(addr);
  let i = findVma(tx.mm.vmas, vpn);
  if (i < 0) i = expandStack(tx, vpn);
  const v = vmaAt(tx.mm.vmas, i);
  if (v === undefined) return signal('SIGSEGV');
  // x86: a read needs any access right (write or exec imply read); a write needs VM_WRITE.
  if (write ? !hasAny(v.flags, VM_WRITE) : !hasAny(v.flags, VM_ACCESS_FLAGS))
    return signal('SIGSEGV');
  const fault = handleFault(tx, i, vpn, write);
  if (fault !== 'ok') return signal(accessSignal(fault));
  return { i, vpn };
}

/**
 * The signal a failed user fault raises (arch/x86/mm/fault.c:mm_fault_error): SIGBUS for
 * VM_FAULT_SIGBUS and for VM_FAULT_HWPOISON (si_code BUS_MCEERR_AR, which the result does not
 * tell apart). VM_FAULT_OOM: the allocation failed, and the model takes the OOM killer to have
 * chosen this process, which maps the memory the trace made: SIGKILL. (Before 5.16
 * pagefault_out_of_memory called the OOM killer itself; since 60e2793d440a "mm, oom: do not
 * trigger out_of_memory from the #PF" it only retries a fault whose VM_FAULT_OOM leaked, so an
 * allocation that keeps failing without a kill would loop: the model does not take that branch.)
 * A retry without progress never returns: step.ts reports the hang.
 */
function accessSignal(fault: Exclude<FaultResult, 'ok'>): Signal {
  switch (fault) {
    case 'SIGSEGV':
      return 'SIGSEGV';
    case 'OOM':
    case 'RETRY':
      return 'SIGKILL';
    default:
      return 'SIGBUS';
  }
}

const isResult = (x: { i: number; vpn: number } | Result): x is Result => 'kind' in x;

export function userRead(tx: Tx, addr: bigint): Result {
  const a = access(tx, addr, false);
  if (isResult(a)) return a;
  const v = tx.mm.vmas[a.i];
  const pte = v?.ptes.at(a.vpn - v.start) ?? 0;
  return ok(BigInt(readByte(tx, pte, Number(addr & 4095n))));
}

export function userWrite(tx: Tx, addr: bigint, value: bigint): Result {
  const a = access(tx, addr, true);
  if (isResult(a)) return a;
  const v = tx.mm.vmas[a.i];
  const pte = v?.ptes.at(a.vpn - v.start) ?? 0;
  if (pte > 0 && v !== undefined) userWriteDirties(tx, pte, v.flags);
  if (pte > 0) writeByte(tx, pte, Number(addr & 4095n), Number(value & 0xffn));
  return ok(0n);
}

// Population under the environment's failures (issue 14.3; mm/gup.c:__get_user_pages,
// faultin_page, vm_fault_to_errno; mm/madvise.c:madvise_populate; mm/mlock.c:
// __mlock_posix_error_return): on a range where nothing is present yet, MADV_POPULATE_* and
// mlock walk in address order and stop at the first page whose fault fails. So the call
// reports that failure — MADV_POPULATE_*: VM_FAULT_OOM ENOMEM, VM_FAULT_SIGBUS EFAULT,
// VM_FAULT_HWPOISON EHWPOISON (FOLL_HWPOISON); mlock: ENOMEM becomes EAGAIN, EFAULT (SIGBUS,
// and a poisoned page, GUP having no FOLL_HWPOISON there) becomes ENOMEM; a VM_FAULT_RETRY
// without progress never returns (hang) — and it leaves exactly the prefix populated: the
// pages before the failing one present, it and the pages after it as they were (none).
// Stated where the range is one private anonymous VMA the call may populate, so that the
// first failing page is the first injected one.

import { MADV_POPULATE_READ, MADV_POPULATE_WRITE } from '../../src/uapi/constants.js';
import { PTE_NONE, currentMm } from '../../src/kernel/state.js';
import type { KernelState } from '../../src/kernel/state.js';
import type { EnvFault } from '../../src/uapi/injection.js';
import { VM_LOCKED, VM_LOCKONFAULT, VM_READ, VM_WRITE } from '../../src/uapi/vmFlags.js';
import { hasAny, vmFlags } from '../../src/uapi/vmFlags.js';
import type { Transition, TransitionInvariant } from './specInvariant.js';
import { argInt, pteAt, vmaAt } from './_internals/mmFacts.js';
import { callRange } from './_internals/rangeFacts.js';

const MADVISE_ERRNO: Partial<Record<EnvFault, string>> = {
  VM_FAULT_OOM: 'ENOMEM',
  VM_FAULT_SIGBUS: 'EFAULT',
  VM_FAULT_HWPOISON: 'EHWPOISON',
};
const MLOCK_ERRNO: Partial<Record<EnvFault, string>> = {
  VM_FAULT_OOM: 'EAGAIN',
  VM_FAULT_SIGBUS: 'ENOMEM',
  VM_FAULT_HWPOISON: 'ENOMEM',
};

interface Expectation {
  /** The first failing page, and the answer the call must give. */
  readonly page: number;
  readonly answer: string;
  readonly start: number;
  readonly end: number;
}

/** Whether [start, end) is one private anonymous VMA of `s` with nothing present. */
function freshAnonRange(s: KernelState, start: number, end: number, access: number): boolean {
  const mm = currentMm(s);
  const v = vmaAt(mm, start);
  if (v === undefined || v.end < end || v.backing.kind !== 'anon') return false;
  if (!hasAny(v.flags, vmFlags(access))) return false;
  for (let vpn = start; vpn < end; vpn++) if (pteAt(mm, vpn) !== PTE_NONE) return false;
  return true;
}

function expectation({ before, call, after }: Transition): Expectation | null {
  const inject = 'inject' in call ? (call.inject ?? []) : [];
  const failing = inject.filter((j) => j.fault !== 'VM_FAULT_RETRY');
  if (failing.length === 0) return null;
  let table: Partial<Record<EnvFault, string>>;
  let access: number;
  if (call.call === 'madvise') {
    const advice = argInt(call, 2);
    if (advice !== MADV_POPULATE_READ && advice !== MADV_POPULATE_WRITE) return null;
    table = MADVISE_ERRNO;
    access = advice === MADV_POPULATE_WRITE ? VM_WRITE : VM_READ;
  } else if (call.call === 'mlock') {
    table = MLOCK_ERRNO;
    access = VM_READ | VM_WRITE;
  } else return null;
  const { start, end } = callRange(call);
  if (end <= start || !freshAnonRange(before, start, end, access)) return null;
  const v = vmaAt(currentMm(before), start);
  if (v === undefined || hasAny(v.flags, VM_LOCKONFAULT)) return null;
  // mlock populates only once its checks (EPERM, the limit) have passed and the VMA is locked.
  const locked = vmaAt(currentMm(after), start);
  if (call.call === 'mlock' && (locked === undefined || !hasAny(locked.flags, VM_LOCKED)))
    return null;
  let first: { page: number; fault: EnvFault } | null = null;
  for (const j of failing) {
    const page = Number(j.addr >> 12n);
    if (page >= start && page < end && (first === null || page < first.page))
      first = { page, fault: j.fault };
  }
  if (first === null) return null;
  const answer = first.fault === 'VM_FAULT_RETRY_FOREVER' ? 'hang' : (table[first.fault] ?? '');
  return { page: first.page, answer, start, end };
}

const answerOf = (t: Transition): string =>
  t.result.kind === 'errno' ? t.result.errno : t.result.kind === 'value' ? 'ok' : t.result.kind;

export const populateFailsAtInjectedPage: TransitionInvariant = {
  kind: 'transition',
  calls: ['madvise', 'mlock'],
  name: 'populateFailsAtInjectedPage',
  source:
    'mm/gup.c:__get_user_pages, vm_fault_to_errno; mm/madvise.c:madvise_populate; mm/mlock.c:__mlock_posix_error_return',
  restate: (t) => {
    const e = expectation(t);
    return {
      checks: [],
      notes: [
        e === null
          ? 'no injected failure on a fresh range here'
          : `the call must answer ${e.answer} at page ${e.page - e.start} of its range, with exactly the pages before it populated`,
      ],
    };
  },
  holds: (t) => {
    const e = expectation(t);
    if (e === null) return true;
    if (answerOf(t) !== e.answer) return false;
    const mm = currentMm(t.after);
    for (let vpn = e.start; vpn < e.end; vpn++) {
      const present = pteAt(mm, vpn) !== PTE_NONE;
      if (present !== vpn < e.page) return false;
    }
    return true;
  },
};

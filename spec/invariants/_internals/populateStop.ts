// Where MADV_POPULATE_READ/WRITE must stop, shared by madvisePopulateErrno (what it answers)
// and madvisePopulatePostcondition (what it leaves populated): mm/gup.c:faultin_page_range
// walks the range page by page in address order and stops at the first page it cannot
// populate (check_vma_flags for the VMA, the fault for the page).

import { PTE_GUARD, currentMm } from '../../../src/kernel/state.js';
import type { KernelState } from '../../../src/kernel/state.js';
import { VM_IO, VM_PFNMAP, VM_READ, VM_WRITE, hasAny, vmFlags } from '../../../src/uapi/vmFlags.js';
import { isSecretmem, vmaAt } from './mmFacts.js';
import { pastEof } from './rangeFacts.js';

export type PopulateAnswer = 'ok' | 'ENOMEM' | 'EINVAL' | 'EFAULT';

/** The first page of [start, end) the walk cannot populate and the answer it calls for. */
export interface PopulateStop {
  /** That page, or `end` when every page can be populated. */
  readonly vpn: number;
  readonly answer: PopulateAnswer;
}

/**
 * A hole is ENOMEM; a VMA the access is not allowed in (VM_IO|VM_PFNMAP, secretmem, no
 * VM_WRITE for a write, no VM_READ for a read) is EINVAL; a page where the access would raise
 * SIGSEGV (a guard marker) or SIGBUS (a file page past EOF) is EFAULT.
 */
export function populateStop(
  s: KernelState,
  start: number,
  end: number,
  write: boolean,
): PopulateStop {
  const mm = currentMm(s);
  const access = vmFlags(write ? VM_WRITE : VM_READ);
  for (let vpn = start; vpn < end; vpn++) {
    const v = vmaAt(mm, vpn);
    if (v === undefined) return { vpn, answer: 'ENOMEM' };
    if (hasAny(v.flags, vmFlags(VM_IO | VM_PFNMAP)) || isSecretmem(s, v))
      return { vpn, answer: 'EINVAL' };
    if (!hasAny(v.flags, access)) return { vpn, answer: 'EINVAL' };
    if (v.ptes.at(vpn - v.start) === PTE_GUARD || pastEof(s, v, vpn))
      return { vpn, answer: 'EFAULT' };
  }
  return { vpn: end, answer: 'ok' };
}

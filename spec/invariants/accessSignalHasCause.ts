// A user access raises a signal exactly where it has a cause (mmap.2 SIGSEGV and SIGBUS;
// madvise.2 MADV_GUARD_INSTALL): SIGSEGV for an address no VMA maps (unless a stack below which
// it lies grows down to it: mm/mmap.c:expand_downwards, which may refuse), for an access the
// VMA's protection forbids (arch/x86/mm/fault.c:access_error: a write needs VM_WRITE, a read any
// of VM_READ, VM_WRITE, VM_EXEC) and for a guard marker; SIGBUS for a page of a file mapping at
// or past end of file (mm/filemap.c:filemap_fault). Anything else succeeds: a healthy machine's
// fault maps the page (mm/memory.c:handle_mm_fault). A call the environment fails (an injected
// VM_FAULT_*) answers for the failure and is not judged here.

import { PTE_GUARD, currentMm } from '../../src/kernel/state.js';
import { VM_ACCESS_FLAGS, VM_GROWSDOWN, VM_WRITE, hasAny } from '../../src/uapi/vmFlags.js';
import type { TransitionInvariant } from './specInvariant.js';
import { accessOf } from './_internals/accessFacts.js';
import { vmaAt } from './_internals/mmFacts.js';

export const accessSignalHasCause: TransitionInvariant = {
  kind: 'transition',
  calls: ['read', 'write'],
  name: 'accessSignalHasCause',
  source: 'arch/x86/mm/fault.c:do_user_addr_fault, access_error; mm/filemap.c:filemap_fault',
  holds: ({ before, call, result, after }) => {
    const a = accessOf(call);
    if (a === null || ('inject' in call && (call.inject ?? []).length > 0)) return true;
    const v = vmaAt(currentMm(before), a.vpn);
    const signal = result.kind === 'signal' ? result.signal : null;
    if (v === undefined) {
      if (signal === 'SIGSEGV') return true;
      const grown = vmaAt(currentMm(after), a.vpn);
      return signal === null && grown !== undefined && hasAny(grown.flags, VM_GROWSDOWN);
    }
    const allowed = a.write ? hasAny(v.flags, VM_WRITE) : hasAny(v.flags, VM_ACCESS_FLAGS);
    if (!allowed || v.ptes.at(a.vpn - v.start) === PTE_GUARD) return signal === 'SIGSEGV';
    if (v.backing.kind === 'file') {
      const size = before.files[v.backing.file]?.size ?? 0;
      if (v.pgoff + (a.vpn - v.start) >= Math.ceil(size / 4096)) return signal === 'SIGBUS';
    }
    return result.kind === 'value';
  },
  restate: () => ({
    checks: [],
    notes: [
      'the access must raise SIGSEGV only outside any VMA, against its protection or on a',
      'guard marker, SIGBUS only past end of file, and otherwise succeed',
    ],
  }),
};

// mremap grows a mapping in place when the space after it is free (mremap.2 ERRORS: without
// MREMAP_MAYMOVE, ENOMEM only when growing where the mapping is is impossible; mm/mremap.c:
// SYSCALL mremap to 6.16, expand_vma from 6.17, and vma_expandable):
// when old_address + old_size is the end of its VMA, the call names no new address and grows,
// and the pages [end, end + growth) are free and below TASK_SIZE, the kernel expands the VMA
// there before it would consider a move. So such a call that succeeds returns old_address,
// and it is not refused with ENOMEM unless RLIMIT_DATA is finite (resize_is_valid's
// may_expand_vm; RLIMIT_MEMLOCK's refusal is EAGAIN, a special mapping's EFAULT).

import { TASK_SIZE } from '../../src/kernel/addr.js';
import { PAGE_SIZE } from '../../src/uapi/constants.js';
import { currentMm } from '../../src/kernel/state.js';
import type { TransitionInvariant } from './specInvariant.js';
import { argumentsInvalid, mremapArgs, namesNewAddr } from './_internals/mremapFacts.js';
import { vmaAt } from './_internals/mmFacts.js';

const PAGE = BigInt(PAGE_SIZE);

export const mremapGrowsInPlace: TransitionInvariant = {
  kind: 'transition',
  calls: ['mremap'],
  name: 'mremapGrowsInPlace',
  source: 'mm/mremap.c:SYSCALL_DEFINE5(mremap), expand_vma, vma_expandable',
  holds: ({ before, call, result }) => {
    if (call.call !== 'mremap' || before.procs.length === 0) return true;
    const okOrEnomem =
      result.kind === 'value' || (result.kind === 'errno' && result.errno === 'ENOMEM');
    if (!okOrEnomem) return true;
    const a = mremapArgs(call);
    if (argumentsInvalid(a) || namesNewAddr(a) || a.oldLen === 0n || a.newLen <= a.oldLen)
      return true;
    const mm = currentMm(before);
    if (result.kind === 'errno' && mm.rlimitData !== undefined) return true;
    const v = vmaAt(mm, Number(a.addr / PAGE));
    const end = Number((a.addr + a.oldLen) / PAGE);
    if (v === undefined || v.end !== end) return true;
    const grownEnd = end + Number((a.newLen - a.oldLen) / PAGE);
    if (BigInt(grownEnd) * PAGE > TASK_SIZE) return true;
    if (mm.vmas.some((w) => w.start < grownEnd && w.end > end)) return true;
    return result.kind === 'value' && result.value === a.addr;
  },
  restate: () => ({
    checks: [],
    notes: ['the space after the mapping was free: mremap must have grown it in place'],
  }),
};

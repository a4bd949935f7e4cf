// RLIMIT_DATA bounds the data mappings (issue 14, *limit*; setrlimit.2 RLIMIT_DATA, since 4.7
// counting private writable mappings; mmap.2 ENOMEM "RLIMIT_DATA would have been exceeded"):
// an mmap that makes a data mapping (PROT_WRITE, private, not MAP_GROWSDOWN:
// include/linux/mm.h:is_data_mapping) succeeds only if data_vm plus the pages it adds stays
// within RLIMIT_DATA, and is refused with ENOMEM only beyond it; a mapping that is not data
// never is (mm/vma.c:may_expand_vm). The pages a MAP_FIXED replaces are given back first,
// whatever they were (mm/vma.c:__mmap_region counts vms.nr_pages). data_vm is VmData: the data
// mappings of the process and the .data/.bss of the program that no VMA of the model stands
// for (src/kernel/dataLimit.ts). The limit's soft and hard values are the same here (a trace
// sets both), so may_expand_vm's zero-soft-limit exception never applies.

import { OTHER_DATA_PAGES, isDataMapping } from '../../src/kernel/dataLimit.js';
import type { KernelCall } from '../../src/kernel/call.js';
import type { Result } from '../../src/kernel/result.js';
import type { Mm } from '../../src/kernel/state.js';
import { currentMm } from '../../src/kernel/state.js';
import {
  MAP_FIXED,
  MAP_FIXED_NOREPLACE,
  MAP_GROWSDOWN,
  MAP_SHARED,
  MAP_SHARED_VALIDATE,
  MAP_TYPE,
  PAGE_SIZE,
  PROT_WRITE,
} from '../../src/uapi/constants.js';
import type { TransitionInvariant } from './specInvariant.js';
import { arg, argInt, vpnOf } from './_internals/mmFacts.js';
import { mmapVerdict } from './_internals/mmapChecks.js';
import { acceptedResults } from './_internals/acceptedResults.js';

const PAGE = BigInt(PAGE_SIZE);

/** VmData in pages: the data VMAs and the program's own data. */
const dataVm = (mm: Mm): number =>
  mm.vmas.reduce((n, v) => (isDataMapping(v.flags) ? n + v.end - v.start : n), OTHER_DATA_PAGES);

/** Whether the mapping `call` asks for is a data mapping, from its arguments alone. */
function asksForData(call: KernelCall): boolean {
  const flags = argInt(call, 3);
  const type = flags & MAP_TYPE;
  const shared = type === MAP_SHARED || type === MAP_SHARED_VALIDATE;
  return (argInt(call, 2) & PROT_WRITE) !== 0 && !shared && (flags & MAP_GROWSDOWN) === 0;
}

/** Pages of [start, end) some VMA maps: what a MAP_FIXED gives back before it is charged. */
function mappedIn(mm: Mm, start: number, end: number): number {
  let n = 0;
  for (const v of mm.vmas) n += Math.max(0, Math.min(end, v.end) - Math.max(start, v.start));
  return n;
}

/** The data_vm the call would reach, or null when the call's range is not known. */
function reached(mm: Mm, call: KernelCall, result: Result): number | null {
  const pages = Number((BigInt.asUintN(64, arg(call, 1) + PAGE - 1n) & ~(PAGE - 1n)) / PAGE);
  const flags = argInt(call, 3);
  const fixed = (flags & MAP_FIXED) !== 0 && (flags & MAP_FIXED_NOREPLACE) === 0;
  // Without MAP_FIXED the kernel picks free space (or refuses an overlap: MAP_FIXED_NOREPLACE).
  if (!fixed) return dataVm(mm) + pages;
  const start = vpnOf(result.kind === 'value' ? result.value : arg(call, 0));
  return dataVm(mm) + pages - mappedIn(mm, start, start + pages);
}

export const dataLimitExact: TransitionInvariant = {
  kind: 'transition',
  calls: ['mmap'],
  name: 'dataLimitExact',
  source: 'mm/vma.c:may_expand_vm, __mmap_region; include/linux/mm.h:is_data_mapping',
  holds: ({ before, call, result }) => {
    if (call.call !== 'mmap' || before.procs.length === 0) return true;
    const mm = currentMm(before);
    if (mm.rlimitData === undefined) return true;
    if (result.kind !== 'value' && !(result.kind === 'errno' && result.errno === 'ENOMEM'))
      return true;
    // Arguments do_mmap refuses before __mmap_region counts anything (a length past TASK_SIZE
    // is ENOMEM too): mmapRefusalsInOrder judges those.
    if (mmapVerdict(before, call) !== 'good') return true;
    const total = reached(mm, call, result);
    const beyond = asksForData(call) && total !== null && total > Number(mm.rlimitData / PAGE);
    return result.kind === 'value' ? !beyond : beyond;
  },
  restate: (t) => ({
    ...acceptedResults(dataLimitExact, t),
    checks: [],
    notes: [
      'a data mapping must be made within RLIMIT_DATA, and refused with ENOMEM only beyond it',
    ],
  }),
};

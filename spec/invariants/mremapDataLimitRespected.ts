// mremap keeps the data mappings within RLIMIT_DATA (issue 14, *limit*; setrlimit.2
// RLIMIT_DATA, mremap.2 ENOMEM): a successful mremap that leaves more data_vm than before
// leaves it within the limit. The growth of a data VMA is checked by may_expand_vm
// (mm/mremap.c:vma_to_resize to 6.15, resize_is_valid from 6.16), and so is the old range
// MREMAP_DONTUNMAP keeps mapped beside the new one (mremap_to). data_vm is VmData: the data
// mappings (include/linux/mm.h:is_data_mapping) and the program's own data (dataLimitExact
// states the limit for mmap). Its converse (ENOMEM only beyond the limit) is not stated:
// mremap also answers ENOMEM for a growth in place that meets a mapping.

import { OTHER_DATA_PAGES, isDataMapping } from '../../src/kernel/dataLimit.js';
import { PAGE_SIZE } from '../../src/uapi/constants.js';
import { currentMm, type Mm } from '../../src/kernel/state.js';
import type { TransitionInvariant } from './specInvariant.js';

/** VmData in pages: the data VMAs and the program's own data. */
const dataVm = (mm: Mm): number =>
  mm.vmas.reduce((n, v) => (isDataMapping(v.flags) ? n + v.end - v.start : n), OTHER_DATA_PAGES);

export const mremapDataLimitRespected: TransitionInvariant = {
  kind: 'transition',
  // A postcondition of success: a call that returned no value keeps it.
  results: ['value'],
  calls: ['mremap'],
  name: 'mremapDataLimitRespected',
  source: 'mm/mremap.c:vma_to_resize, resize_is_valid, mremap_to; mm/vma.c:may_expand_vm',
  holds: ({ before, call, result, after }) => {
    if (call.call !== 'mremap' || result.kind !== 'value') return true;
    const b = currentMm(before);
    if (b.rlimitData === undefined) return true;
    const grown = dataVm(currentMm(after));
    return grown <= dataVm(b) || grown <= Number(b.rlimitData / BigInt(PAGE_SIZE));
  },
  restate: () => ({
    checks: [],
    notes: ['the mremap above grew the data mappings past RLIMIT_DATA: it must be ENOMEM'],
  }),
};

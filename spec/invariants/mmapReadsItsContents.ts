// A new mapping reads what it maps (mmap.2 DESCRIPTION: a file mapping's contents are
// initialized from the file, `length` bytes from `offset`; MAP_ANONYMOUS: initialized to
// zero). So after a successful mmap, every page of the new range reads the bytes its file
// index held in the page cache before the call (zeros where nothing was cached: a fresh
// read-in of a file the trace wrote nothing to), or zeros for anonymous memory, shared or
// private. This holds whether the mapping was populated (MAP_POPULATE, MAP_LOCKED, def_flags'
// VM_LOCKED) or not: the population of a private writable file mapping breaks COW
// (mm/gup.c:populate_vma_page_range asks FOLL_WRITE), and the copy carries the cache page's
// bytes (mm/memory.c:do_cow_fault, wp_page_copy). Guard markers read nothing and are skipped.

import { toVpn } from '../../src/kernel/addr.js';
import { PTE_GUARD, currentMm } from '../../src/kernel/state.js';
import type { TransitionInvariant } from './specInvariant.js';
import { bytesOf, readThrough, sameBytes } from './_internals/accessFacts.js';
import { arg, vmaAt } from './_internals/mmFacts.js';

export const mmapReadsItsContents: TransitionInvariant = {
  kind: 'transition',
  // A postcondition of success: a call that returned no value keeps it.
  results: ['value'],
  calls: ['mmap'],
  name: 'mmapReadsItsContents',
  source:
    'mm/mmap.c:do_mmap; mm/memory.c:do_cow_fault, wp_page_copy; mm/gup.c:populate_vma_page_range',
  holds: ({ before, call, result, after }) => {
    if (call.call !== 'mmap' || result.kind !== 'value') return true;
    const start = toVpn(result.value);
    const end = start + Number((arg(call, 1) + 4095n) / 4096n);
    const mm = currentMm(after);
    for (let vpn = start; vpn < end; vpn++) {
      const v = vmaAt(mm, vpn);
      if (v === undefined || v.backing.kind === 'special') return v !== undefined;
      const src = readThrough(after, v, vpn);
      if (src === PTE_GUARD) continue;
      const index = v.pgoff + (vpn - v.start);
      const was =
        v.backing.kind === 'file' ? (before.files[v.backing.file]?.cache.get(index) ?? 0) : 0;
      if (!sameBytes(bytesOf(after, src), bytesOf(before, was))) return false;
    }
    return true;
  },
  restate: () => ({
    checks: [],
    notes: ['every page of a new mapping must read its file at its offset, or zeros'],
  }),
};

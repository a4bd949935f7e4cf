// A write to a MAP_SHARED file mapping lands in the file's page cache (mmap.2 MAP_SHARED:
// updates are visible to every process mapping the same region and carried through to the
// underlying file). After a successful write, the written address maps the page cache page of
// its file index: mm/memory.c:do_shared_fault maps the page __do_fault found or read in, and a
// write to a page already mapped writes to it in place (wp_page_shared). Shared anonymous
// memory is a shmem file of its own (mm/shmem.c:shmem_zero_setup), judged the same way.
// [vvar]/[vdso] and VM_PFNMAP/VM_IO mappings are not judged.

import { currentMm } from '../../src/kernel/state.js';
import type { TransitionInvariant } from './specInvariant.js';
import { accessOf, cachedAt, faultsPages, isShared } from './_internals/accessFacts.js';
import { vmaAt } from './_internals/mmFacts.js';

export const sharedWriteReachesCache: TransitionInvariant = {
  kind: 'transition',
  // A postcondition of an access that completed: one that raised a signal keeps it.
  results: ['value'],
  calls: ['write'],
  name: 'sharedWriteReachesCache',
  source: 'mm/memory.c:do_shared_fault, wp_page_shared',
  holds: ({ call, result, after }) => {
    const a = accessOf(call);
    if (a === null || !a.write || result.kind !== 'value') return true;
    const v = vmaAt(currentMm(after), a.vpn);
    if (v === undefined || !isShared(v) || !faultsPages(v) || v.backing.kind !== 'file')
      return true;
    const id = v.ptes.at(a.vpn - v.start);
    return id > 0 && cachedAt(after, v, a.vpn) === id;
  },
  restate: () => ({
    checks: [],
    notes: ['a written shared page must be the page cache page of its file index'],
  }),
};

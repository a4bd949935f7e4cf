// A read maps a page every reader shares, never a copy of its own: a read of private anonymous
// memory not faulted yet maps the shared zero page (mm/memory.c:do_anonymous_page, "use the
// zero-page for reads"), a read of a file mapping, private or shared, maps the page cache page
// of its file index (do_read_fault: a MAP_PRIVATE file mapping reads the file's own page until
// a write copies it, mmap.2 MAP_PRIVATE copy-on-write), and a read of a present page takes no
// fault and leaves the PTE as it was. [vvar]/[vdso] and VM_PFNMAP/VM_IO mappings are not judged.
// NOTE: a kernel may refuse the zero page (mm_forbids_zeropage on s390 guests, a userfaultfd
// VM_UFFD_MISSING or write-protected range): none of which the model maps.

import { PTE_NONE, PTE_ZERO, currentMm } from '../../src/kernel/state.js';
import type { TransitionInvariant } from './specInvariant.js';
import { accessOf, cachedAt, faultsPages } from './_internals/accessFacts.js';
import { vmaAt } from './_internals/mmFacts.js';

export const readFaultMapsSharedPage: TransitionInvariant = {
  kind: 'transition',
  // A postcondition of an access that completed: one that raised a signal keeps it.
  results: ['value'],
  calls: ['read'],
  name: 'readFaultMapsSharedPage',
  source: 'mm/memory.c:do_anonymous_page, do_read_fault, handle_pte_fault',
  holds: ({ before, call, result, after }) => {
    const a = accessOf(call);
    if (a === null || a.write || result.kind !== 'value') return true;
    const v = vmaAt(currentMm(after), a.vpn);
    if (v === undefined || !faultsPages(v)) return true;
    const pte = v.ptes.at(a.vpn - v.start);
    const old = vmaAt(currentMm(before), a.vpn);
    const was = old === undefined ? PTE_NONE : old.ptes.at(a.vpn - old.start);
    if (was !== PTE_NONE) return pte === was;
    if (v.backing.kind === 'anon') return pte === PTE_ZERO;
    return pte > 0 && cachedAt(after, v, a.vpn) === pte;
  },
  restate: () => ({
    checks: [],
    notes: ['a read must map the zero page or the page cache page, or keep the present one'],
  }),
};

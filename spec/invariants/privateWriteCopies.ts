// A write to a MAP_PRIVATE mapping lands in a page of that mapping's own (mmap.2 MAP_PRIVATE:
// a copy-on-write mapping whose updates other processes do not see and the file does not
// get; fork.2: parent and child have separate memory spaces). After a successful write, the
// written address maps an anonymous page that no other PTE of any process maps and no page
// cache holds: mm/memory.c:do_anonymous_page allocates it, do_cow_fault copies the page cache
// page, do_wp_page copies the zero page, a page cache page or a page a fork child still shares
// (wp_page_copy), and reuses only an anonymous page this PTE alone maps (wp_can_reuse_anon_folio).
// [vvar]/[vdso] and VM_PFNMAP/VM_IO mappings map the kernel's frames and are not judged.

import { currentMm, type KernelState } from '../../src/kernel/state.js';
import type { TransitionInvariant } from './specInvariant.js';
import { accessOf, faultsPages, isShared } from './_internals/accessFacts.js';
import { ptesMapping, vmaAt } from './_internals/mmFacts.js';

/** How many PTEs of every process map page `id`, and whether a page cache holds it. */
function mappers(s: KernelState, id: number): number {
  let n = ptesMapping(s).get(id) ?? 0;
  for (const f of s.files) for (const cached of f.cache.values()) if (cached === id) n++;
  return n;
}

export const privateWriteCopies: TransitionInvariant = {
  kind: 'transition',
  // A postcondition of an access that completed: one that raised a signal keeps it.
  results: ['value'],
  calls: ['write'],
  name: 'privateWriteCopies',
  source: 'mm/memory.c:do_anonymous_page, do_cow_fault, do_wp_page, wp_page_copy',
  holds: ({ call, result, after }) => {
    const a = accessOf(call);
    if (a === null || !a.write || result.kind !== 'value') return true;
    const v = vmaAt(currentMm(after), a.vpn);
    if (v === undefined || isShared(v) || !faultsPages(v)) return true;
    const id = v.ptes.at(a.vpn - v.start);
    if (id <= 0) return false;
    return after.pages.get(id)?.file === -1 && mappers(after, id) === 1;
  },
  restate: () => ({
    checks: [],
    notes: ['a written private page must be an anonymous page mapped by that PTE alone'],
  }),
};

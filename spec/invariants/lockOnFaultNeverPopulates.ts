// Lock-on-fault never makes a page present (semantics 2.6 step 1, 4.3, 6.3): for a
// VM_LOCKONFAULT VMA populate_vma_page_range returns "all done" at once (mm/gup.c), so
// mlock2(MLOCK_ONFAULT), mlockall(...|MCL_ONFAULT), MAP_POPULATE or MAP_LOCKED under
// MCL_FUTURE|MCL_ONFAULT, and mremap growth fault nothing in. Pages arrive only by a user
// access (the fault path) or MADV_POPULATE_* (faultin_page_range has no such shortcut, 2.7),
// so those calls are outside the property.
// NOTE: a page moved by mremap keeps its page id, which is how a move is told from a fault;
// the shared zero page has one id for all, so a zero-page PTE counts as moved when the state
// before mapped the zero page anywhere. Guard markers are not pages.

import { currentMm } from '../../src/kernel/state.js';
import { PTE_GUARD, PTE_NONE } from '../../src/kernel/state.js';
import type { Mm } from '../../src/kernel/state.js';
import { callsExcept, type TransitionInvariant } from './specInvariant.js';
import { isLockOnFault, pteAt, vmaAtCursor, vmaCursor } from './_internals/mmFacts.js';
import { pagePatterns } from './_internals/pagePatterns.js';

const FAULTING_CALLS: ReadonlySet<string> = new Set(['read', 'write', 'madvise', 'fork', 'exit']);

function mappedIds(mm: Mm): Set<number> {
  const ids = new Set<number>();
  for (const v of mm.vmas) for (const pte of v.ptes.toArray()) if (pte !== PTE_NONE) ids.add(pte);
  return ids;
}

export const lockOnFaultNeverPopulates: TransitionInvariant = {
  kind: 'transition',
  // Every clause compares before with after (a page present after and absent before).
  holdsWhenUnchanged: true,
  calls: callsExcept('read', 'write', 'madvise', 'fork', 'exit'),
  name: 'lockOnFaultNeverPopulates',
  source: 'mm/gup.c:populate_vma_page_range',
  holds: ({ before, call, after }) => {
    if (FAULTING_CALLS.has(call.call)) return true;
    const b = currentMm(before);
    const a = currentMm(after);
    // The same VMAs (values are immutable) hold the same PTEs: none became present.
    if (a.vmas === b.vmas) return true;
    let ids: Set<number> | null = null;
    // The VMA of b at or past a page, found by a cursor: both lists are in address order and
    // the pages are asked in address order, so it only moves forward (a vmaAt a page, a
    // linear search, was most of an ask that reached the PTEs).
    const bv = b.vmas;
    let j = 0;
    for (const v of a.vmas) {
      if (!isLockOnFault(v)) continue;
      j = vmaCursor(bv, j, v.start);
      // A VMA the state before already had (the same object) holds the same PTEs.
      if (bv[j] === v) continue;
      const ptes = v.ptes.toArray();
      for (let i = 0; i < ptes.length; i++) {
        const pte = ptes[i] ?? PTE_NONE;
        if (pte === PTE_NONE || pte === PTE_GUARD) continue;
        const vpn = v.start + i;
        j = vmaCursor(bv, j, vpn);
        const w = vmaAtCursor(bv, j, vpn);
        if (w !== undefined && w.ptes.at(vpn - w.start) !== PTE_NONE) continue;
        ids ??= mappedIds(b);
        if (!ids.has(pte)) return false;
      }
    }
    return true;
  },
  // Not present (`.`) where the call made a page present.
  restate: ({ before, after }, trace) => ({
    checks: pagePatterns(trace, (vpn) =>
      pteAt(currentMm(after), vpn) !== PTE_NONE && pteAt(currentMm(before), vpn) === PTE_NONE
        ? '.'
        : null,
    ),
  }),
};

// No side effects, the dirty half (issue 14): populating or locking never dirties a clean
// shared page. mlock, mlock2, mlockall, MAP_POPULATE, MAP_LOCKED, the population of a locked
// mapping that mremap grows, and MADV_POPULATE_READ fault shared pages in for reading: GUP asks
// FOLL_WRITE only of private writable mappings (mm/gup.c:populate_vma_page_range, since
// 5ecfda041e4b "mlock: avoid dirtying pages and triggering writeback", 2.6.37), and
// faultin_page_range only for MADV_POPULATE_WRITE, whose purpose is to simulate a write
// (madvise.2; it is not judged here). So after any of those calls,
// successful or not, every page-cache page is dirty only if it was dirty before (a page the
// call brought into the cache comes in clean). Anonymous pages are left out: kpageflags never
// shows them dirty while mapped (spec/litmus/mlock+MAP_PRIVATE_anon+dirty.mmt). The dirty
// state is the folio's PG_dirty as the model keeps it (src/kernel/dirty.ts).

import { MADV_POPULATE_READ } from '../../src/uapi/constants.js';
import type { KernelCall } from '../../src/kernel/call.js';
import { PTE_ZERO, type KernelState, currentMm } from '../../src/kernel/state.js';
import { checkMnemonics } from '../../src/trace/syntax.js';
import type { CheckStmt } from '../../src/trace/ast.js';
import type { TransitionInvariant } from './specInvariant.js';
import { judgesAdvice } from './_internals/madviseFacts.js';
import { argInt, isLockCall, pteAt } from './_internals/mmFacts.js';

/** The lock calls, mmap and mremap (both may populate), and MADV_POPULATE_READ. */
function judged(call: KernelCall): boolean {
  if (isLockCall(call) || call.call === 'mmap' || call.call === 'mremap') return true;
  return call.call === 'madvise' && argInt(call, 2) === MADV_POPULATE_READ;
}

/** Whether page `id` of `k` is a dirty page-cache page. */
const dirtyCachePage = (k: KernelState, id: number): boolean => {
  const p = k.pages.get(id);
  return p !== undefined && p.file >= 0 && p.dirty;
};

/** Whether some page-cache page is dirty in `after` and was not (or did not exist) in `before`. */
function dirtiedPage(before: KernelState, after: KernelState): boolean {
  for (const file of after.files)
    for (const id of file.cache.values())
      if (dirtyCachePage(after, id) && !dirtyCachePage(before, id)) return true;
  return false;
}

export const populatingNeverDirties: TransitionInvariant = {
  kind: 'transition',
  // Every clause compares before with after (a page dirty after and clean before).
  holdsWhenUnchanged: true,
  calls: ['mlock', 'mlock2', 'munlock', 'mlockall', 'munlockall', 'mmap', 'mremap', 'madvise'],
  // `judged` reads madvise's advice, which a letter fixes: any but MADV_POPULATE_READ holds.
  judgesLetter: judgesAdvice(MADV_POPULATE_READ),
  name: 'populatingNeverDirties',
  source: 'mm/gup.c:populate_vma_page_range, faultin_page_range; mm/memory.c:do_shared_fault',
  holds: ({ before, call, after }) => {
    if (!judged(call)) return true;
    if (after.pages === before.pages && after.files === before.files) return true;
    return !dirtiedPage(before, after);
  },
  // Every page of the trace's regions the call left dirty and found clean: `lacks dirty`.
  restate: ({ before, after }, trace) => {
    const mm = currentMm(after);
    const checks: CheckStmt[] = [];
    trace.regions.forEach((region) => {
      for (let k = 0; k < region.pages; k++) {
        const pte = pteAt(mm, region.firstVpn + k);
        if (pte <= 0 || pte === PTE_ZERO) continue;
        if (dirtyCachePage(after, pte) && !dirtyCachePage(before, pte))
          checks.push(checkMnemonics({ kind: 'page', addr: region.at(k) }, 'lacks', ['dirty']));
      }
    });
    return {
      checks,
      notes: ['populating or locking must not dirty a clean shared page (KPF_DIRTY)'],
    };
  },
};

// A page's map count is the number of PTEs that map it, in every process
// (Documentation/admin-guide/mm/pagemap.rst, /proc/kpagecount: how many times each page is
// mapped; include/linux/mm.h:folio_mapcount): kernel/fork.c:dup_mmap adds one for each PTE
// the child copies (mm/memory.c:copy_present_pte), and mm/mmap.c:exit_mmap, at a fork
// child's exit or for the old image of an execve (fs/exec.c:exec_mmap), drops one for each
// PTE it zaps; an anonymous page no PTE maps any more is freed. Judged after the calls that
// copy or tear down a whole address space (fork, the child's exit, execve), where a count
// left behind shows; a huge PMD maps its folio's pages once for all (hugePmd.ts), so a state
// holding one is left out.

import type { KernelState } from '../../src/kernel/state.js';
import type { TransitionInvariant } from './specInvariant.js';
import { ptesMapping } from './_internals/mmFacts.js';

function mapCountsExact(s: KernelState): boolean {
  if (s.procs.some((mm) => mm.hugePmds !== undefined)) return true;
  const mapped = ptesMapping(s);
  for (const id of mapped.keys()) if (!s.pages.has(id)) return false;
  let exact = true;
  s.pages.forEachRun(0, Number.MAX_SAFE_INTEGER, (first, n, page) => {
    for (let id = first; id < first + n && exact; id++)
      exact = page.mapCount === (mapped.get(id) ?? 0);
  });
  return exact;
}

export const pageMapCountExact: TransitionInvariant = {
  kind: 'transition',
  calls: ['fork', 'exit', 'execve'],
  name: 'pageMapCountExact',
  source: 'kernel/fork.c:dup_mmap; mm/mmap.c:exit_mmap; fs/exec.c:exec_mmap',
  holds: ({ call, after }) =>
    (call.call !== 'fork' && call.call !== 'exit' && call.call !== 'execve') ||
    mapCountsExact(after),
  // /proc/kpagecount is no observable of a trace: in words.
  restate: () => ({
    checks: [],
    notes: ['every page must be mapped as many times as PTEs of the processes map it'],
  }),
};

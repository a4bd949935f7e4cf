// fork: what a child keeps of its parent's locks. Lock bits and def_flags are not inherited;
// the child's pages are those fork copies (private anonymous PTEs), never mlocked in the child.

import { cell, type CellScript } from '../cellScript.js';
import type { RowSpec, TableSpec } from '../tableSpec.js';

const RW = 'PROT_READ|PROT_WRITE';
const PARENTS: readonly { readonly label: string; readonly make: (s: CellScript) => CellScript }[] =
  [
    {
      label: 'private anon, MAP_LOCKED',
      make: (s) => s.stmt(`a = mmap(NULL, 2P, ${RW}, MAP_PRIVATE|MAP_ANONYMOUS|MAP_LOCKED, -1, 0)`),
    },
    {
      label: 'private anon, mlock2 MLOCK_ONFAULT, page 0 written',
      make: (s) =>
        s
          .stmt(`a = mmap(NULL, 2P, ${RW}, MAP_PRIVATE|MAP_ANONYMOUS, -1, 0)`)
          .stmt('mlock2(a, 2P, MLOCK_ONFAULT) = 0')
          .stmt('write(a, 1)'),
    },
    {
      label: 'shared anon, mlock',
      make: (s) =>
        s
          .stmt(`a = mmap(NULL, 2P, ${RW}, MAP_SHARED|MAP_ANONYMOUS, -1, 0)`)
          .stmt('mlock(a, 2P) = 0'),
    },
    {
      label: 'shared file, MAP_LOCKED',
      make: (s) =>
        s.stmt('f = tmpfile(2P)').stmt(`a = mmap(NULL, 2P, ${RW}, MAP_SHARED|MAP_LOCKED, f, 0)`),
    },
    {
      label: 'private anon, MAP_POPULATE, unlocked',
      make: (s) =>
        s.stmt(`a = mmap(NULL, 2P, ${RW}, MAP_PRIVATE|MAP_ANONYMOUS|MAP_POPULATE, -1, 0)`),
    },
    {
      label: 'mlockall(MCL_CURRENT|MCL_FUTURE)',
      make: (s) =>
        s
          .stmt(`a = mmap(NULL, 2P, ${RW}, MAP_PRIVATE|MAP_ANONYMOUS, -1, 0)`)
          .stmt('mlockall(MCL_CURRENT|MCL_FUTURE) = 0'),
    },
    {
      label: 'mlockall(MCL_CURRENT|MCL_FUTURE|MCL_ONFAULT), page 0 written',
      make: (s) =>
        s
          .stmt(`a = mmap(NULL, 2P, ${RW}, MAP_PRIVATE|MAP_ANONYMOUS, -1, 0)`)
          .stmt('mlockall(MCL_CURRENT|MCL_FUTURE|MCL_ONFAULT) = 0')
          .stmt('write(a, 1)'),
    },
  ];

function rows(): RowSpec[] {
  return PARENTS.map((p, i) => {
    const s = p
      .make(cell())
      .fork((c) =>
        c
          .lock('child: VmFlags', 'a')
          .pages('child: pages', 'a', '2P')
          .vmLck('child: VmLck')
          .defFlags('child: def_flags'),
      )
      .lock('parent: VmFlags', 'a')
      .pages('parent: pages', 'a', '2P')
      .defFlags('parent: def_flags');
    return { id: String(i + 1), inputs: [p.label], cells: [s] };
  });
}

export const fork: TableSpec = {
  name: 'fork',
  title: 'fork: what a child keeps of its parent locks',
  summary:
    'A 2-page mapping set up as each row says, then fork: the lock bits, pages, VmLck and ' +
    'def_flags in the child, and in the parent after the child exits.',
  sources: [
    'kernel/fork.c:dup_mmap (VM_LOCKED_MASK cleared in the child), mm_init (def_flags masked ' +
      'with VM_INIT_DEF_MASK)',
    'mm/memory.c:copy_page_range (private anonymous PTEs copied, others faulted again)',
  ],
  inputs: ['parent'],
  outputs: [
    'child: VmFlags',
    'child: pages',
    'child: VmLck',
    'child: def_flags',
    'parent: VmFlags',
    'parent: pages',
    'parent: def_flags',
  ],
  rows,
};

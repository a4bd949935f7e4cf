// rlimit: the RLIMIT_MEMLOCK formula of each call that charges locked memory, each tried at
// the limit and one page over it, with and without CAP_IPC_LOCK.

import { cell, type CellScript } from '../cellScript.js';
import type { TableSpec } from '../tableSpec.js';
import { type AddRow, numberedRows } from './_internals/numberedRows.js';

const RW = 'PROT_READ|PROT_WRITE';
const ANON = 'MAP_PRIVATE|MAP_ANONYMOUS';

interface Scenario {
  readonly call: string;
  /** The check the kernel makes, in its own terms. */
  readonly rule: string;
  /** The limit the call just fits (the next row tries one page less). */
  readonly fits: number;
  readonly make: (s: CellScript) => CellScript;
}

const SCENARIOS: readonly Scenario[] = [
  {
    call: 'mlock 4P',
    rule: 'locked_vm + len - already locked <= limit',
    fits: 4,
    make: (s) =>
      s.stmt(`a = mmap(NULL, 4P, ${RW}, ${ANON}, -1, 0)`).result('result', 'mlock(a, 4P)'),
  },
  {
    call: 'mlock2 MLOCK_ONFAULT 4P',
    rule: 'as mlock: charged for the whole range',
    fits: 4,
    make: (s) =>
      s
        .stmt(`a = mmap(NULL, 4P, ${RW}, ${ANON}, -1, 0)`)
        .result('result', 'mlock2(a, 4P, MLOCK_ONFAULT)'),
  },
  {
    call: 'mlock 4P over 2P locked',
    rule: 'locked pages of the range not counted twice',
    fits: 4,
    make: (s) =>
      s
        .stmt(`a = mmap(NULL, 4P, ${RW}, ${ANON}, -1, 0)`)
        .stmt('mlock(a, 2P) = 0')
        .result('result', 'mlock(a, 4P)'),
  },
  {
    call: 'mmap MAP_LOCKED 4P',
    rule: 'mlock_future_ok: locked_vm + len <= limit',
    fits: 4,
    make: (s) => s.result('result', `a = mmap(NULL, 4P, ${RW}, ${ANON}|MAP_LOCKED, -1, 0)`),
  },
  {
    call: 'mmap 4P under MCL_FUTURE',
    rule: 'mlock_future_ok, def_flags lock bits',
    fits: 4,
    make: (s) =>
      s
        .stmt('mlockall(MCL_FUTURE) = 0')
        .result('result', `a = mmap(NULL, 4P, ${RW}, ${ANON}, -1, 0)`),
  },
  {
    call: 'mremap 2P -> 4P, locked',
    rule: 'mlock_future_ok for the growth',
    fits: 4,
    make: (s) =>
      s
        .stmt(`a = mmap(NULL, 2P, ${RW}, ${ANON}|MAP_LOCKED, -1, 0)`)
        .result('result', 'b = mremap(a, 2P, 4P, MREMAP_MAYMOVE)'),
  },
  {
    call: 'stack growth 2P -> 4P, locked',
    rule: 'acct_stack_growth: locked_vm + grow <= limit',
    fits: 4,
    make: (s) =>
      s
        .stmt(`g = mmap(NULL, 2P, ${RW}, ${ANON}|MAP_GROWSDOWN|MAP_LOCKED, -1, 0)`)
        .result('result', 'write(g - 2P, 1)'),
  },
];

function addRows(add: AddRow): void {
  for (const sc of SCENARIOS)
    for (const over of [false, true])
      for (const cap of [true, false]) {
        const limit = `${sc.fits - (over ? 1 : 0)}P`;
        const s = sc.make(cell({ rlimit: limit, capIpcLock: cap })).vmLck('VmLck');
        add([sc.call, sc.rule, limit, cap ? 'yes' : 'no'], s);
      }
}

export const rlimit: TableSpec = {
  name: 'rlimit',
  title: 'RLIMIT_MEMLOCK: the check each call makes',
  summary:
    'Each call that charges locked memory, with RLIMIT_MEMLOCK just enough and one page short, ' +
    'with and without CAP_IPC_LOCK: the result and VmLck.',
  sources: [
    'mm/mlock.c:do_mlock, count_mm_mlocked_page_nr',
    'mm/mmap.c:mlock_future_ok',
    'mm/mremap.c:vma_to_resize (mlock_future_ok)',
    'mm/vma.c:acct_stack_growth',
  ],
  inputs: ['call', 'rule', 'RLIMIT_MEMLOCK', 'CAP_IPC_LOCK'],
  outputs: ['result', 'VmLck'],
  rows: numberedRows(addRows),
};

// errno-order: each call with every combination of the faults it checks (bad flags, an
// unaligned address or offset, an unmapped range or a bad fd, RLIMIT_MEMLOCK too small, no
// CAP_IPC_LOCK) -> the errno that wins, which is the order the kernel validates in.

import { cell, type CellScript } from '../cellScript.js';
import type { TableSpec } from '../tableSpec.js';
import { type AddRow, numberedRows } from './_internals/numberedRows.js';

type Fault = 'bad flags' | 'unaligned' | 'unmapped' | 'bad fd';

interface CallCase {
  readonly call: string;
  readonly faults: readonly Fault[];
  /** Whether the call is charged to RLIMIT_MEMLOCK (the limit axes apply). */
  readonly limited: boolean;
  readonly make: (s: CellScript, faults: ReadonlySet<Fault>) => CellScript;
}

const RW = 'PROT_READ|PROT_WRITE';
const region = (s: CellScript, hole: boolean) => {
  s.stmt(`a = mmap(NULL, 4P, ${RW}, MAP_PRIVATE|MAP_ANONYMOUS, -1, 0)`);
  return hole ? s.stmt('munmap(a + 2P, 1P) = 0') : s;
};
/**
 * The range of 4 pages from `a`, or, when `unaligned` is among the faults, the same pages from
 * `a + 1`: one byte shorter, so that a call which rounds the start down (mlock) covers the
 * same 4 pages and the fault is the alignment alone, not a range running past the mapping.
 */
const range = (f: ReadonlySet<Fault>) => (f.has('unaligned') ? 'a + 1, 4P - 1' : 'a, 4P');

/**
 * A call over 4 pages of the region (with its hole when `unmapped` is among the faults), its
 * last argument `flags` or, when `bad flags` is, the invalid value `bad`.
 */
const rangeCall =
  (call: string, flags?: { readonly good: string; readonly bad: string }) =>
  (s: CellScript, f: ReadonlySet<Fault>) => {
    const last = flags === undefined ? '' : `, ${f.has('bad flags') ? flags.bad : flags.good}`;
    return region(s, f.has('unmapped')).result('errno', `${call}(${range(f)}${last})`);
  };

const CALLS: readonly CallCase[] = [
  {
    call: 'mlock',
    faults: ['unaligned', 'unmapped'],
    limited: true,
    make: rangeCall('mlock'),
  },
  {
    call: 'mlock2',
    faults: ['bad flags', 'unaligned', 'unmapped'],
    limited: true,
    make: rangeCall('mlock2', { good: 'MLOCK_ONFAULT', bad: '0x2' }),
  },
  {
    call: 'munlock',
    faults: ['unaligned', 'unmapped'],
    limited: false,
    make: rangeCall('munlock'),
  },
  {
    call: 'mlockall',
    faults: ['bad flags'],
    limited: true,
    make: (s, f) =>
      region(s, false).result('errno', `mlockall(${f.has('bad flags') ? '0x8' : 'MCL_CURRENT'})`),
  },
  {
    call: 'madvise POPULATE_WRITE',
    faults: ['bad flags', 'unaligned', 'unmapped'],
    limited: false,
    make: rangeCall('madvise', { good: 'MADV_POPULATE_WRITE', bad: '200' }),
  },
  {
    call: 'mmap MAP_LOCKED',
    faults: ['bad flags', 'unaligned', 'bad fd'],
    limited: true,
    make: (s, f) => {
      const type = f.has('bad flags') ? '' : 'MAP_PRIVATE|';
      const anon = f.has('bad fd') ? '' : 'MAP_ANONYMOUS|';
      const off = f.has('unaligned') ? '1' : '0';
      return s.result('errno', `m = mmap(NULL, 4P, ${RW}, ${type}${anon}MAP_LOCKED, -1, ${off})`);
    },
  },
];

/** RLIMIT_MEMLOCK x CAP_IPC_LOCK: unlimited, one page (too small), zero (no mlock at all). */
const LIMITS: readonly (readonly [string | undefined, boolean])[] = [
  [undefined, true],
  ['1P', true],
  ['1P', false],
  ['0', true],
  ['0', false],
];

function subsets<T>(items: readonly T[]): T[][] {
  return items.reduce<T[][]>((acc, x) => [...acc, ...acc.map((s) => [...s, x])], [[]]);
}

function addRows(add: AddRow): void {
  for (const c of CALLS)
    for (const faults of subsets(c.faults))
      for (const [rlimit, cap] of c.limited ? LIMITS : LIMITS.slice(0, 1)) {
        const set = new Set(faults);
        const s = cell({ ...(rlimit === undefined ? {} : { rlimit }), capIpcLock: cap });
        add(
          [
            c.call,
            faults.length === 0 ? '-' : faults.join(' + '),
            rlimit ?? 'unlimited',
            cap ? 'yes' : 'no',
          ],
          c.make(s, set),
        );
      }
}

export const errnoOrder: TableSpec = {
  name: 'errno-order',
  title: 'Which errno wins when several faults meet',
  summary:
    'Each call with every combination of the faults it checks, under RLIMIT_MEMLOCK ' +
    'unlimited, one page or zero, with and without CAP_IPC_LOCK: the result. Where two faults ' +
    'are present, the errno shown is the one the kernel checks first.',
  sources: [
    'mm/mlock.c:do_mlock (limit, then can_do_mlock), __mlock_posix_error_return',
    'mm/mlock.c:SYSCALL_DEFINE1(mlockall) (flags, can_do_mlock, limit)',
    'mm/madvise.c:madvise_behavior_valid, do_madvise',
    'mm/mmap.c:ksys_mmap_pgoff, do_mmap (offset, fd, map type, mlock_future_ok)',
  ],
  inputs: ['call', 'faults', 'RLIMIT_MEMLOCK', 'CAP_IPC_LOCK'],
  outputs: ['errno'],
  rows: numberedRows(addRows),
};

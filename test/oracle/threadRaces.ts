// The races the real-kernel thread tests run, on the host (threadsHeld.test.ts) and on a
// guest (guest/threadsGuest.test.ts): thread A is held by userfaultfd just before it faults
// in a chosen page while thread B changes the mapping, then A goes on. Each race says the
// one outcome the kernel gives under its schedule, as `outcomeOf` prints it.

import type { Engine, Session } from '../../src/uapi/engine.js';
import type { ScheduleStep, ThreadGroup } from '../../src/uapi/threadSchedule.js';
import * as K from './kernelTestKit.js';

export const A = 0;
export const B = 1;
const MADV_POPULATE_WRITE = 23n;
export const fault = (thread: number, addr: bigint): ScheduleStep => ({
  thread,
  until: 'fault',
  addr,
});
export const ret = (thread: number): ScheduleStep => ({ thread, until: 'return' });

export interface Race {
  readonly name: string;
  /** Makes the mapping; returns its start. */
  setup(s: Session): Promise<bigint>;
  group(a: bigint): ThreadGroup;
  /** Pages observed from the mapping's start. */
  readonly len: bigint;
  /** outcomeOf's line, an address a call returns written from the mapping's start, `A+4P`. */
  readonly expected: string;
}

export async function pagesOf(s: Session, addr: bigint, len: bigint): Promise<string> {
  const seen = await s.observe({ kind: 'pages', addr, len });
  return seen.kind === 'pages' ? seen.letters : '?';
}

function shownValue(v: bigint, a: bigint, len: bigint): string {
  if (v < a || v >= a + len) return `${v}`;
  return v === a ? 'A' : `A+${(v - a) / K.P}P`;
}

/** One run of the race in a fresh trace process: results, pages, VMAs and VmLck in a line. */
export async function outcomeOf(engine: Engine, race: Race): Promise<string> {
  const s = await engine.start({ rlimitMemlock: null, capIpcLock: true });
  try {
    const a = await race.setup(s);
    const results = (await s.runThreads?.(race.group(a))) ?? [];
    const shown = results.map((calls) =>
      calls
        .map((r) =>
          r.kind === 'value'
            ? shownValue(r.value, a, race.len)
            : r.kind === 'errno'
              ? r.errno
              : r.signal,
        )
        .join(','),
    );
    const vmas = await s.observe({ kind: 'vmas', addr: a, len: race.len });
    const lck = await s.observe({ kind: 'VmLck' });
    return [
      `results ${shown.join(' | ')}`,
      `pages ${await pagesOf(s, a, race.len)}`,
      `vmas ${vmas.kind === 'vmas' ? vmas.count : '?'}`,
      `VmLck ${lck.kind === 'VmLck' ? lck.bytes / K.P : '?'}P`,
    ].join('; ');
  } finally {
    await s.close();
  }
}

const MAP_FIXED = 0x10n;
const mapFixed = (addr: bigint, len: bigint) =>
  K.call('mmap', addr, len, K.PROT_RW, K.MAP_ANON | MAP_FIXED, K.NO_FD, 0n);

const mapRw = (s: Session, len: bigint, flags = K.MAP_ANON) =>
  K.value(s, K.mmapAt(0, len, K.PROT_RW, flags));

export const RACES: readonly Race[] = [
  {
    name: 'mlock held at page 4 while B unmaps pages 4-7',
    setup: (s) => mapRw(s, 8n * K.P),
    group: (a) => ({
      threads: [[K.call('mlock', a, 8n * K.P)], [K.call('munmap', a + 4n * K.P, 4n * K.P)]],
      schedule: [fault(A, a + 4n * K.P), ret(B), ret(A)],
    }),
    len: 8n * K.P,
    // __mm_populate finds no VMA past the hole and stops; mlock's own part succeeded.
    expected: 'results 0 | 0; pages LLLL....; vmas 1; VmLck 4P',
  },
  {
    name: 'MADV_POPULATE_WRITE held at page 4 while B makes pages 4-7 PROT_NONE',
    setup: (s) => mapRw(s, 8n * K.P),
    group: (a) => ({
      threads: [
        [K.call('madvise', a, 8n * K.P, MADV_POPULATE_WRITE)],
        [K.call('mprotect', a + 4n * K.P, 4n * K.P, K.PROT_NONE)],
      ],
      schedule: [fault(A, a + 4n * K.P), ret(B), ret(A)],
    }),
    len: 8n * K.P,
    // The retried fault meets PROT_NONE: madvise_populate's "incompatible permissions".
    expected: 'results EINVAL | 0; pages pppp....; vmas 2; VmLck 0P',
  },
  {
    name: 'mremap growth of a VM_LOCKED mapping held at its page 5 while B unmaps pages 6-7',
    setup: (s) => mapRw(s, 4n * K.P, K.MAP_ANON | K.MAP_LOCKED),
    group: (a) => ({
      threads: [
        [K.call('mremap', a, 4n * K.P, 8n * K.P, 0n)],
        [K.call('munmap', a + 6n * K.P, 2n * K.P)],
      ],
      schedule: [fault(A, a + 5n * K.P), ret(B), ret(A)],
    }),
    len: 8n * K.P,
    // Page 5's mapping is still there when A goes on: faulted in and locked; population stops
    // at the hole, and mremap returns the unmoved address.
    expected: 'results A | 0; pages LLLLLL..; vmas 1; VmLck 6P',
  },
  {
    name: 'mlock held at page 4 while B maps a new mapping over pages 4-7 (MAP_FIXED)',
    setup: (s) => mapRw(s, 8n * K.P),
    group: (a) => ({
      threads: [[K.call('mlock', a, 8n * K.P)], [mapFixed(a + 4n * K.P, 4n * K.P)]],
      schedule: [fault(A, a + 4n * K.P), ret(B), ret(A)],
    }),
    len: 8n * K.P,
    // __mm_populate looks the range up again after the fault dropped mmap_lock and populates
    // the replacement too, though it is not VM_LOCKED: present, not mlocked.
    expected: 'results 0 | A+4P; pages LLLLpppp; vmas 2; VmLck 4P',
  },
  {
    name: 'mremap growth of a VM_LOCKED mapping held at page 5 while B maps over pages 6-7',
    setup: (s) => mapRw(s, 4n * K.P, K.MAP_ANON | K.MAP_LOCKED),
    group: (a) => ({
      threads: [[K.call('mremap', a, 4n * K.P, 8n * K.P, 0n)], [mapFixed(a + 6n * K.P, 2n * K.P)]],
      schedule: [fault(A, a + 5n * K.P), ret(B), ret(A)],
    }),
    len: 8n * K.P,
    // The growth's population (mm_populate after mmap_lock is dropped) goes on into B's
    // mapping, which the caller never asked to populate: the 2012 VM_POPULATE question.
    expected: 'results A | A+6P; pages LLLLLLpp; vmas 2; VmLck 6P',
  },
];

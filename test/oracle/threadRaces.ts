// The races the real-kernel thread tests run, on the host (threadsHeld.test.ts) and on a
// guest (guest/threadsGuest.test.ts): thread A is held by userfaultfd just before it faults
// in a chosen page while thread B changes the mapping, then A goes on. Each race says the
// one outcome the kernel gives under its schedule, as `outcomeOf` prints it.

import type { ConcreteCall, Engine, Session } from '../../src/uapi/engine.js';
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
              : r.kind === 'signal'
                ? r.signal
                : 'hang',
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

/**
 * The shape of every race here: a mapping of `pages` pages (with `flags`) at region 0; A's one
 * call is held just before it faults in page `hold`; B's one call runs; then A goes on. Eight
 * pages are observed from the mapping's start.
 */
function held(
  name: string,
  mapped: { readonly pages: bigint; readonly flags?: bigint },
  callA: (a: bigint) => ConcreteCall,
  callB: (a: bigint) => ConcreteCall,
  hold: bigint,
  expected: string,
): Race {
  return {
    name,
    setup: (s) =>
      K.value(s, K.mmapAt(0, mapped.pages * K.P, K.PROT_RW, mapped.flags ?? K.MAP_ANON)),
    group: (a) => ({
      threads: [[callA(a)], [callB(a)]],
      schedule: [fault(A, a + hold * K.P), ret(B), ret(A)],
    }),
    len: 8n * K.P,
    expected,
  };
}

const P = K.P;
const locked = { pages: 4n, flags: K.MAP_ANON | K.MAP_LOCKED };

export const RACES: readonly Race[] = [
  // __mm_populate finds no VMA past the hole and stops; mlock's own part succeeded.
  held(
    'mlock held at page 4 while B unmaps pages 4-7',
    { pages: 8n },
    (a) => K.call('mlock', a, 8n * P),
    (a) => K.call('munmap', a + 4n * P, 4n * P),
    4n,
    'results 0 | 0; pages LLLL....; vmas 1; VmLck 4P',
  ),
  // The retried fault meets PROT_NONE: madvise_populate's "incompatible permissions".
  held(
    'MADV_POPULATE_WRITE held at page 4 while B makes pages 4-7 PROT_NONE',
    { pages: 8n },
    (a) => K.call('madvise', a, 8n * P, MADV_POPULATE_WRITE),
    (a) => K.call('mprotect', a + 4n * P, 4n * P, K.PROT_NONE),
    4n,
    'results EINVAL | 0; pages pppp....; vmas 2; VmLck 0P',
  ),
  // Page 5's mapping is still there when A goes on: faulted in and locked; population stops
  // at the hole, and mremap returns the unmoved address.
  held(
    'mremap growth of a VM_LOCKED mapping held at its page 5 while B unmaps pages 6-7',
    locked,
    (a) => K.call('mremap', a, 4n * P, 8n * P, 0n),
    (a) => K.call('munmap', a + 6n * P, 2n * P),
    5n,
    'results A | 0; pages LLLLLL..; vmas 1; VmLck 6P',
  ),
  // __mm_populate looks the range up again after the fault dropped mmap_lock and populates
  // the replacement too, though it is not VM_LOCKED: present, not mlocked.
  held(
    'mlock held at page 4 while B maps a new mapping over pages 4-7 (MAP_FIXED)',
    { pages: 8n },
    (a) => K.call('mlock', a, 8n * P),
    (a) => mapFixed(a + 4n * P, 4n * P),
    4n,
    'results 0 | A+4P; pages LLLLpppp; vmas 2; VmLck 4P',
  ),
  // The growth's population (mm_populate after mmap_lock is dropped) goes on into B's
  // mapping, which the caller never asked to populate: the 2012 VM_POPULATE question.
  held(
    'mremap growth of a VM_LOCKED mapping held at page 5 while B maps over pages 6-7',
    locked,
    (a) => K.call('mremap', a, 4n * P, 8n * P, 0n),
    (a) => mapFixed(a + 6n * P, 2n * P),
    5n,
    'results A | A+6P; pages LLLLLLpp; vmas 2; VmLck 6P',
  ),
];

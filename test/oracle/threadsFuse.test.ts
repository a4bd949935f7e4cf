// Threads held in a FUSE read on this machine's kernel (src/oracle/executorFuse.h): thread A
// maps a `fusefile` over a reservation with MAP_POPULATE and is held just before it reads in
// page 2, which userfaultfd cannot do (the mapping is new, and a file's); thread B changes
// pages 2-3; then A goes on. Each race runs 20 times: one outcome every time.

import { existsSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { kernelEngine } from '../../src/oracle/kernelEngine.js';
import type { ConcreteCall, Session } from '../../src/uapi/engine.js';
import { UnreachableScheduleError } from '../../src/uapi/threadSchedule.js';
import * as K from './kernelTestKit.js';
import { A, B, fault, pagesOf, ret } from './threadRaces.js';

const P = K.P;
const MAP_FIXED = 0x10n;
const MADV_POPULATE_READ = 22n;
const noFuse = !existsSync('/dev/fuse');
const skipped = K.kernelTestsSkipped || noFuse;
const reason = K.kernelTestsSkipped ? K.SKIP_REASON : noFuse ? ' (skipped: no /dev/fuse)' : '';

/** A 4-page fusefile and a PROT_NONE reservation of 4 pages for A to map it over. */
async function prepare(s: Session): Promise<{ fd: bigint; a: bigint }> {
  const fd = await K.value(s, K.call('fusefile', 4n * P));
  const a = await K.value(s, K.mmapAt(0, 4n * P, K.PROT_NONE, K.MAP_ANON));
  return { fd, a };
}

const populateFile = (a: bigint, fd: bigint): ConcreteCall =>
  K.call('mmap', a, 4n * P, K.PROT_READ, K.MAP_SHARED | MAP_FIXED | K.MAP_POPULATE, fd, 0n);

const RACES: readonly {
  readonly name: string;
  readonly b: (a: bigint) => ConcreteCall;
  readonly expected: string;
}[] = [
  // __mm_populate looks the range up again after the read: B's anonymous mapping gets zero
  // pages (no VM_POPULATE since 3.9-rc5).
  {
    name: 'B maps read-only anonymous memory over pages 2-3',
    b: (a) => K.call('mmap', a + 2n * P, 2n * P, K.PROT_READ, K.MAP_ANON | MAP_FIXED, K.NO_FD, 0n),
    expected: 'A | A+2P; ppzz',
  },
  // No VMA past the hole: the population ends, and mmap still returns its address.
  {
    name: 'B unmaps pages 2-3',
    b: (a) => K.call('munmap', a + 2n * P, 2n * P),
    expected: 'A | 0; pp..',
  },
  // PROT_NONE is passed over (mmap's population ignores errors).
  {
    name: 'B makes pages 2-3 PROT_NONE',
    b: (a) => K.call('mprotect', a + 2n * P, 2n * P, K.PROT_NONE),
    expected: 'A | 0; pp..',
  },
];

describe.skipIf(skipped)(`threads held in a FUSE read${reason}`, () => {
  const engine = kernelEngine();
  afterAll(() => engine.close());
  const setup = { rlimitMemlock: null, capIpcLock: true };

  async function outcome(b: (a: bigint) => ConcreteCall): Promise<string> {
    const s = await engine.start(setup);
    try {
      const { fd, a } = await prepare(s);
      const results = await s.runThreads?.({
        threads: [[populateFile(a, fd)], [b(a)]],
        schedule: [fault(A, a + 2n * P), ret(B), ret(A)],
      });
      const shown = (results ?? []).map((calls) =>
        calls
          .map((r) =>
            r.kind === 'value'
              ? r.value === a
                ? 'A'
                : r.value > a && r.value < a + 4n * P
                  ? `A+${(r.value - a) / P}P`
                  : `${r.value}`
              : r.kind,
          )
          .join(','),
      );
      return `${shown.join(' | ')}; ${await pagesOf(s, a, 4n * P)}`;
    } finally {
      await s.close();
    }
  }

  for (const race of RACES) {
    it(`MAP_POPULATE of a fusefile held at page 2 while ${race.name}: one outcome in 20 runs`, async () => {
      const seen = new Set<string>();
      for (let i = 0; i < 20; i++) seen.add(await outcome(race.b));
      expect([...seen]).toEqual([race.expected]);
    });
  }

  it('an existing file mapping is held too: MADV_POPULATE_READ meets the hole B made', async () => {
    const s = await engine.start(setup);
    try {
      const { fd, a } = await prepare(s);
      await K.value(s, K.call('mmap', a, 4n * P, K.PROT_READ, K.MAP_SHARED | MAP_FIXED, fd, 0n));
      const results = await s.runThreads?.({
        threads: [
          [K.call('madvise', a, 4n * P, MADV_POPULATE_READ)],
          [K.call('munmap', a + 2n * P, 2n * P)],
        ],
        schedule: [fault(A, a + 2n * P), ret(B), ret(A)],
      });
      expect(results?.[0]?.[0]).toEqual({ kind: 'errno', errno: 'ENOMEM' }); // no VMA at page 2
      expect(await pagesOf(s, a, 4n * P)).toBe('pp..');
    } finally {
      await s.close();
    }
  });

  it('a page the call never reads is unreachable, and the file is answered meanwhile', async () => {
    const s = await engine.start(setup);
    try {
      const { fd, a } = await prepare(s);
      const run = s.runThreads?.({
        threads: [[populateFile(a, fd)]],
        schedule: [fault(A, a + 6n * P)],
      });
      await expect(run).rejects.toBeInstanceOf(UnreachableScheduleError);
      expect(await pagesOf(s, a, 4n * P)).toBe('pppp');
    } finally {
      await s.close();
    }
  });
});

// Two threads of one trace process on this machine's kernel, one held by userfaultfd just
// before it faults in a chosen page while the other changes the mapping under it
// (Session.runThreads, src/oracle/executorThreads.h). Each race runs 20 times: the schedule
// makes the real kernel give the same outcome every time.

import { afterAll, describe, expect, it } from 'vitest';
import { kernelEngine } from '../../src/oracle/kernelEngine.js';
import type { CallResult } from '../../src/uapi/outcome.js';
import { UnreachableScheduleError } from '../../src/uapi/threadSchedule.js';
import * as K from './kernelTestKit.js';
import { A, B, fault, outcomeOf, pagesOf, RACES, ret } from './threadRaces.js';

const ok0: CallResult = { kind: 'value', value: 0n };

describe.skipIf(K.kernelTestsSkipped)(`threads held by userfaultfd${K.SKIP_REASON}`, () => {
  const engine = kernelEngine();
  afterAll(() => engine.close());
  const setup = { rlimitMemlock: null, capIpcLock: true };

  for (const race of RACES) {
    it(`${race.name}: one outcome in 20 runs`, async () => {
      const seen = new Set<string>();
      for (let i = 0; i < 20; i++) seen.add(await outcomeOf(engine, race));
      expect([...seen]).toEqual([race.expected]);
    });
  }

  it('a step naming a page its call never faults in is unreachable, quickly', async () => {
    const s = await engine.start(setup);
    try {
      const a = await K.value(s, K.mmapAt(0, 8n * K.P, K.PROT_RW, K.MAP_ANON));
      const started = Date.now();
      const run = s.runThreads?.({
        threads: [[K.call('mlock', a, 4n * K.P)], [K.call('munlock', a, 4n * K.P)]],
        schedule: [fault(A, a + 6n * K.P), ret(B)],
      });
      await expect(run).rejects.toBeInstanceOf(UnreachableScheduleError);
      await expect(run).rejects.toThrow(/step 1 .*returned before faulting/);
      expect(Date.now() - started).toBeLessThan(1500);
      // The session goes on: the group's mlock ran, B's munlock never started.
      expect(await pagesOf(s, a, 8n * K.P)).toBe('LLLL....');
    } finally {
      await s.close();
    }
  });

  it('a page already present is never faulted: unreachable', async () => {
    const s = await engine.start(setup);
    try {
      const a = await K.value(s, K.mmapAt(0, 4n * K.P, K.PROT_RW, K.MAP_ANON | K.MAP_POPULATE));
      const run = s.runThreads?.({
        threads: [[K.call('mlock', a, 4n * K.P)]],
        schedule: [fault(A, a + 2n * K.P)],
      });
      await expect(run).rejects.toBeInstanceOf(UnreachableScheduleError);
    } finally {
      await s.close();
    }
  });

  it('with no schedule the threads run concurrently and both return', async () => {
    const s = await engine.start(setup);
    try {
      const a = await K.value(s, K.mmapAt(0, 8n * K.P, K.PROT_RW, K.MAP_ANON));
      const results = await s.runThreads?.({
        threads: [[K.call('mlock', a, 8n * K.P)], [K.call('munmap', a + 4n * K.P, 4n * K.P)]],
        schedule: null,
      });
      // Racy: mlock meets the hole (ENOMEM, mm/mlock.c:apply_vma_lock_flags) if munmap won.
      expect([ok0, { kind: 'errno', errno: 'ENOMEM' }]).toContainEqual(results?.[A]?.[0]);
      expect(results?.[B]).toEqual([ok0]);
      expect(await pagesOf(s, a + 4n * K.P, 4n * K.P)).toBe('....');
    } finally {
      await s.close();
    }
  });
});

// Two threads of one trace process on this machine's kernel, one held by userfaultfd just
// before it faults in a chosen page while the other changes the mapping under it
// (Session.runThreads, src/oracle/executorThreads.h). Each race runs 20 times: the schedule
// makes the real kernel give the same outcome every time.

import { afterAll, describe, expect, it } from 'vitest';
import { kernelEngine } from '../../src/oracle/kernelEngine.js';
import type { Session } from '../../src/uapi/engine.js';
import type { CallResult } from '../../src/uapi/outcome.js';
import {
  UnreachableScheduleError,
  type ScheduleStep,
  type ThreadGroup,
} from '../../src/uapi/threadSchedule.js';
import * as K from './kernelTestKit.js';

const MADV_POPULATE_WRITE = 23n;
const A = 0;
const B = 1;
const ok0: CallResult = { kind: 'value', value: 0n };
const fault = (thread: number, addr: bigint): ScheduleStep => ({ thread, until: 'fault', addr });
const ret = (thread: number): ScheduleStep => ({ thread, until: 'return' });

interface Race {
  /** Makes the mapping; returns its start. */
  setup(s: Session): Promise<bigint>;
  group(a: bigint): ThreadGroup;
}

async function pagesOf(s: Session, addr: bigint, len: bigint): Promise<string> {
  const seen = await s.observe({ kind: 'pages', addr, len });
  return seen.kind === 'pages' ? seen.letters : '?';
}

describe.skipIf(K.kernelTestsSkipped)(`threads held by userfaultfd${K.SKIP_REASON}`, () => {
  const engine = kernelEngine();
  afterAll(() => engine.close());
  const setup = { rlimitMemlock: null, capIpcLock: true };

  /** Runs the race `times` times; each run's results, pages and VMAs, as one string. */
  async function outcomes(race: Race, times: number, len: bigint): Promise<Set<string>> {
    const seen = new Set<string>();
    for (let i = 0; i < times; i++) {
      const s = await engine.start(setup);
      try {
        const a = await race.setup(s);
        const results = await s.runThreads?.(race.group(a));
        const vmas = await s.observe({ kind: 'vmas', addr: a, len });
        const lck = await s.observe({ kind: 'VmLck' });
        seen.add(
          JSON.stringify({ results, pages: await pagesOf(s, a, len), vmas, lck }, (_k, v) =>
            typeof v === 'bigint' ? v.toString() : (v as unknown),
          ),
        );
      } finally {
        await s.close();
      }
    }
    return seen;
  }

  it('mlock held at page 4 while B unmaps pages 4-7: mlock returns 0, pages 0-3 locked', async () => {
    const race: Race = {
      setup: (s) => K.value(s, K.mmapAt(0, 8n * K.P, K.PROT_RW, K.MAP_ANON)),
      group: (a) => ({
        threads: [[K.call('mlock', a, 8n * K.P)], [K.call('munmap', a + 4n * K.P, 4n * K.P)]],
        schedule: [fault(A, a + 4n * K.P), ret(B), ret(A)],
      }),
    };
    const seen = await outcomes(race, 20, 8n * K.P);
    expect([...seen]).toEqual([
      '{"results":[[{"kind":"value","value":"0"}],[{"kind":"value","value":"0"}]],' +
        '"pages":"LLLL....","vmas":{"kind":"vmas","count":1},"lck":{"kind":"VmLck","bytes":"16384"}}',
    ]);
  });

  it('MADV_POPULATE_WRITE held at page 4 while B makes pages 4-7 PROT_NONE', async () => {
    const race: Race = {
      setup: (s) => K.value(s, K.mmapAt(0, 8n * K.P, K.PROT_RW, K.MAP_ANON)),
      group: (a) => ({
        threads: [
          [K.call('madvise', a, 8n * K.P, MADV_POPULATE_WRITE)],
          [K.call('mprotect', a + 4n * K.P, 4n * K.P, K.PROT_NONE)],
        ],
        schedule: [fault(A, a + 4n * K.P), ret(B), ret(A)],
      }),
    };
    // The retry meets PROT_NONE: madvise_populate's "incompatible permissions", EINVAL.
    expect([...(await outcomes(race, 20, 8n * K.P))]).toEqual([
      '{"results":[[{"kind":"errno","errno":"EINVAL"}],[{"kind":"value","value":"0"}]],' +
        '"pages":"pppp....","vmas":{"kind":"vmas","count":2},"lck":{"kind":"VmLck","bytes":"0"}}',
    ]);
  });

  it('mremap growth of a VM_LOCKED mapping held at its first new page while B unmaps it', async () => {
    const race: Race = {
      setup: (s) => K.value(s, K.mmapAt(0, 4n * K.P, K.PROT_RW, K.MAP_ANON | K.MAP_LOCKED)),
      group: (a) => ({
        threads: [
          [K.call('mremap', a, 4n * K.P, 8n * K.P, 0n)],
          [K.call('munmap', a + 6n * K.P, 2n * K.P)],
        ],
        schedule: [fault(A, a + 5n * K.P), ret(B), ret(A)],
      }),
    };
    // Page 5's mapping is still there when A goes on: it is faulted in and locked, and
    // mm_populate stops at the hole B left; mremap returns the (unmoved) address.
    const seen = [...(await outcomes(race, 20, 8n * K.P))];
    expect(seen).toHaveLength(1);
    expect(seen[0]).toMatch(
      /^\{"results":\[\[\{"kind":"value","value":"\d+"\}\],\[\{"kind":"value","value":"0"\}\]\],/,
    );
    expect(seen[0]).toContain(
      '"pages":"LLLLLL..","vmas":{"kind":"vmas","count":1},"lck":{"kind":"VmLck","bytes":"24576"}}',
    );
  });

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

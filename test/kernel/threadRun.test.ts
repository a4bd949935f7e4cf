// Two threads of one process on the model (issue 16): a populating call's steps, a schedule,
// and every interleaving; the three versions of the 2012 VM_POPULATE question.
import { describe, expect, it } from 'vitest';
import { exploreInterleavings, runSchedule } from '../../src/kernel/threadRun.js';
import { startCall, step } from '../../src/kernel/step.js';
import { stepPopulation } from '../../src/kernel/populateSteps.js';
import type { ConcreteCall } from '../../src/uapi/engine.js';
import type { ScheduleStep } from '../../src/uapi/threadSchedule.js';
import { UnreachableScheduleError } from '../../src/uapi/threadSchedule.js';
import * as U from '../../src/uapi/constants.js';
import { A, ANON, P, Proc, RW } from './kit.js';

const FIXED = BigInt(U.MAP_FIXED);
const POPULATE = BigInt(U.MAP_POPULATE);
const RO = BigInt(U.PROT_READ);
const call = (name: ConcreteCall['call'], ...args: bigint[]): ConcreteCall => ({
  call: name,
  args,
});

/** A reserves 8 pages PROT_NONE; thread A maps them MAP_POPULATE, B maps 4 read-only over the top half. */
function race(model: string) {
  const p = new Proc({}, model);
  p.anon(A, 8, 0, 0n);
  const group = {
    threads: [
      [call('mmap', A, 8n * P, RW, ANON | FIXED | POPULATE, -1n, 0n)],
      [call('mmap', A + 4n * P, 4n * P, RO, ANON | FIXED, -1n, 0n)],
    ],
    schedule: null,
  };
  return { p, group };
}

const pagesOf = (p: Proc, s: Proc['state']) => {
  p.state = s;
  return p.pages(A, 8);
};

describe('populating calls as steps', () => {
  it('a call run step by step ends as the atomic call does', () => {
    for (const model of ['linux-6.18', 'linux-3.8', 'rfc-vm-populate', 'linux-5.10']) {
      const p = new Proc({}, model);
      p.anon(A, 8);
      const c = call('mlock', A, 8n * P);
      const atomic = step(p.model, p.state, c);
      const s = startCall(p.model, p.state, c);
      let state = s.state;
      let pop = s.population;
      let result = s.result;
      while (pop !== null) {
        const n = stepPopulation(p.model, state, pop);
        state = n.state;
        pop = n.population;
        result = n.result;
      }
      expect(result, model).toEqual(atomic.result);
      expect(pagesOf(p, state), model).toBe(pagesOf(p, atomic.state));
    }
  });

  it('a schedule holds A before the page of a + 4P while B replaces the top half', () => {
    const sched: ScheduleStep[] = [
      { thread: 0, until: 'fault', addr: A + 4n * P },
      { thread: 1, until: 'return' },
      { thread: 0, until: 'return' },
    ];
    const seen: Record<string, string> = {};
    for (const model of ['linux-6.18', 'rfc-vm-populate']) {
      const { p, group } = race(model);
      const end = runSchedule(p.model, p.state, group, sched);
      seen[model] = pagesOf(p, end.state);
    }
    // 6.18 populates the read-only mapping B put there (zero pages); 3.9-rc1 passes over it.
    expect(seen).toEqual({ 'linux-6.18': 'ppppzzzz', 'rfc-vm-populate': 'pppp....' });
    const { p, group } = race('linux-3.8');
    expect(() => runSchedule(p.model, p.state, group, sched)).toThrow(UnreachableScheduleError);
  });

  it('every interleaving: the outcomes of each version', () => {
    const sets: Record<string, string[]> = {};
    for (const model of ['linux-3.8', 'rfc-vm-populate', 'linux-6.18']) {
      const { p, group } = race(model);
      sets[model] = exploreInterleavings(p.model, p.state, group)
        .map((e) => pagesOf(p, e.state))
        .sort();
    }
    expect(sets['linux-3.8']).toEqual(['pppp....', 'pppppppp']);
    expect(sets['rfc-vm-populate']).toEqual(['pppp....', 'pppppppp']);
    expect(sets['linux-6.18']).toEqual([
      'pppp....',
      'pppp...z',
      'pppp..zz',
      'pppp.zzz',
      'pppppppp',
      'ppppzzzz',
    ]);
  });
});

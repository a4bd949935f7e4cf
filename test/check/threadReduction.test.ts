// The reductions of the threads bound (spec/reduction.md) against the full search: on several
// small bounds and models, every combination gives the same verdicts and the same shortest
// counterexample lengths, and explores no more states; 'calls' explores strictly fewer. The
// persistent-set test refuses a step that commutes with the other thread's next step but not
// with a later one (the reduction the threads bound had before was unsound there).

import { describe, expect, it } from 'vitest';
import { checkThreads } from '../../src/check/checkThreads.js';
import { parseBound } from '../../src/check/parseBound.js';
import { DEFAULT_KERNEL_BOUND, THREADS_KERNEL_BOUND } from '../../src/check/kernelBounds.js';
import { type ThreadSteps, runsAloneFirst } from '../../src/check/_internals/runsAloneFirst.js';
import type { ThreadReduction } from '../../src/check/threadSystem.js';
import { getModel } from '../../models/registry.js';

const CASES: readonly (readonly [model: string, base: 'threads' | 'default', bound: string])[] = [
  ['linux-6.18', 'threads', 'depth=3'],
  ['linux-6.18', 'threads', 'pages=3'],
  ['linux-3.8', 'threads', 'depth=3'],
  ['rfc-vm-populate', 'threads', 'calls=mmap+mmapFixed+munmap+mlock'],
  ['linux-6.18', 'threads', 'calls=mmap+mlock,depth=2,env=noprogress'],
  ['linux-6.18', 'default', 'regions=2,pages=2,depth=2,threads=2'],
  ['linux-6.18', 'threads', 'calls=mmap+mmapFixed+munmap+mlock,depth=2'],
];
const KINDS: readonly (readonly ThreadReduction[])[] = [
  ['calls'],
  ['prefix'],
  ['populations'],
  ['calls', 'prefix'],
  ['calls', 'prefix', 'populations'],
  ['calls', 'prefix', 'symmetry'],
  ['calls', 'prefix', 'populations', 'symmetry'],
  ['leaves'],
  ['calls', 'prefix', 'symmetry', 'leaves'],
  ['tails'],
  ['leaves', 'tails'],
  ['calls', 'prefix', 'symmetry', 'leaves', 'tails'],
  ['calls', 'prefix', 'populations', 'symmetry', 'leaves', 'tails'],
  ['ends'],
  ['calls', 'prefix', 'symmetry', 'leaves', 'ends'],
];

async function run(model: string, base: string, text: string, reduce: readonly ThreadReduction[]) {
  const bound = parseBound(text, base === 'threads' ? THREADS_KERNEL_BOUND : DEFAULT_KERNEL_BOUND);
  const r = await checkThreads(getModel(model), bound, { reduce });
  return {
    states: r.states,
    verdicts: r.properties.map((p) => [p.name, p.verdict, p.counterexample?.shortest ?? null]),
  };
}

describe('the threads bound reductions', () => {
  for (const [model, base, text] of CASES)
    it(`keep verdicts and shortest runs: ${model}, ${base} + ${text}`, async () => {
      const full = await run(model, base, text, []);
      for (const kinds of KINDS) {
        const reduced = await run(model, base, text, kinds);
        expect(reduced.verdicts, kinds.join('+')).toEqual(full.verdicts);
        expect(reduced.states, kinds.join('+')).toBeLessThanOrEqual(full.states);
        if (kinds.some((k) => k !== 'populations'))
          expect(reduced.states, kinds.join('+')).toBeLessThan(full.states);
      }
    }, 120_000);

  it("'populations' alone explores fewer states where both threads populate at the end", async () => {
    const full = await run('linux-6.18', 'threads', 'depth=3', []);
    const reduced = await run('linux-6.18', 'threads', 'depth=3', ['populations']);
    expect(reduced.states).toBeLessThan(full.states);
  }, 120_000);

  it("'tails' and 'ends' find a violation inside a tail at its true length, storing fewer states", async () => {
    // depth=2: A's mlock, then B's mmap MAP_FIXED over its range is the last call, and A's
    // population, alone from there, touches B's page: the violating step lies in a tail.
    const text = 'calls=mmap+mmapFixed+munmap+mlock,depth=2';
    const full = await run('linux-6.18', 'threads', text, ['leaves']);
    const tails = await run('linux-6.18', 'threads', text, ['leaves', 'tails']);
    const ends = await run('linux-6.18', 'threads', text, ['leaves', 'ends']);
    expect(full.verdicts).toContainEqual(['deferredPopulationOwnsItsMappings', 'violated', 4]);
    expect(tails.verdicts).toEqual(full.verdicts);
    expect(tails.states).toBeLessThan(full.states);
    expect(ends.verdicts).toEqual(full.verdicts);
    expect(ends.states).toBeLessThan(tails.states);
  }, 120_000);

  it('the cases hold some verdict of each kind', async () => {
    const seen = new Set<string>();
    for (const [model, base, text] of CASES)
      for (const [, v] of (await run(model, base, text, ['calls'])).verdicts) seen.add(String(v));
    expect([...seen].sort()).toEqual(['holds', 'violated']);
  }, 120_000);
});

// A toy of two threads: A doubles x once; B's run is the list of its steps.
interface Toy {
  readonly x: number;
  readonly y: number;
  readonly a: number;
  readonly b: number;
}
function toy(bSteps: readonly ((s: Toy) => Toy)[], bad: (s: Toy) => boolean = () => false) {
  const steps: ThreadSteps<Toy> = {
    next: (s, i) => {
      if (i === 0) return s.a > 0 ? null : { ...s, x: s.x * 2, a: 1 };
      const f = bSteps[s.b];
      return f === undefined ? null : { ...f(s), b: s.b + 1 };
    },
    key: (s) => JSON.stringify(s),
    broken: (_from, _i, to) => (bad(to) ? 'bad' : ''),
  };
  return steps;
}
const start: Toy = { x: 1, y: 0, a: 0, b: 0 };
const touchY = (s: Toy): Toy => ({ ...s, y: s.y + 1 });
const touchX = (s: Toy): Toy => ({ ...s, x: s.x + 1 });

describe('runsAloneFirst', () => {
  it('lets A go alone when it commutes with every step B has left', () => {
    expect(runsAloneFirst(start, 0, 1, toy([touchY, touchY]))).toBe(true);
  });
  it('refuses when A commutes with B next step but not with a later one', () => {
    expect(runsAloneFirst(start, 0, 1, toy([touchY, touchX]))).toBe(false);
  });
  it('refuses when one of B steps breaks a property (its run would get longer)', () => {
    expect(
      runsAloneFirst(
        start,
        0,
        1,
        toy([touchY, touchY], (s) => s.y === 2),
      ),
    ).toBe(false);
  });
  it('refuses when A breaks a property before B moves and not after (or after, not before)', () => {
    expect(
      runsAloneFirst(
        start,
        0,
        1,
        toy([touchY], (s) => s.x === 2 && s.y === 1),
      ),
    ).toBe(false);
  });
});

import { describe, expect, it } from 'vitest';
import { explore } from '../../src/explore/explore.js';
import { counterSystem, pairSystem, toggleSystem } from './fixtures/counterSystem.js';

describe('explore: state and transition counts', () => {
  it('counts a counter mod n: n states, one transition per step per state', async () => {
    const report = await explore(counterSystem({ n: 1000, steps: [1, 7] }));
    expect(report).toMatchObject({ states: 1000, transitions: 2000, stopReason: 'complete' });
  });

  it('counts self-loops as transitions', async () => {
    const report = await explore(toggleSystem());
    expect(report).toMatchObject({ states: 4, transitions: 12, depth: 2 });
  });

  it('grows the table from a tiny capacity without losing or duplicating states', async () => {
    const report = await explore(counterSystem({ n: 100_000, steps: [1, 3] }), {
      initialCapacity: 2,
    });
    expect(report).toMatchObject({ states: 100_000, transitions: 200_000 });
  });

  it('merges symmetric states through canonicalize', async () => {
    expect((await explore(pairSystem(6, false))).states).toBe(36);
    const reduced = await explore(pairSystem(6, true));
    expect(reduced.states).toBe(21);
    expect(reduced.transitions).toBe(42);
  });
});

describe('explore: leaves', () => {
  // A counter to 10 whose 5 is a leaf: 0..4 are stored, the step 4 -> 5 is reported.
  const leafy = {
    ...counterSystem({ n: 10, steps: [1] }),
    isLeaf: (s: number) => s === 5,
    transitionProperties: [
      { name: 'never5', holds: (_a: number, _l: number, b: number) => b !== 5 },
    ],
  };

  it.each([
    ['exact', { exhaustive: true }],
    ['bit-state', { exhaustive: true, bitstate: { log2Bits: 16, hashes: 3 } }],
  ])(
    '%s: counts the step into a leaf, neither stores nor expands the leaf, and checks the step',
    async (_name, options) => {
      const report = await explore(leafy, options);
      expect(report).toMatchObject({ states: 5, transitions: 5, stopReason: 'complete' });
      const [never5] = report.properties;
      if (never5?.verdict.status !== 'violated') throw new Error('never5 should be violated');
      expect(never5.verdict.trace.steps.map((s) => s.state)).toEqual([1, 2, 3, 4, 5]);
    },
  );
});

const notIn = (values: readonly number[]) => ({
  name: `not${values.join('or')}`,
  holds: (s: number) => !values.includes(s),
});

describe('explore: verdicts', () => {
  it('finds the shortest counterexample to an invariant', async () => {
    // 7 = 3 + 3 + 1 takes three steps; reaching 7 by +1 alone would take seven.
    const report = await explore(counterSystem({ n: 50, steps: [1, 3], forbidden: 7 }));
    const [result] = report.properties;
    expect(result?.verdict.status).toBe('violated');
    if (result?.verdict.status !== 'violated') return;
    const { trace } = result.verdict;
    expect(trace.initial).toBe(0);
    expect(trace.steps).toHaveLength(3);
    expect(trace.steps.reduce((sum, step) => sum + step.label, 0)).toBe(7);
    expect(trace.steps.at(-1)?.state).toBe(7);
  });

  it('finds the shortest transition that breaks a transition property, and goes on', async () => {
    const report = await explore(
      counterSystem({ n: 10, steps: [1, 4], forbidden: 99, checkWrap: true }),
      { exhaustive: true },
    );
    expect(report.states).toBe(10);
    const wrap = report.properties.find((p) => p.name === 'noWrap');
    expect(wrap?.kind).toBe('transition');
    if (wrap?.verdict.status !== 'violated') throw new Error('noWrap should be violated');
    // 0 -> 4 -> 8 -> 2 (8 + 4 wraps): three steps, none shorter.
    expect(wrap.verdict.trace.steps.map((s) => s.state)).toEqual([4, 8, 2]);
    expect(report.properties.find((p) => p.name === 'not99')?.verdict.status).toBe('holds');
  });

  it('says unknown, not holds, when a bound stops the search', async () => {
    const system = counterSystem({ n: 1000, steps: [1], forbidden: 999 });
    const byStates = await explore(system, { maxStates: 100 });
    expect(byStates.stopReason).toBe('max-states');
    expect(byStates.states).toBeGreaterThanOrEqual(100);
    expect(byStates.states).toBeLessThan(1000);
    expect(byStates.properties[0]?.verdict).toEqual({
      status: 'unknown',
      reason: 'max-states',
      toDepth: byStates.depth - 1,
    });
    const byDepth = await explore(system, { maxDepth: 10 });
    expect(byDepth).toMatchObject({ stopReason: 'max-depth', states: 11, depth: 10 });
  });

  it('says how far an unknown verdict held: every level above the one it stopped on', async () => {
    // Steps of 1 and 2 from 0: the level of depth d holds 2d - 1 and 2d. The store reaches 100
    // states (0..99, and 100 from the same expansion) while expanding level 49, so every state to
    // depth 49 was checked and every transition out of a shallower one; level 50 may be partial.
    const system = counterSystem({ n: 1000, steps: [1, 2], forbidden: 999 });
    const r = await explore(system, { maxStates: 100 });
    expect(r.properties[0]?.verdict).toEqual({
      status: 'unknown',
      reason: 'max-states',
      toDepth: 49,
    });
    // A violation deeper than that stays out of the claim.
    const deeper = await explore(counterSystem({ n: 1000, steps: [1, 2], forbidden: 150 }), {
      maxStates: 100,
    });
    const v = deeper.properties[0]?.verdict;
    expect(v?.status === 'unknown' && (v.toDepth ?? 0) < 75).toBe(true);
  });

  it('still finds a violation at the depth bound itself', async () => {
    const report = await explore(counterSystem({ n: 100, steps: [1], forbidden: 5 }), {
      maxDepth: 5,
    });
    expect(report.properties[0]?.verdict.status).toBe('violated');
  });

  it('checks the level the depth bound leaves unexpanded as found, without beating a shallower violation', async () => {
    // +1 and +3 from 0, depth 2: level 1 is [1, 3], level 2 [2, 4, 6]. Expanding 1 finds 2
    // before 3 itself is expanded and checked; 3 is the shorter counterexample.
    const report = await explore(
      // Numbers are fresh values: the states of level 2 are checked as they are found.
      {
        ...counterSystem({ n: 100, steps: [1, 3] }),
        freshSuccessors: true,
        invariants: [notIn([2, 3])],
      },
      { maxDepth: 2 },
    );
    const [result] = report.properties;
    if (result?.verdict.status !== 'violated') throw new Error('not2or3 should be violated');
    expect(result.verdict.trace.steps.map((s) => s.state)).toEqual([3]);
    // Found only at the depth bound, as it is found: 2 is a state of level 2.
    const deepest = await explore(
      {
        ...counterSystem({ n: 100, steps: [1, 3] }),
        freshSuccessors: true,
        invariants: [notIn([6])],
      },
      { maxDepth: 2 },
    );
    const [six] = deepest.properties;
    if (six?.verdict.status !== 'violated') throw new Error('not6 should be violated');
    expect(six.verdict.trace.steps.map((s) => s.state)).toEqual([3, 6]);
  });

  it('returns a partial report when aborted', async () => {
    const controller = new AbortController();
    controller.abort();
    const report = await explore(counterSystem({ n: 2_000_000, steps: [1] }), {
      signal: controller.signal,
    });
    expect(report.stopReason).toBe('aborted');
    expect(report.states).toBeLessThan(2_000_000);
    expect(report.states).toBeGreaterThan(0);
  });

  it('calls the progress callback during a long run', async () => {
    let calls = 0;
    await explore(pairSystem(1500, false), { onProgress: () => calls++ });
    expect(calls).toBeGreaterThan(0);
  });

  it('explores a system without decode by keeping its state objects', async () => {
    const system = {
      ...pairSystem(40, false),
      decode: undefined,
      invariants: [
        { name: 'notBoth7', holds: (s: readonly number[]) => !(s[0] === 7 && s[1] === 7) },
      ],
    };
    const report = await explore(system, { exhaustive: true });
    expect(report).toMatchObject({ states: 1600, transitions: 3200 });
    const [result] = report.properties;
    if (result?.verdict.status !== 'violated') throw new Error('notBoth7 should fail');
    expect(result.verdict.trace.steps).toHaveLength(14);
    expect(result.verdict.trace.steps.at(-1)?.state).toEqual([7, 7]);
  });

  it('refuses worker threads without a systemRef', () => {
    expect(() => explore(toggleSystem(), { workers: 2 })).toThrow(/systemRef/);
  });
});

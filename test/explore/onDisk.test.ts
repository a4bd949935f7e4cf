// The exact search with its states on disk (frontierMemoryMB without bitstate): with a memory
// bound small enough to flush the new states many times a level, it must give what the search
// in memory gives (states, transitions, depth, verdicts, shortest counterexamples), and leave
// no file behind, finished or interrupted.

import { readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { describe, expect, it } from 'vitest';
import { lockbenchSystem } from '../../bench/lockbench/lockbenchSystem.js';
import { explore } from '../../src/explore/explore.js';
import type { ExploreReport } from '../../src/explore/exploreReport.js';
import { counterSystem } from './fixtures/counterSystem.js';

const leftovers = (): string[] =>
  readdirSync(tmpdir()).filter((name) => name.startsWith('mmspec-states-'));

const figures = <S, L>(r: ExploreReport<S, L>, describe: (l: L) => string) => ({
  states: r.states,
  transitions: r.transitions,
  depth: r.depth,
  stopReason: r.stopReason,
  verdicts: r.properties.map((p) => [
    p.name,
    p.verdict.status,
    p.verdict.status === 'violated' ? p.verdict.trace.steps.map((s) => describe(s.label)) : null,
  ]),
});

describe('exact search with its states on disk', () => {
  it('K=3 P=3 under a 50 kB bound: the same 17,496 states and transitions as in memory', async () => {
    const before = leftovers();
    const system = lockbenchSystem(3, 3);
    const memory = await explore(system);
    const disk = await explore(system, { frontierMemoryMB: 0.05 });
    expect(disk.states).toBe(17_496);
    expect(figures(disk, (l) => system.describeLabel(l))).toEqual(
      figures(memory, (l) => system.describeLabel(l)),
    );
    expect(disk.diskBytes).toBeGreaterThan(17_496 * 4);
    expect(disk.storeBytes).toBeLessThan(memory.storeBytes ?? 0);
    expect(leftovers()).toEqual(before);
  });

  it('finds the planted bug by the same calls, and every kind of verdict as in memory', async () => {
    const system = lockbenchSystem(2, 2, true);
    const options = { exhaustive: true };
    const memory = await explore(system, options);
    const disk = await explore(system, { ...options, frontierMemoryMB: 0.01 });
    expect(memory.properties.some((p) => p.verdict.status === 'violated')).toBe(true);
    expect(figures(disk, (l) => system.describeLabel(l))).toEqual(
      figures(memory, (l) => system.describeLabel(l)),
    );
  });

  it('finds the shortest counterexample to an invariant and to a transition property', async () => {
    const system = counterSystem({ n: 50, steps: [1, 3], forbidden: 7, checkWrap: true });
    const memory = await explore(system, { exhaustive: true });
    const disk = await explore(system, { exhaustive: true, frontierMemoryMB: 0.001 });
    expect(figures(disk, (l) => system.describeLabel(l))).toEqual(
      figures(memory, (l) => system.describeLabel(l)),
    );
    expect(disk.states).toBe(50);
  });

  it('stops at a depth bound as in memory, the last level checked', async () => {
    const system = counterSystem({ n: 100, steps: [1], forbidden: 5 });
    const memory = await explore(system, { maxDepth: 5 });
    const disk = await explore(system, { maxDepth: 5, frontierMemoryMB: 0.001 });
    expect(figures(disk, (l) => system.describeLabel(l))).toEqual(
      figures(memory, (l) => system.describeLabel(l)),
    );
  });

  it('says how deep an undecided verdict held, as in memory', async () => {
    const system = counterSystem({ n: 1000, steps: [1, 2], forbidden: 999 });
    const memory = await explore(system, { maxStates: 100 });
    const disk = await explore(system, { maxStates: 100, frontierMemoryMB: 0.001 });
    expect(memory.properties[0]?.verdict).toMatchObject({ status: 'unknown', toDepth: 49 });
    expect(disk.properties[0]?.verdict).toMatchObject({ status: 'unknown' });
    const held = (r: typeof disk) => {
      const v = r.properties[0]?.verdict;
      return v?.status === 'unknown' ? (v.toDepth ?? 0) : -1;
    };
    // The disk search stops between chunks of a level, so on the same level or the one before.
    expect(held(disk)).toBeGreaterThanOrEqual(held(memory) - 1);
    expect(held(disk)).toBeLessThanOrEqual(held(memory));
  });

  it('removes its file when interrupted', async () => {
    const before = leftovers();
    const controller = new AbortController();
    const run = explore(lockbenchSystem(4, 3), {
      frontierMemoryMB: 1,
      signal: controller.signal,
      onProgress: () => controller.abort(),
    });
    const report = await run;
    expect(report.stopReason).toBe('aborted');
    expect(report.properties.every((p) => p.verdict.status !== 'holds')).toBe(true);
    expect(leftovers()).toEqual(before);
  });

  it('refuses worker threads', () => {
    expect(() => explore(lockbenchSystem(2, 2), { frontierMemoryMB: 1, workers: 2 })).toThrow(
      /one thread/,
    );
  });
});

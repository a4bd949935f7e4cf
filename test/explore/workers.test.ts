// The worker-thread mode must give exactly the single-threaded counts and shortest traces.
// Worker threads load the compiled JavaScript test/buildDist.ts builds.
import { describe, expect, it } from 'vitest';
import { lockbenchSystem } from '../../bench/lockbench/lockbenchSystem.js';
import { explore } from '../../src/explore/explore.js';

const compiledLockbench = new URL('../../dist/bench/lockbench/lockbenchSystem.js', import.meta.url)
  .href;

function ref(regions: number, pages: number, mutant = false) {
  return { module: compiledLockbench, factory: 'lockbenchSystem', args: [regions, pages, mutant] };
}

describe('explore with worker threads', () => {
  it.each([1, 2, 3])(
    'K=3 P=3 with %i workers: 17,496 states, 437,400 transitions',
    async (workers) => {
      const report = await explore(lockbenchSystem(3, 3), { workers, systemRef: ref(3, 3) });
      expect(report).toMatchObject({ states: 17_496, transitions: 437_400, depth: 8, workers });
    },
  );

  it('grows the shared table mid-level without changing the counts', async () => {
    const serial = await explore(lockbenchSystem(3, 4));
    const parallel = await explore(lockbenchSystem(3, 4), {
      workers: 2,
      systemRef: ref(3, 4),
      initialCapacity: 1 << 14,
    });
    expect(serial).toMatchObject({ states: 117_912, transitions: 3_239_112 });
    expect(parallel).toMatchObject({ states: serial.states, transitions: serial.transitions });
  });

  it('finds a counterexample as short as the single-threaded one', async () => {
    const report = await explore(lockbenchSystem(3, 2, true), {
      workers: 2,
      systemRef: ref(3, 2, true),
    });
    const result = report.properties.find((r) => r.name === 'mlockedOnlyInLockedSlots');
    if (result?.verdict.status !== 'violated') throw new Error('the mutant should be caught');
    expect(result.verdict.trace.steps).toHaveLength(2);
    expect(report.stopReason).toBe('complete');
  });

  it('checks the level the depth bound leaves unexpanded (on the workers), as one thread does', async () => {
    const options = { maxDepth: 2 };
    const serial = await explore(lockbenchSystem(3, 2, true), options);
    const parallel = await explore(lockbenchSystem(3, 2, true), {
      ...options,
      workers: 2,
      systemRef: ref(3, 2, true),
    });
    for (const report of [serial, parallel]) {
      expect(report.stopReason).toBe('max-depth');
      const result = report.properties.find((r) => r.name === 'mlockedOnlyInLockedSlots');
      if (result?.verdict.status !== 'violated') throw new Error('the mutant should be caught');
      // Found in a state of depth 2, which no level expanded.
      expect(result.verdict.trace.steps).toHaveLength(2);
    }
    expect(parallel).toMatchObject({ states: serial.states, transitions: serial.transitions });
  });

  it('stops at maxStates with a partial report', async () => {
    const report = await explore(lockbenchSystem(4, 3), {
      workers: 2,
      systemRef: ref(4, 3),
      maxStates: 10_000,
    });
    expect(report.stopReason).toBe('max-states');
    expect(report.states).toBeGreaterThanOrEqual(10_000);
    expect(report.properties.every((p) => p.verdict.status === 'unknown')).toBe(true);
    // Every level above the one the workers were expanding was checked whole.
    for (const p of report.properties)
      expect(p.verdict).toMatchObject({ toDepth: report.depth - 1 });
  });
});

// The bridge on a small bound: every state reached, paths of every kind replayed, no mismatch.

import { describe, expect, it } from 'vitest';
import { getSimplePaths } from '@xstate/graph';
import { runConformance } from '../../src/graph/conformance.js';
import { enumerateGraph } from '../../src/graph/graphPaths.js';
import { linux618 } from '../../models/linux-6.18.js';
import { createMmMachine } from '../../spec/machines/mmMachine.js';
import { mmEvents } from '../../spec/machines/mmEvent.js';
import { snapshotKey } from '../../spec/machines/snapshotKey.js';
import { main } from '../../src/cli/main.js';

describe('conformance of linux-6.18 to the statecharts', () => {
  it('1 region x 2 pages: every path agrees, every invariant holds', () => {
    const r = runConformance({ model: linux618, shape: { regions: 1, pages: 2 }, simpleDepth: 3 });
    expect(r.states).toBeGreaterThan(100);
    expect(r.pathsByKind).toMatchObject({ shortest: r.states, transition: r.transitions });
    expect(r.mismatches).toEqual([]);
    expect(r.invariants.every((i) => i.verdict === 'holds')).toBe(true);
  });

  it('replaying without shared prefixes gives the same verdicts', () => {
    const shape = { regions: 1, pages: 1 };
    const a = runConformance({ model: linux618, shape, simpleDepth: 2 });
    const b = runConformance({ model: linux618, shape, simpleDepth: 2, sharePrefixes: false });
    expect(b.simulatorSteps).toBe(b.steps);
    expect([b.paths, b.mismatches]).toEqual([a.paths, a.mismatches]);
  });

  it('bounded simple paths are getSimplePaths of @xstate/graph cut at the depth', () => {
    // The event alphabet is cut down to keep the unbounded enumeration small.
    const shape = { regions: 1, pages: 1 };
    const events = mmEvents(shape).filter((e) =>
      ['mmap(r0)', 'mlock(r0)', 'munlock(r0)', 'mlockall(3)', 'munlockall()'].includes(e.type),
    );
    const machine = createMmMachine(shape);
    const ours = enumerateGraph(machine, events, { simpleDepth: 1000 }).paths.filter(
      (p) => p.kind === 'simple',
    );
    const theirs = getSimplePaths(machine, {
      events,
      serializeState: snapshotKey,
      serializeEvent: (e) => e.type,
    });
    const show = (evs: readonly { type: string }[]) => evs.map((e) => e.type).join(' ');
    // getSimplePaths also lists the empty path to the initial state.
    const theirsNonEmpty = theirs.filter((p) => p.steps.length > 1);
    expect(new Set(ours.map((p) => show(p.events)))).toEqual(
      new Set(theirsNonEmpty.map((p) => show(p.steps.slice(1).map((s) => s.event)))),
    );
    expect(ours.length).toBe(theirsNonEmpty.length);
  });

  it('mmspec spec --json prints states, paths, steps, mismatches and invariants', async () => {
    let out = '';
    const status = await main(['spec', '--bound', '1x1', '--depth', '2', '--json'], {
      stdout: { write: (s: string) => (out += s) },
    });
    expect(status).toBe(0);
    const json = JSON.parse(out) as Record<string, unknown>;
    expect(Object.keys(json)).toEqual(
      expect.arrayContaining(['states', 'paths', 'steps', 'mismatches', 'invariants']),
    );
    expect(json.mismatches).toEqual([]);
  });

  it('mmspec spec shows one planted bug once a distinct mismatch, on its shortest path, by name', async () => {
    let out = '';
    const status = await main(
      ['spec', '--model', 'planted:mcl-future-unlocks', '--bound', '1x1', '--depth', '2'],
      { stdout: { write: (s: string) => (out += s) } },
    );
    expect(status).toBe(1);
    const shown = out.match(/^(disagreement|invariant \w+ fails) at step /gm) ?? [];
    const [, total, distinct] = /^(\d+) mismatches, (\d+) distinct/m.exec(out) ?? [];
    expect(shown.length).toBe(Number(distinct));
    expect(Number(total)).toBeGreaterThan(Number(distinct));
    expect(out).toMatch(
      /^disagreement at step 2 \(mlockall\(MCL_FUTURE\|MCL_ONFAULT\) = 0\), and on \d+ longer paths alike$/m,
    );
    expect(out).not.toMatch(/mlockall\(\d/);
  });
});

// The side-by-side run of two models: identical models never differ, each planted bug is found
// with a short run, and the printed trace passes on A and fails on B when both run it.

import { describe, expect, it } from 'vitest';
import { explore } from '../../src/explore/explore.js';
import { parseBound } from '../../src/check/parseBound.js';
import { kernelSystem } from '../../src/check/kernelSystem.js';
import { extend } from '../../src/kernel/model.js';
import type { KernelModel } from '../../src/kernel/model.js';
import { diffModels } from '../../src/review/diffModels.js';
import { judge } from '../../src/trace/judge.js';
import { parse } from '../../src/trace/parser.js';
import { runProgram } from '../../src/trace/runner.js';
import {
  DEFAULT_KERNEL_BOUND,
  NOHUGEPAGE_KERNEL_BOUND,
  SMALL_KERNEL_BOUND,
} from '../../src/check/kernelBounds.js';
import { getModel } from '../../models/registry.js';
import { engineOf } from '../../src/kernel/modelEngine.js';

const linux = getModel('linux-6.18');
const planted = (name: string) => getModel(`planted:${name}`);
/** 2 regions of 2 pages, depth 3, every call family, the default bound's three processes. */
const tiny = parseBound('regions=2,pages=2,depth=3', DEFAULT_KERNEL_BOUND);

/** The checks and expectations that fail when the trace runs on `model`, as source lines. */
async function failures(text: string, model: KernelModel): Promise<string[]> {
  const program = parse(text, 'difference.mmt');
  const verdicts = judge(program, await runProgram(program, engineOf(model)));
  const lines = text.split('\n');
  return verdicts.filter((v) => !v.held).map((v) => (lines[v.line - 1] ?? '').trim());
}

/** Diffs A and B, and runs the trace on both: it must pass on A and fail on B. */
async function differing(a: KernelModel, b: KernelModel, bound = tiny) {
  const r = await diffModels(a, b, bound);
  expect(r.verdict).toBe('differ');
  const f = r.finding;
  if (f === undefined) throw new Error('no finding');
  expect(await failures(f.trace.text, a), f.trace.text).toEqual([]);
  const onB = await failures(f.trace.text, b);
  expect(onB.length, f.trace.text).toBeGreaterThan(0);
  return { report: r, finding: f, failsOnB: onB };
}

describe('mmspec diff as a library', () => {
  it('finds no difference between a model and itself, in as many states as the model alone', async () => {
    const r = await diffModels(linux, linux, SMALL_KERNEL_BOUND);
    expect(r.verdict).toBe('same');
    expect(r.finding).toBeUndefined();
    // A property that holds on the small bound, so the single run is not cut short either.
    const alone = await explore(
      kernelSystem(linux, SMALL_KERNEL_BOUND, { properties: ['munlockallRestores'] }),
      { maxDepth: SMALL_KERNEL_BOUND.depth },
    );
    expect(r.states).toBe(alone.states);
  });

  it('finds the MAP_POPULATE/FOLL_POPULATE bug in one call that should populate', async () => {
    const { finding, failsOnB } = await differing(linux, planted('map-populate-foll'));
    expect(finding.steps.length).toBe(1);
    expect(finding.trace.text).toMatch(/MAP_POPULATE|MAP_LOCKED|mlock/);
    expect(finding.differences[0]?.observable).toMatch(/^pages\(a, 2P\)$/);
    expect(failsOnB.every((l) => l.startsWith('check pages'))).toBe(true);
  });

  it('finds mlockall(MCL_FUTURE) unlocking the VMAs already there', async () => {
    const { finding } = await differing(linux, planted('mcl-future-unlocks'));
    expect(finding.steps.length).toBe(2);
    expect(finding.trace.text).toContain('mlockall(MCL_FUTURE) = 0');
    expect(finding.differences.map((d) => d.observable)).toContain('VmLck');
  });

  it('sees def_flags cleared whole only where def_flags holds more than lock bits', async () => {
    // Every x86-64 process starts with empty def_flags: clearing all of it is clearing the lock bits.
    const plain = await diffModels(linux, planted('mlockall-clears-def-flags'), tiny);
    expect(plain.verdict).toBe('same');
    // With VM_NOHUGEPAGE there (s390 KVM), a mapping made after mlockall lacks it.
    const r = await diffModels(
      linux,
      planted('mlockall-clears-def-flags'),
      NOHUGEPAGE_KERNEL_BOUND,
    );
    expect(r.verdict).toBe('differ');
    const text = r.finding?.trace.text ?? '';
    expect(text).toMatch(/mlockall\(/);
    expect(text).toContain('check vmflags(a) has nh');
    expect(r.finding?.differences).toEqual([
      { observable: 'vmflags(a)', a: 'rd wr mr mw me ac nh', b: 'rd wr mr mw me ac' },
    ]);
    // No directive gives a trace VM_NOHUGEPAGE in def_flags, and the trace says so.
    expect(text).toContain('no directive says so');
  });

  it('reports a call that returns differently, and states its result for an mmap too', async () => {
    const noMlockall = extend(linux, {
      name: 'test:mlockall-always-enomem',
      description: 'mlockall(MCL_CURRENT) never within RLIMIT_MEMLOCK',
      provenance: 'test',
      decisions: { mlockallLimitOk: () => false },
    });
    const byResult = await differing(linux, noMlockall);
    expect(byResult.finding.differences[0]).toEqual({
      observable: 'return of mlockall(MCL_CURRENT)',
      a: '0',
      b: '-1 ENOMEM',
    });
    expect(byResult.failsOnB).toEqual(['mlockall(MCL_CURRENT) = 0']);
    const noMapping = extend(linux, {
      name: 'test:mlock-future-never-ok',
      description: 'mm/mmap.c:mlock_future_ok always fails: mmap is EAGAIN',
      provenance: 'test',
      decisions: { futureLimitOk: () => false },
    });
    const { finding } = await differing(linux, noMapping);
    // The region is not bound yet when an mmap's own expectation is judged: a number, then.
    expect(finding.trace.text).toMatch(/^a = mmap\(NULL, 2P, .*\) = 0x200000000000$/m);
    expect(finding.differences[0]).toEqual({
      observable:
        'return of mmap(NULL, 2P, PROT_READ|PROT_WRITE, MAP_PRIVATE|MAP_ANONYMOUS, -1, 0)',
      a: 'a',
      b: '-1 EAGAIN',
    });
  });

  it('keeps the verdict and the length of the shortest run without symmetry reduction', async () => {
    const b = planted('mcl-future-unlocks');
    const on = await diffModels(linux, b, tiny);
    const off = await diffModels(linux, b, tiny, { symmetry: false });
    expect(off.verdict).toBe(on.verdict);
    expect(off.finding?.steps.length).toBe(on.finding?.steps.length);
    const same = await diffModels(linux, linux, tiny, { symmetry: false });
    expect(same.states).toBeGreaterThan((await diffModels(linux, linux, tiny)).states);
  });

  it('says unknown, not same, when it stops before covering the bound', async () => {
    const r = await diffModels(linux, linux, tiny, { maxStates: 50 });
    expect(r.verdict).toBe('unknown');
    expect(r.stopReason).toBe('max-states');
  });
});

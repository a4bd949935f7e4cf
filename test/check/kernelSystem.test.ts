// The bounded kernel system: encoding round trip, symmetry, known verdicts, shrinking, and
// replay of a printed counterexample by the trace runner.

import { describe, expect, it } from 'vitest';
import { Decoder } from '../../src/explore/decoder.js';
import { Encoder } from '../../src/explore/encoder.js';
import { explore } from '../../src/explore/explore.js';
import { checkKernel } from '../../src/check/checkKernel.js';
import { kernelSystem } from '../../src/check/kernelSystem.js';
import type { BoundedState } from '../../src/check/boundedState.js';
import { findProperty, replayLetters } from '../../src/check/replayLetters.js';
import { shrink } from '../../src/check/shrink.js';
import { judge } from '../../src/trace/judge.js';
import { parse } from '../../src/trace/parser.js';
import { runProgram } from '../../src/trace/runner.js';
import { SMALL_KERNEL_BOUND } from '../../src/check/kernelBounds.js';
import { getModel } from '../../models/registry.js';
import { engineOf } from '../../src/kernel/modelEngine.js';
import { stateKey } from '../../src/kernel/encode.js';
import { mmWithVmas, vmaWith } from '../../src/kernel/state.js';

const linux = getModel('linux-6.18');
const tiny = { ...SMALL_KERNEL_BOUND, name: 'tiny', depth: 2 };

function words(sys: ReturnType<typeof kernelSystem>, s: BoundedState): string {
  const e = new Encoder(sys.encodedWords);
  sys.encode(s, e);
  e.finish();
  return e.words.join(',');
}

describe('kernel transition system', () => {
  it('decodes every state of a small bound to one that encodes the same, packed and canonical', () => {
    const sys = kernelSystem(linux, tiny);
    let seen = 0;
    const visit = (s: BoundedState, depth: number): void => {
      const w = words(sys, s);
      const e = new Encoder(sys.encodedWords);
      sys.encode(s, e);
      e.finish();
      const decoded = sys.decode?.(new Decoder().reset(e.words)) ?? s;
      expect(words(sys, decoded)).toBe(w);
      // The packed codec and the kernel's canonical encoding number ids alike and keep the
      // same facts: what one tells apart, the other does too.
      expect(stateKey(decoded.kernel)).toBe(stateKey(s.kernel));
      seen++;
      if (depth > 0) sys.successors(s, (_l, next) => visit(next, depth - 1));
    };
    for (const s of sys.initial()) visit(s, 2);
    expect(seen).toBeGreaterThan(500);
  });

  it('refuses to encode a VMA wider than a region, before walking its pages', () => {
    const sys = kernelSystem(linux, tiny, { symmetry: false });
    let mapped: BoundedState | undefined;
    for (const s of sys.initial())
      sys.successors(s, (_l, next) => {
        if (next.kernel.procs[0]?.vmas.length === 1) mapped ??= next;
      });
    const state: BoundedState | undefined = mapped;
    if (state === undefined) throw new Error('no successor maps a region');
    const mm = state.kernel.procs[0];
    const v = mm?.vmas[0];
    if (mm === undefined || v === undefined) throw new Error('unreachable');
    // What a faulty heap model could make: 2^30 pages, whose walk page by page would not end.
    const wide = vmaWith(v, v.start, v.start + 2 ** 30, v.flags, v.pgoff, v.ptes);
    const kernel = { ...state.kernel, procs: [mmWithVmas(mm, [wide])] };
    const e = new Encoder(sys.encodedWords);
    expect(() => sys.encode({ ...state, kernel }, e)).toThrow(
      /a VMA of 1073741824 pages, wider than the bound's regions of/,
    );
  });

  it('symmetry reduction stores fewer states and keeps every verdict', async () => {
    const full = await checkKernel(linux, tiny, { symmetry: false });
    const reduced = await checkKernel(linux, tiny);
    expect(reduced.states).toBeLessThan(full.states);
    expect(reduced.properties.map((p) => p.verdict)).toEqual(full.properties.map((p) => p.verdict));
  });

  it('the accounting holds at depth 3, the MREMAP_DONTUNMAP leak being a flag of its own', async () => {
    const r = await checkKernel(linux, SMALL_KERNEL_BOUND, {
      properties: ['lockedVmMatchesLockedVmas', 'munlockallRestores'],
    });
    expect(r.properties.map((p) => p.verdict)).toEqual(['holds', 'holds']);
  });

  it('shrinks a long failing run to the steps that matter', () => {
    const sys = kernelSystem(getModel('planted:relock-charged'), SMALL_KERNEL_BOUND);
    // A relock refused by the limit, with noise around it: a write and a second mapping.
    const byText = (t: string) => {
      const l = sys.alphabet.find((x) => sys.describeLabel(x).startsWith(t));
      if (l === undefined) throw new Error(t);
      return l;
    };
    const leak = findProperty(sys, 'lockLimitRespected');
    const noisy = [
      byText('mmap(NULL, 2P, PROT_READ|PROT_WRITE, MAP_PRIVATE|MAP_ANONYMOUS|MAP_LOCKED'),
      byText('write(a, 7)'),
      byText('mmap(NULL, 2P, PROT_READ|PROT_WRITE, MAP_PRIVATE|MAP_ANONYMOUS, -1, 0)'),
      byText('mlock(a, 2P)'),
    ];
    expect(replayLetters(sys, 1, noisy, leak)?.failsAt).toBe(3);
    const small = shrink(sys, { setup: 1, letters: noisy }, leak);
    expect(small.letters.length).toBeLessThanOrEqual(2);
    expect(replayLetters(sys, small.setup, small.letters, leak)?.failsAt).toBe(
      small.letters.length - 1,
    );
  });

  it('prints traces that mmspec run reproduces: a check fails exactly at the end', async () => {
    const r = await checkKernel(linux, SMALL_KERNEL_BOUND);
    const violated = r.properties.filter((p) => p.verdict === 'violated');
    expect(violated.map((p) => p.name).sort()).toEqual(
      ['lockedVmaPageMlocked', 'mlockedPageHasLockedVmaStrict'].sort(),
    );
    for (const p of violated) {
      const text = p.counterexample?.trace.text ?? '';
      const program = parse(text, `${p.name}.mmt`);
      const outcome = await runProgram(program, engineOf(getModel('linux-6.18')));
      const verdicts = judge(program, outcome);
      const failed = verdicts.filter((v) => !v.held);
      expect(failed.length, text).toBeGreaterThan(0);
      // Only checks after the last call fail: every call got the result the trace expects.
      expect(failed.every((v) => text.split('\n')[v.line - 1]?.startsWith('check'))).toBe(true);
    }
  });

  it('explores the default alphabet one level deep from every initial process', async () => {
    const sys = kernelSystem(linux, { ...SMALL_KERNEL_BOUND, depth: 1 });
    const report = await explore(sys, { maxDepth: 1 });
    expect(report.states).toBeGreaterThan(sys.bound.setups.length);
  });
});

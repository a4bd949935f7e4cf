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

  it('symmetry reduction stores fewer states and keeps every verdict', async () => {
    const full = await checkKernel(linux, tiny, { symmetry: false });
    const reduced = await checkKernel(linux, tiny);
    expect(reduced.states).toBeLessThan(full.states);
    expect(reduced.properties.map((p) => p.verdict)).toEqual(full.properties.map((p) => p.verdict));
  });

  it('finds the MREMAP_DONTUNMAP leak in 3 steps and nothing in munlockallRestores at depth 3', async () => {
    const r = await checkKernel(linux, SMALL_KERNEL_BOUND, {
      properties: ['lockedVmMatchesLockedVmas', 'munlockallRestores'],
    });
    const leak = r.properties.find((p) => p.name === 'lockedVmMatchesLockedVmas');
    expect(leak?.counterexample?.shortest).toBe(3);
    expect(leak?.counterexample?.trace.text).toContain('MREMAP_DONTUNMAP');
    expect(r.properties.find((p) => p.name === 'munlockallRestores')?.verdict).toBe('holds');
  });

  it('shrinks a long failing run to the steps that matter', () => {
    const sys = kernelSystem(linux, SMALL_KERNEL_BOUND);
    // The DONTUNMAP leak with noise around it: a write and an mlock that change nothing of it.
    const byText = (t: string) => {
      const l = sys.alphabet.find((x) => sys.describeLabel(x).startsWith(t));
      if (l === undefined) throw new Error(t);
      return l;
    };
    const leak = findProperty(sys, 'lockedVmMatchesLockedVmas');
    const noisy = [
      byText('mmap(NULL, 2P, PROT_READ|PROT_WRITE, MAP_PRIVATE|MAP_ANONYMOUS, -1, 0)'),
      byText('write(a, 7)'),
      byText('mmap(NULL, 2P, PROT_READ|PROT_WRITE, MAP_PRIVATE|MAP_ANONYMOUS|MAP_LOCKED'),
      byText('mlock(a, 2P)'),
      byText('mremap(b, 2P, 2P, MREMAP_MAYMOVE|MREMAP_FIXED|MREMAP_DONTUNMAP, a)'),
    ];
    expect(replayLetters(sys, 0, noisy, leak)?.failsAt).toBe(4);
    const small = shrink(sys, { setup: 0, letters: noisy }, leak);
    expect(small.letters.length).toBeLessThanOrEqual(3);
    expect(replayLetters(sys, small.setup, small.letters, leak)?.failsAt).toBe(
      small.letters.length - 1,
    );
  });

  it('prints traces that mmspec run reproduces: a check fails exactly at the end', async () => {
    const r = await checkKernel(linux, SMALL_KERNEL_BOUND);
    const violated = r.properties.filter((p) => p.verdict === 'violated');
    expect(violated.map((p) => p.name).sort()).toEqual(
      ['lockedVmMatchesLockedVmas', 'lockedVmaPageMlocked', 'mlockedPageHasLockedVmaStrict'].sort(),
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

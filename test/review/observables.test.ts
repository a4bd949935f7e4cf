// What a trace can observe of a bounded state, and where two states differ: VMAs that start
// at an address on one side only are probed at that address on the other.

import { describe, expect, it } from 'vitest';
import { kernelSystem } from '../../src/check/kernelSystem.js';
import type { Letter } from '../../src/check/letter.js';
import { replayLetters } from '../../src/check/replayLetters.js';
import { observableDifferences } from '../../src/review/observableDifferences.js';
import { observables } from '../../src/review/observables.js';
import { SMALL_KERNEL_BOUND } from '../../src/check/kernelBounds.js';
import { getModel } from '../../models/registry.js';

const sys = kernelSystem(getModel('linux-6.18'), SMALL_KERNEL_BOUND);

function letter(text: string): Letter {
  const l = sys.alphabet.find((x) => sys.describeLabel(x) === text);
  if (l === undefined) throw new Error(`no letter ${text}`);
  return l;
}

function stateAfter(...texts: string[]) {
  const r = replayLetters(sys, 0, texts.map(letter), null);
  const last = r?.steps.at(-1);
  if (last === undefined) throw new Error('no run');
  return last.after;
}

const ANON = 'mmap(NULL, 2P, PROT_READ|PROT_WRITE, MAP_PRIVATE|MAP_ANONYMOUS, -1, 0)';

describe('observables', () => {
  it('reads pages, each VMA, VmLck and def_flags as checks state them, def_flags last', () => {
    const s = stateAfter(ANON, ANON, 'mlock(b + 1P, 1P)', 'mlockall(MCL_FUTURE)');
    // a:  [ .  . ]          b:  [ .  |L ]   def_flags: lo
    //      rd wr                 rd wr|lo
    expect(observables(s.kernel, s.hints, 2).map((o) => `${o.name} = ${o.value}`)).toEqual([
      'pages(a, 2P) = ".."',
      'pages(b, 2P) = ".L"',
      'vma(a) = a .. a + 2P',
      'vmflags(a) = rd wr mr mw me ac',
      'vma(b) = b .. b + 1P',
      'vmflags(b) = rd wr mr mw me ac',
      'vma(b + 1P) = b + 1P .. b + 2P',
      'vmflags(b + 1P) = rd wr mr mw me lo ac',
      'VmLck = 1P',
      'def_flags = lo',
    ]);
  });

  it('probes a VMA that starts on one side only at the same address on the other', () => {
    const one = stateAfter(ANON);
    const split = stateAfter(ANON, 'mlock(a + 1P, 1P)');
    // one:   [ .  . ]        split:  [ .  |L ]
    //         rd wr                   rd wr|lo
    const d = observableDifferences(one.kernel, split.kernel, 1, 2);
    expect(d.map((x) => `${x.name}: ${x.a.value} / ${x.b.value}`)).toEqual([
      'pages(a, 2P): ".." / ".L"',
      'vma(a): a .. a + 2P / a .. a + 1P',
      'vma(a + 1P): a .. a + 2P / a + 1P .. a + 2P',
      'vmflags(a + 1P): rd wr mr mw me ac / rd wr mr mw me lo ac',
      'VmLck: 0P / 1P',
    ]);
    expect(observableDifferences(one.kernel, one.kernel, 1, 2)).toEqual([]);
  });
});

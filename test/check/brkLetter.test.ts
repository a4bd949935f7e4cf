// brk in `mmspec check`'s alphabet (issue 16 item 5): tried only when a bound names it
// (`calls=+brk`), so the built-in bounds explore exactly what they did; with it the process has
// an empty heap of its own at the slot after the regions, encoded with its break, and a run
// that moves the break prints as a trace that holds on a real process's heap too.

import { describe, expect, it } from 'vitest';
import { kernelAlphabet } from '../../src/check/alphabet.js';
import { checkKernel } from '../../src/check/checkKernel.js';
import { parseBound } from '../../src/check/parseBound.js';
import { DEFAULT_KERNEL_BOUND, SMALL_KERNEL_BOUND } from '../../src/check/kernelBounds.js';
import { kernelSystem } from '../../src/check/kernelSystem.js';
import { describeLetter } from '../../src/check/describeLetter.js';
import { replayLetters } from '../../src/check/replayLetters.js';
import { Encoder } from '../../src/explore/encoder.js';
import { Decoder } from '../../src/explore/decoder.js';
import { getModel } from '../../models/registry.js';
import { picker, printedRun, runTrace } from './letterRuns.js';

const linux = getModel('linux-6.18');

describe('brk letters', () => {
  it('no built-in bound tries brk', () => {
    for (const b of [DEFAULT_KERNEL_BOUND, SMALL_KERNEL_BOUND])
      expect(kernelAlphabet(b).some((l) => l.call === 'brk')).toBe(false);
  });

  it('calls=+brk adds the break at the heap start, one page up and the end of its spot', () => {
    const b = parseBound('calls=+brk', SMALL_KERNEL_BOUND);
    expect(b.calls).toEqual([...SMALL_KERNEL_BOUND.calls, 'brk']);
    const brks = kernelAlphabet(b).filter((l) => l.call === 'brk');
    expect(brks.map(describeLetter)).toEqual(['brk(h)', 'brk(h + 1P)', 'brk(h + 2P)']);
  });

  it('under MCL_FUTURE the heap grows locked, and the state encodes its break', () => {
    const b = parseBound('calls=mlockall+brk,depth=2', SMALL_KERNEL_BOUND);
    const sys = kernelSystem(linux, b);
    const letters = kernelAlphabet(b);
    const pick = picker(letters);
    const run = replayLetters(sys, 0, [pick('mlockall(MCL_FUTURE)'), pick('brk(h + 2P)')], null);
    const end = run?.steps.at(-1)?.after;
    if (end === undefined) throw new Error('the run did not replay');
    const mm = end.kernel.procs[0];
    expect(mm?.lockedVm).toBe(2);
    expect(mm?.vmas.map((v) => v.end - v.start)).toEqual([2]);
    const enc = new Encoder(sys.encodedWords);
    sys.encode(end, enc);
    enc.finish();
    const back = sys.decode?.(new Decoder().reset(enc.words));
    if (back === undefined) throw new Error('the system does not decode');
    expect(back.kernel.procs[0]?.brkArea).toEqual(mm?.brkArea);
    const again = new Encoder(sys.encodedWords);
    sys.encode(back, again);
    again.finish();
    expect([...again.words]).toEqual([...enc.words]);
  });

  it('a run prints as a trace that binds h = brk(0) and holds on the model', async () => {
    const b = parseBound('calls=mlockall+brk,depth=3', SMALL_KERNEL_BOUND);
    const sys = kernelSystem(linux, b);
    const letters = kernelAlphabet(b);
    const pick = picker(letters);
    const run = replayLetters(
      sys,
      0,
      [pick('mlockall(MCL_CURRENT|MCL_FUTURE)'), pick('brk(h + 2P)'), pick('brk(h + 1P)')],
      null,
    );
    if (run === null) throw new Error('the run did not replay');
    const text = printedRun(b, run.steps);
    expect(text).toContain('h = brk(0)\n');
    expect(text).toContain('brk(h + 2P) = h + 2P\n');
    expect(text).toContain('brk(h + 1P) = h + 1P\n');
    const r = await runTrace(text);
    expect(r.stdout).toContain('0 failed');
    expect(r.status).toBe(0);
  });

  it('after execve the printed trace binds the break of the new image anew', () => {
    const b = parseBound('calls=mlockall+brk+execve,file=0', SMALL_KERNEL_BOUND);
    const sys = kernelSystem(linux, b);
    const letters = kernelAlphabet(b);
    const pick = picker(letters);
    const run = replayLetters(
      sys,
      0,
      [pick('brk(h + 1P)'), pick('execve()'), pick('brk(h + 2P)')],
      null,
    );
    if (run === null) throw new Error('the run did not replay');
    const text = printedRun(b, run.steps);
    expect(text).toContain('execve() = 0\nh1 = brk(0)\nbrk(h1 + 2P) = h1 + 2P\n');
  });

  it('the properties hold with brk at depth 3 as they do without it', async () => {
    const without = await checkKernel(
      linux,
      parseBound('calls=mmap+mlockall+mlock', SMALL_KERNEL_BOUND),
    );
    const withBrk = await checkKernel(
      linux,
      parseBound('calls=mmap+mlockall+mlock+brk', SMALL_KERNEL_BOUND),
    );
    expect(withBrk.coverage.calls.get('brk ok') ?? 0).toBeGreaterThan(0);
    const violated = (r: typeof without) =>
      r.properties.filter((p) => p.verdict === 'violated').map((p) => p.name);
    expect(violated(withBrk)).toEqual(violated(without));
  });
});

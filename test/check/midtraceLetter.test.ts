// setrlimit and capset in `mmspec check`'s alphabet (issue 14 item 4): tried only when a bound
// names them (`calls=+setrlimit+capset`), so the built-in bounds explore exactly what they did;
// with them a run lowers RLIMIT_MEMLOCK or drops CAP_IPC_LOCK after locking, the state encodes
// the limit it reached, and the run prints as a trace that holds on the model.

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
import { callOf } from '../../src/check/boundedState.js';
import { step } from '../../src/kernel/step.js';
import { picker, printedRun, runTrace } from './letterRuns.js';

const linux = getModel('linux-6.18');

describe('setrlimit and capset letters', () => {
  it('no built-in bound tries them', () => {
    for (const b of [DEFAULT_KERNEL_BOUND, SMALL_KERNEL_BOUND])
      expect(kernelAlphabet(b).some((l) => l.call === 'setrlimit' || l.call === 'capset')).toBe(
        false,
      );
  });

  it('calls=+setrlimit+capset lowers RLIMIT_MEMLOCK to 0, 1P, 2P and drops CAP_IPC_LOCK', () => {
    const b = parseBound('calls=+setrlimit+capset', SMALL_KERNEL_BOUND);
    const added = kernelAlphabet(b).filter((l) => l.call === 'setrlimit' || l.call === 'capset');
    expect(added.map(describeLetter)).toEqual([
      'setrlimit(RLIMIT_MEMLOCK, 0)',
      'setrlimit(RLIMIT_MEMLOCK, 1P)',
      'setrlimit(RLIMIT_MEMLOCK, 2P)',
      'capset(CAP_IPC_LOCK, 0)',
    ]);
  });

  it('a run that locks, lowers the limit and locks again prints as a trace that holds', async () => {
    const b = parseBound('calls=mmap+mlock+setrlimit+capset,depth=5', SMALL_KERNEL_BOUND);
    const sys = kernelSystem(linux, b);
    const pick = picker(kernelAlphabet(b));
    const letters = [
      pick('mmap(NULL, 2P, PROT_READ|PROT_WRITE, MAP_PRIVATE|MAP_ANONYMOUS, -1, 0)'),
      pick('mlock(a, 2P)'),
      pick('capset(CAP_IPC_LOCK, 0)'),
      pick('setrlimit(RLIMIT_MEMLOCK, 1P)'),
      pick('mlock(a + 1P, 1P)'),
    ];
    const run = replayLetters(sys, 0, letters, null);
    if (run === null) throw new Error('the run did not replay');
    const end = run.steps.at(-1);
    expect(end?.result).toEqual({ kind: 'errno', errno: 'ENOMEM' });
    const mm = end?.after.kernel.procs[0];
    expect(mm?.lockedVm).toBe(2);
    expect(mm?.rlimitMemlock).toBe(4096n);
    expect(mm?.capIpcLock).toBe(false);
    // The state encodes the lowered limit and the dropped capability, and decodes to them.
    if (end === undefined) throw new Error('no step');
    const enc = new Encoder(sys.encodedWords);
    sys.encode(end.after, enc);
    enc.finish();
    const back = sys.decode?.(new Decoder().reset(enc.words));
    expect(back?.kernel.procs[0]?.rlimitMemlock).toBe(4096n);
    expect(back?.kernel.procs[0]?.capIpcLock).toBe(false);
    const text = printedRun(b, run.steps);
    expect(text).toContain('setrlimit(RLIMIT_MEMLOCK, 1P) = 0\n');
    expect(text).toContain('mlock(a + 1P, 1P) = -1 ENOMEM\n');
    const r = await runTrace(text);
    expect(r.stdout).toContain('0 failed');
    expect(r.status).toBe(0);
  });

  it('the properties hold across a change at depth 3 as they do without one, and meet it', async () => {
    const base = 'mmap+mlock+mlockall';
    const without = await checkKernel(linux, parseBound(`calls=${base}`, SMALL_KERNEL_BOUND));
    const withChange = await checkKernel(
      linux,
      parseBound(`calls=${base}+setrlimit+capset`, SMALL_KERNEL_BOUND),
    );
    expect(withChange.coverage.calls.get('setrlimit ok') ?? 0).toBeGreaterThan(0);
    expect(withChange.coverage.calls.get('setrlimit EPERM') ?? 0).toBeGreaterThan(0);
    expect(withChange.coverage.calls.get('capset ok') ?? 0).toBeGreaterThan(0);
    expect(withChange.states).toBeGreaterThan(without.states);
    const violated = (r: typeof without) =>
      r.properties.filter((p) => p.verdict === 'violated').map((p) => p.name);
    expect(violated(withChange)).toEqual(violated(without));
  });
  it('a lowered RLIMIT_DATA is part of the state: decoded, the next mapping is refused', () => {
    // Before, the codec restored RLIMIT_DATA from the setup, so the search continued from a
    // lowered limit as if it were unlimited and never met the refusals past it.
    const b = parseBound('calls=mmap+setrlimit,args=edge', SMALL_KERNEL_BOUND);
    const sys = kernelSystem(linux, b);
    const pick = picker(kernelAlphabet(b));
    const lowered = replayLetters(sys, 0, [pick('setrlimit(RLIMIT_DATA, 1P)')], null);
    const end = lowered?.steps.at(-1);
    if (end === undefined) throw new Error('the run did not replay');
    expect(end.after.kernel.procs[0]?.rlimitData).toBe(4096n);
    const enc = new Encoder(sys.encodedWords);
    sys.encode(end.after, enc);
    enc.finish();
    const back = sys.decode?.(new Decoder().reset(enc.words));
    if (back === undefined) throw new Error('no decoder');
    expect(back.kernel.procs[0]?.rlimitData).toBe(4096n);
    const map = pick('mmap(NULL, 2P, PROT_READ|PROT_WRITE, MAP_PRIVATE|MAP_ANONYMOUS, -1, 0)');
    const call = callOf(map, back, b.regions);
    if (call === null) throw new Error('the mapping is not enabled');
    expect(step(linux, back.kernel, call).result).toEqual({ kind: 'errno', errno: 'ENOMEM' });
  });
});

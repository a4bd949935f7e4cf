// execve in `mmspec check`'s alphabet (issue 16): tried only when a bound names it, so the
// built-in bounds explore exactly what they did; with it, a run can end the image, and the
// properties are checked across it.

import { describe, expect, it } from 'vitest';
import { kernelAlphabet } from '../../src/check/alphabet.js';
import { checkKernel } from '../../src/check/checkKernel.js';
import { parseBound } from '../../src/check/parseBound.js';
import { DEFAULT_KERNEL_BOUND, SMALL_KERNEL_BOUND } from '../../src/check/kernelBounds.js';
import { kernelSystem } from '../../src/check/kernelSystem.js';
import type { BoundedState } from '../../src/check/boundedState.js';
import { describeLetter } from '../../src/check/describeLetter.js';
import { getModel } from '../../models/registry.js';

const linux = getModel('linux-6.18');

describe('execve letters', () => {
  it('no built-in bound tries execve', () => {
    for (const b of [DEFAULT_KERNEL_BOUND, SMALL_KERNEL_BOUND])
      expect(kernelAlphabet(b).some((l) => l.call === 'execve')).toBe(false);
  });

  it('calls=...+execve adds the letter, printed as the trace language writes it', () => {
    const b = parseBound('calls=mmap+mlockall+execve,file=0', SMALL_KERNEL_BOUND);
    const execs = kernelAlphabet(b).filter((l) => l.call === 'execve');
    expect(execs.map(describeLetter)).toEqual(['execve()']);
  });

  it('mlockall(MCL_FUTURE) then execve leaves no lock bit in def_flags', () => {
    const b = parseBound('calls=mmap+mlockall+execve,depth=2,file=0', SMALL_KERNEL_BOUND);
    const sys = kernelSystem(linux, b);
    const [start] = sys.initial();
    if (start === undefined) throw new Error('no initial state');
    const after = (s: BoundedState, text: string): BoundedState => {
      let found: BoundedState | undefined;
      sys.successors(s, (l, next) => {
        if (describeLetter(l) === text) found = next;
      });
      if (found === undefined) throw new Error(`no letter ${text}`);
      return found;
    };
    const future = after(start, 'mlockall(MCL_FUTURE)');
    expect(future.kernel.procs[0]?.defFlags).not.toBe(0);
    const execd = after(future, 'execve()');
    expect(execd.kernel.procs[0]?.defFlags).toBe(0);
  });

  it('with the tmpfile of file=N, execve closes it and the bound drops the file it freed', () => {
    const b = parseBound('calls=mmap+execve,depth=2', SMALL_KERNEL_BOUND);
    const sys = kernelSystem(linux, b);
    const [start] = sys.initial();
    if (start === undefined) throw new Error('no initial state');
    expect(start.kernel.files).toHaveLength(1);
    let execd: BoundedState | undefined;
    sys.successors(start, (l, next) => {
      if (describeLetter(l) === 'execve()') execd = next;
    });
    if (execd === undefined) throw new Error('no execve letter');
    // The model's state keeps the file object; the bound's has no descriptor and no file.
    expect(execd.judged?.files).toHaveLength(1);
    expect(execd.kernel.procs[0]?.fds.size).toBe(0);
    expect(execd.kernel.files).toHaveLength(0);
    // The properties judge the new image whole: its [heap], [stack], [vdso] are there.
    expect(execd.judged?.procs[0]?.vmas.some((v) => v.name === '[heap]')).toBe(true);
    expect(execd.kernel.procs[0]?.vmas).toHaveLength(0);
  });

  it('the properties hold across execve at depth 3 as they do without it', async () => {
    const without = await checkKernel(
      linux,
      parseBound('calls=mmap+mlockall+mlock,file=0', SMALL_KERNEL_BOUND),
    );
    const withExec = await checkKernel(
      linux,
      parseBound('calls=mmap+mlockall+mlock+execve,file=0', SMALL_KERNEL_BOUND),
    );
    expect(withExec.coverage.calls.get('execve ok') ?? 0).toBeGreaterThan(0);
    expect(without.coverage.calls.has('execve ok')).toBe(false);
    const violated = (r: typeof without) =>
      r.properties.filter((p) => p.verdict === 'violated').map((p) => p.name);
    expect(violated(withExec)).toEqual(violated(without));
  });
});

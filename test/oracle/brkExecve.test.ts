// brk and execve on this machine's kernel through the executor: the raw brk system call, and
// the executor re-executing itself and serving the rest of the trace from the new image.

import { afterAll, describe, expect, it } from 'vitest';
import { kernelEngine } from '../../src/oracle/kernelEngine.js';
import {
  MAP_ANON,
  P,
  PROT_RW,
  SKIP_REASON,
  call,
  kernelTestsSkipped,
  mmapAt,
  value,
} from './kernelTestKit.js';

const MCL_FUTURE = 2n;

describe.skipIf(kernelTestsSkipped)(`brk and execve on the kernel${SKIP_REASON}`, () => {
  const engine = kernelEngine();
  afterAll(() => engine.close());
  const setup = { rlimitMemlock: null, capIpcLock: true };

  it('the break starts page-aligned, and MCL_FUTURE locks and populates its growth', async () => {
    const s = await engine.start(setup);
    const h = await value(s, call('brk', 0n));
    expect(h % P).toBe(0n);
    await value(s, call('mlockall', MCL_FUTURE));
    expect(await value(s, call('brk', h + 2n * P))).toBe(h + 2n * P);
    expect(await s.observe({ kind: 'pages', addr: h, len: 2n * P })).toEqual({
      kind: 'pages',
      letters: 'LL',
    });
    await s.close();
  });

  it('execve: a new image serves the trace with no lock bits, no locked_vm, no old mapping', async () => {
    const s = await engine.start(setup);
    await value(s, call('mlockall', MCL_FUTURE));
    const a = await value(s, mmapAt(0, 2n * P, PROT_RW, MAP_ANON));
    expect(await s.observe({ kind: 'VmLck' })).toEqual({ kind: 'VmLck', bytes: 2n * P });
    expect(await s.call(call('execve'))).toEqual({ kind: 'value', value: 0n });
    expect(await s.observe({ kind: 'def_flags' })).toEqual({ kind: 'def_flags', mnemonics: [] });
    expect(await s.observe({ kind: 'VmLck' })).toEqual({ kind: 'VmLck', bytes: 0n });
    expect(await s.observe({ kind: 'vma', addr: a })).toEqual({ kind: 'vma', extent: null });
    // The new image goes on: a fork block and the end of the session still work.
    await s.forkEnter();
    expect(await s.forkExit()).toBe(0);
    await s.close();
  });
});

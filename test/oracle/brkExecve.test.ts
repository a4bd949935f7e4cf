// brk and execve on this machine's kernel through the executor: the raw brk system call, and
// the executor re-executing itself and serving the rest of the trace from the new image.

import { afterAll, describe, expect, it } from 'vitest';
import { kernelEngine } from '../../src/oracle/kernelEngine.js';
import * as K from './kernelTestKit.js';

const MCL_FUTURE = 2n;

describe.skipIf(K.kernelTestsSkipped)(`brk and execve on the kernel${K.SKIP_REASON}`, () => {
  const engine = kernelEngine();
  afterAll(() => engine.close());
  const setup = { rlimitMemlock: null, capIpcLock: true };

  it('the break starts page-aligned, and MCL_FUTURE locks and populates its growth', async () => {
    const s = await engine.start(setup);
    const h = await K.value(s, K.call('brk', 0n));
    expect(h % K.P).toBe(0n);
    await K.value(s, K.call('mlockall', MCL_FUTURE));
    expect(await K.value(s, K.call('brk', h + 2n * K.P))).toBe(h + 2n * K.P);
    const pages = await s.observe({ kind: 'pages', addr: h, len: 2n * K.P });
    expect(pages.kind === 'pages' && pages.letters).toBe('LL');
    await s.close();
  });

  it('execve: a new image serves the trace with no lock bits, no locked_vm, no old mapping', async () => {
    const s = await engine.start(setup);
    await K.value(s, K.call('mlockall', MCL_FUTURE));
    const a = await K.value(s, K.mmapAt(0, 2n * K.P, K.PROT_RW, K.MAP_ANON));
    expect(await s.observe({ kind: 'VmLck' })).toEqual({ kind: 'VmLck', bytes: 2n * K.P });
    expect(await s.call(K.call('execve'))).toEqual({ kind: 'value', value: 0n });
    expect(await s.observe({ kind: 'def_flags' })).toEqual({ kind: 'def_flags', mnemonics: [] });
    expect(await s.observe({ kind: 'VmLck' })).toEqual({ kind: 'VmLck', bytes: 0n });
    expect(await s.observe({ kind: 'vma', addr: a })).toEqual({ kind: 'vma', extent: null });
    // The new image goes on: a fork block and the end of the session still work.
    await s.forkEnter();
    expect(await s.forkExit()).toBe(0);
    await s.close();
  });
});

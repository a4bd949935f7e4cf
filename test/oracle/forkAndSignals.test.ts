import { afterAll, describe, expect, it } from 'vitest';
import { kernelEngine } from '../../src/oracle/kernelEngine.js';
import {
  MAP_ANON,
  MAP_LOCKED,
  MAP_SHARED,
  P,
  PROT_NONE,
  PROT_READ,
  PROT_RW,
  SKIP_REASON,
  call,
  kernelTestsSkipped,
  mmapAt,
  value,
} from './kernelTestKit.js';

describe.skipIf(kernelTestsSkipped)(`fork blocks and signals${SKIP_REASON}`, () => {
  const engine = kernelEngine();
  afterAll(() => engine.close());
  const setup = { rlimitMemlock: null, capIpcLock: true };

  it('a fork child sees no lo and no locked_vm; the parent keeps both', async () => {
    const s = await engine.start(setup);
    const a = await value(s, mmapAt(0, 2n * P, PROT_RW, MAP_ANON | MAP_LOCKED));
    await s.forkEnter();
    const child = await s.observe({ kind: 'vmflags', addr: a });
    expect(child.kind === 'vmflags' && child.mnemonics).not.toContain('lo');
    expect(await s.observe({ kind: 'VmLck' })).toEqual({ kind: 'VmLck', bytes: 0n });
    await s.forkEnter(); // nested
    expect(await s.call(call('mlock', a, P))).toEqual({ kind: 'value', value: 0n });
    expect(await s.observe({ kind: 'VmLck' })).toEqual({ kind: 'VmLck', bytes: P });
    expect(await s.forkExit()).toBe(0);
    expect(await s.observe({ kind: 'VmLck' })).toEqual({ kind: 'VmLck', bytes: 0n });
    expect(await s.forkExit()).toBe(0);
    const parent = await s.observe({ kind: 'vmflags', addr: a });
    expect(parent.kind === 'vmflags' && parent.mnemonics).toContain('lo');
    expect(await s.observe({ kind: 'VmLck' })).toEqual({ kind: 'VmLck', bytes: 2n * P });
    await s.close();
  });

  it('close inside a fork block ends every level', async () => {
    const s = await engine.start(setup);
    await s.forkEnter();
    await s.forkEnter();
    await s.close();
    const next = await engine.start(setup);
    expect(await next.observe({ kind: 'VmLck' })).toEqual({ kind: 'VmLck', bytes: 0n });
    await next.close();
  });

  it('SIGBUS past the end of a tmpfile mapping, SIGSEGV on PROT_NONE and unmapped memory', async () => {
    const s = await engine.start(setup);
    const fd = await value(s, call('tmpfile', P));
    const b = await value(s, mmapAt(0, 2n * P, PROT_READ, MAP_SHARED, fd));
    expect(await s.call(call('read', b))).toEqual({ kind: 'value', value: 0n });
    expect(await s.call(call('read', b + P))).toEqual({ kind: 'signal', signal: 'SIGBUS' });
    const n = await value(s, mmapAt(1, P, PROT_NONE, MAP_ANON));
    expect(await s.call(call('write', n, 1n))).toEqual({ kind: 'signal', signal: 'SIGSEGV' });
    expect(await s.call(call('read', n + 0x1000_0000n))).toEqual({
      kind: 'signal',
      signal: 'SIGSEGV',
    });
    // The session goes on after a signal.
    expect(await s.call(call('read', b))).toEqual({ kind: 'value', value: 0n });
    await s.close();
  });

  it('memfd_secret mappings are lo from the start (semantics 2.8)', async () => {
    const s = await engine.start(setup);
    const fd = await s.call(call('memfd_secret', 2n * P));
    if (fd.kind === 'value') {
      const m = await value(s, mmapAt(0, 2n * P, PROT_RW, MAP_SHARED, fd.value));
      const flags = await s.observe({ kind: 'vmflags', addr: m });
      expect(flags.kind === 'vmflags' && flags.mnemonics).toContain('lo');
      expect(await s.call(call('mlock', m, P))).toEqual({ kind: 'errno', errno: 'ENOMEM' });
    } else {
      expect(fd).toEqual({ kind: 'errno', errno: 'ENOSYS' }); // secretmem disabled on this host
    }
    await s.close();
  });

  it('a trace process that dies breaks its session with a clear error; the engine goes on', async () => {
    const s = await engine.start(setup);
    const stack = await value(s, { call: 'existing', args: [], name: '[stack]' });
    // Unmapping its own stack kills the trace process the moment it returns from the call.
    const vma = await s.observe({ kind: 'vma', addr: stack });
    const end = vma.kind === 'vma' && vma.extent !== null ? vma.extent.end : stack + 0x1000n;
    await expect(s.call(call('munmap', stack, end - stack))).rejects.toThrow(
      /trace process was killed by signal 11/,
    );
    await expect(s.observe({ kind: 'VmLck' })).rejects.toThrow(/signal 11/);
    await s.close();
    const next = await engine.start(setup);
    await next.close();
  });
});

import { afterAll, describe, expect, it } from 'vitest';
import { kernelEngine } from '../../src/oracle/kernelEngine.js';
import { UnsupportedSetupError } from '../../src/uapi/engine.js';
import {
  MAP_ANON,
  MAP_LOCKED,
  P,
  PROT_RW,
  SKIP_REASON,
  call,
  kernelTestsSkipped,
  mmapAt,
  value,
} from './kernelTestKit.js';

describe.skipIf(kernelTestsSkipped)(`RLIMIT_MEMLOCK and CAP_IPC_LOCK setup${SKIP_REASON}`, () => {
  const engine = kernelEngine();
  afterAll(() => engine.close());

  it('cap off + rlimit 0: mlock is EPERM (can_do_mlock)', async () => {
    const s = await engine.start({ rlimitMemlock: 0n, capIpcLock: false });
    const a = await value(s, mmapAt(0, P, PROT_RW, MAP_ANON));
    expect(await s.call(call('mlock', a, P))).toEqual({ kind: 'errno', errno: 'EPERM' });
    await s.close();
  });

  it('cap off + rlimit 4095: MAP_LOCKED is EAGAIN, mlock ENOMEM, and nothing is mapped', async () => {
    const s = await engine.start({ rlimitMemlock: 4095n, capIpcLock: false });
    expect(await s.call(mmapAt(0, P, PROT_RW, MAP_ANON | MAP_LOCKED))).toEqual({
      kind: 'errno',
      errno: 'EAGAIN',
    });
    const a = await value(s, mmapAt(1, P, PROT_RW, MAP_ANON));
    expect(await s.call(call('mlock', a, P))).toEqual({ kind: 'errno', errno: 'ENOMEM' });
    expect(await s.observe({ kind: 'vmas', addr: a - 0x4000_0000n, len: P })).toEqual({
      kind: 'vmas',
      count: 0,
    });
    await s.close();
  });

  it('cap off + rlimit 2P: mlock up to the limit, then ENOMEM', async () => {
    const s = await engine.start({ rlimitMemlock: 2n * P, capIpcLock: false });
    const a = await value(s, mmapAt(0, 4n * P, PROT_RW, MAP_ANON));
    expect(await s.call(call('mlock', a, 2n * P))).toEqual({ kind: 'value', value: 0n });
    expect(await s.call(call('mlock', a + 2n * P, P))).toEqual({ kind: 'errno', errno: 'ENOMEM' });
    expect(await s.observe({ kind: 'VmLck' })).toEqual({ kind: 'VmLck', bytes: 2n * P });
    await s.close();
  });

  it('restPages is the total_vm mlockall(MCL_CURRENT) compares with the limit', async () => {
    const probe = await engine.start({ rlimitMemlock: null, capIpcLock: true });
    const rest = BigInt(probe.restPages);
    await probe.close();
    const fits = await engine.start({ rlimitMemlock: rest * P, capIpcLock: false });
    expect(fits.restPages).toBe(Number(rest));
    expect(await fits.call(call('mlockall', 1n))).toEqual({ kind: 'value', value: 0n });
    await fits.close();
    const short = await engine.start({ rlimitMemlock: (rest - 1n) * P, capIpcLock: false });
    expect(await short.call(call('mlockall', 1n))).toEqual({ kind: 'errno', errno: 'ENOMEM' });
    await short.close();
  });

  it('cap on + unlimited runs even where the hard limit cannot be raised (the limit is unread)', async () => {
    const s = await engine.start({ rlimitMemlock: null, capIpcLock: true });
    const a = await value(s, mmapAt(0, 4n * P, PROT_RW, MAP_ANON | MAP_LOCKED));
    expect(await s.observe({ kind: 'pages', addr: a, len: 4n * P })).toEqual({
      kind: 'pages',
      letters: 'LLLL',
    });
    await s.close();
  });

  it('cap off + a limit above the hard limit is unsupported when it cannot be raised', async () => {
    const attempt = engine.start({ rlimitMemlock: 1n << 40n, capIpcLock: false });
    const session = await attempt.catch((e: unknown) => e);
    if (session instanceof UnsupportedSetupError) {
      expect(session.message).toMatch(
        /rlimit MEMLOCK 1099511627776 with CAP_IPC_LOCK off.*CAP_SYS_RESOURCE/,
      );
    } else if (session instanceof Error) {
      throw session;
    } else {
      // This host may raise hard limits (CAP_SYS_RESOURCE): then the limit is really set.
      expect((session as { rlimitMemlock: bigint | null }).rlimitMemlock).toBe(1n << 40n);
      await (session as { close(): Promise<void> }).close();
    }
    // The executor stays usable after a refused setup.
    const s = await engine.start({ rlimitMemlock: 0n, capIpcLock: false });
    await s.close();
  });

  it('mid-trace: setrlimit lowers the limit, a raise is EPERM (no CAP_SYS_RESOURCE); capset drops and takes back CAP_IPC_LOCK', async () => {
    const s = await engine.start({ rlimitMemlock: 4n * P, capIpcLock: true });
    const a = await value(s, mmapAt(0, 4n * P, PROT_RW, MAP_ANON));
    expect(await s.call(call('mlock', a, 2n * P))).toEqual({ kind: 'value', value: 0n });
    expect(await s.call(call('setrlimit', 8n, P))).toEqual({ kind: 'value', value: 0n });
    expect(await s.call(call('setrlimit', 8n, 4n * P))).toEqual({ kind: 'errno', errno: 'EPERM' });
    expect(await s.call(call('mlock', a + 2n * P, P))).toEqual({ kind: 'value', value: 0n });
    expect(await s.call(call('capset', 14n, 0n))).toEqual({ kind: 'value', value: 0n });
    expect(await s.call(call('mlock', a, P))).toEqual({ kind: 'errno', errno: 'ENOMEM' });
    expect(await s.call(call('capset', 14n, 1n))).toEqual({ kind: 'value', value: 0n });
    expect(await s.call(call('mlock', a + 3n * P, P))).toEqual({ kind: 'value', value: 0n });
    expect(await s.observe({ kind: 'VmLck' })).toEqual({ kind: 'VmLck', bytes: 4n * P });
    await s.close();
  });
});

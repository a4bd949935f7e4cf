import { afterAll, describe, expect, it } from 'vitest';
import {
  SAFETY_LIMIT_BYTES,
  SafetyLimitError,
  kernelEngine,
} from '../../src/oracle/kernelEngine.js';
import { SafetyBudget } from '../../src/oracle/_internals/safetyBudget.js';
import { UnavailableObservableError } from '../../src/uapi/engine.js';
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

const MiB = 1n << 20n;

describe('the 64 MiB safety limit (driver side)', () => {
  it('counts mmap and mremap lengths together, and mlock lengths apart', () => {
    const budget = new SafetyBudget();
    budget.charge(mmapAt(0, 32n * MiB, PROT_RW, MAP_ANON));
    budget.charge(call('mremap', 0n, 0n, 32n * MiB, 1n));
    expect(() => budget.charge(mmapAt(1, 1n, PROT_RW, MAP_ANON))).toThrow(SafetyLimitError);
    budget.charge(call('mlock', 0n, SAFETY_LIMIT_BYTES));
    expect(() => budget.charge(call('mlock2', 0n, 1n, 0n))).toThrow(
      /ask mlock for 65540 KiB in all, more than the budget of 64 MiB/,
    );
  });

  it('rounds lengths as the kernel does, so a wrapping length passes', () => {
    const budget = new SafetyBudget();
    budget.charge(call('mlock', 0x2000_0000_0000n, (1n << 64n) - 1n)); // PAGE_ALIGN wraps to 0
    budget.charge(mmapAt(0, (1n << 64n) - 1n, PROT_RW, MAP_ANON));
    expect(() => budget.charge(call('mlock', 0x2000_0000_0001n, SAFETY_LIMIT_BYTES))).toThrow(
      SafetyLimitError,
    );
  });
});

describe.skipIf(kernelTestsSkipped)(
  `limits and unavailable observables on the real kernel${SKIP_REASON}`,
  () => {
    const engine = kernelEngine();
    const blind = kernelEngine({ pretendKpageflagsUnreadable: true });
    afterAll(async () => {
      await engine.close();
      await blind.close();
    });
    const setup = { rlimitMemlock: null, capIpcLock: true };

    it('refuses a mapping over the limit before the kernel sees it', async () => {
      const s = await engine.start(setup);
      await value(s, mmapAt(0, 48n * MiB, PROT_RW, MAP_ANON));
      await expect(s.call(mmapAt(1, 17n * MiB, PROT_RW, MAP_ANON))).rejects.toThrow(
        SafetyLimitError,
      );
      expect(await s.observe({ kind: 'vmas', addr: 0x2000_4000_0000n, len: P })).toEqual({
        kind: 'vmas',
        count: 0,
      });
      await s.close();
    });

    it('lists pages as unavailable with the reason, throws for it, and checks the rest', async () => {
      // The system's counters are never a trace's own on the host (only on a guest).
      const counters = (['Mlocked', 'Unevictable'] as const).map((kind) => ({
        kind,
        reason: expect.stringMatching(/system-wide/) as unknown,
      }));
      expect(await engine.unavailable()).toEqual(counters);
      expect(await blind.unavailable()).toEqual([
        ...counters,
        { kind: 'pages', reason: expect.stringMatching(/kpageflags/) as unknown },
        { kind: 'page', reason: expect.stringMatching(/kpageflags/) as unknown },
      ]);
      const s = await blind.start(setup);
      const a = await value(s, mmapAt(0, P, PROT_RW, MAP_ANON));
      const seen = await s.observe({ kind: 'pages', addr: a, len: P }).catch((e: unknown) => e);
      expect(seen).toBeInstanceOf(UnavailableObservableError);
      expect(seen).toMatchObject({ observable: 'pages' });
      expect(await s.observe({ kind: 'vma', addr: a })).toEqual({
        kind: 'vma',
        extent: { start: a, end: a + P },
      });
      await s.close();
    });
  },
);

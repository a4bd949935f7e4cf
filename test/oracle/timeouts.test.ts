import { describe, expect, it } from 'vitest';
import { kernelEngine } from '../../src/oracle/kernelEngine.js';
import { SKIP_REASON, kernelTestsSkipped } from './kernelTestKit.js';

describe.skipIf(kernelTestsSkipped)(`time limits${SKIP_REASON}`, () => {
  it('a trace past its alarm is killed; its session fails clearly and the engine recovers', async () => {
    const engine = kernelEngine({ traceTimeoutSeconds: 1 });
    try {
      const s = await engine.start({ rlimitMemlock: null, capIpcLock: true });
      await new Promise((resolve) => setTimeout(resolve, 1500));
      await expect(s.observe({ kind: 'VmLck' })).rejects.toThrow(
        /trace process was killed by signal 14 \(SIGALRM\) \(the per-trace time limit\)/,
      );
      await s.close();
      const next = await engine.start({ rlimitMemlock: null, capIpcLock: true });
      expect(await next.observe({ kind: 'VmLck' })).toEqual({ kind: 'VmLck', bytes: 0n });
      await next.close();
    } finally {
      await engine.close();
    }
  });
});

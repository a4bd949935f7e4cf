// VmData on this machine's kernel through the executor: /proc/self/status's data_vm less the
// executor's own data mappings, so a trace reads its own private writable mappings alone.

import { afterAll, describe, expect, it } from 'vitest';
import { kernelEngine } from '../../src/oracle/kernelEngine.js';
import * as K from './kernelTestKit.js';

const MAP_ANONYMOUS = 0x20n;

describe.skipIf(K.kernelTestsSkipped)(`VmData on the kernel${K.SKIP_REASON}`, () => {
  const engine = kernelEngine();
  afterAll(() => engine.close());
  const setup = { rlimitMemlock: null, capIpcLock: true };
  const vmData = (bytes: bigint) => ({ kind: 'VmData', bytes });

  it('starts at 0 and counts private writable mappings only', async () => {
    const s = await engine.start(setup);
    expect(await s.observe({ kind: 'VmData' })).toEqual(vmData(0n));
    const a = await K.value(s, K.mmapAt(0, 8n * K.P, K.PROT_RW, K.MAP_ANON));
    await K.value(s, K.mmapAt(1, 8n * K.P, K.PROT_RW, K.MAP_SHARED | MAP_ANONYMOUS));
    expect(await s.observe({ kind: 'VmData' })).toEqual(vmData(8n * K.P));
    await K.value(s, K.call('mprotect', a, 2n * K.P, K.PROT_READ));
    expect(await s.observe({ kind: 'VmData' })).toEqual(vmData(6n * K.P));
    await s.close();
  });

  it('is 0 again in the image an execve makes', async () => {
    const s = await engine.start(setup);
    await K.value(s, K.mmapAt(0, 4n * K.P, K.PROT_RW, K.MAP_ANON));
    expect(await s.call(K.call('execve'))).toEqual({ kind: 'value', value: 0n });
    expect(await s.observe({ kind: 'VmData' })).toEqual(vmData(0n));
    await s.close();
  });
});

// The environment's failures on this machine's kernel (issue 14.3): the VM_FAULT_SIGBUS litmus
// traces of spec/litmus/env, made real by a userfaultfd with UFFD_FEATURE_SIGBUS, agree with
// the model; a failure no kernel here can be told to cause is refused with the reason.

import { afterAll, describe, expect, it } from 'vitest';
import { readdirSync } from 'node:fs';
import { kernelEngine } from '../../src/oracle/kernelEngine.js';
import { runCli } from '../runCli.js';
import * as K from './kernelTestKit.js';

const SIGBUS_TRACES = readdirSync('spec/litmus/env')
  .filter((f) => f.startsWith('VM_FAULT_SIGBUS+'))
  .map((f) => `spec/litmus/env/${f}`);

describe.skipIf(K.kernelTestsSkipped)(`injected faults on the kernel${K.SKIP_REASON}`, () => {
  const engine = kernelEngine();
  afterAll(() => engine.close());

  it('the VM_FAULT_SIGBUS traces hold on the kernel and on the model alike', async () => {
    expect(SIGBUS_TRACES.length).toBeGreaterThanOrEqual(4);
    const r = await runCli(['run', '--compare', ...SIGBUS_TRACES]);
    expect(r.stdout).toMatch(
      new RegExp(
        `# total: ${SIGBUS_TRACES.length} traces, \\d+ held, 0 failed, 0 could not run, 0 differences`,
      ),
    );
    expect(r.status).toBe(0);
  }, 120_000);

  it('an injection lasts one call: the next fault of the page succeeds', async () => {
    const s = await engine.start({ rlimitMemlock: null, capIpcLock: true });
    const a = await K.value(s, K.mmapAt(0, 2n * K.P, K.PROT_RW, K.MAP_ANON));
    const read = { ...K.call('read', a), inject: [{ fault: 'VM_FAULT_SIGBUS' as const, addr: a }] };
    expect(await s.call(read)).toEqual({ kind: 'signal', signal: 'SIGBUS' });
    expect(await s.call(K.call('read', a))).toEqual({ kind: 'value', value: 0n });
    await s.close();
  });

  it('VM_FAULT_OOM cannot be caused here: the run stops with the reason', async () => {
    const s = await engine.start({ rlimitMemlock: null, capIpcLock: true });
    const a = await K.value(s, K.mmapAt(0, 2n * K.P, K.PROT_RW, K.MAP_ANON));
    const read = { ...K.call('read', a), inject: [{ fault: 'VM_FAULT_OOM' as const, addr: a }] };
    await expect(s.call(read)).rejects.toThrow(/inject VM_FAULT_OOM: this kernel cannot/);
    await s.close();
  });
});

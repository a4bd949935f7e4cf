// `thp on` on this machine's kernel (issue 14 item 4): the executor clears PR_SET_THP_DISABLE
// for the trace, so an aligned MADV_HUGEPAGE region faults in one PMD-mapped huge folio, read
// back through kpageflags (thp, head, tail) and smaps (AnonHugePages); without it the same
// fault maps one 4 KiB page. The spec/litmus/thp traces hold here. Skipped where the host's
// THP mode is `never` or missing (the trace is then Unsupported, which the last test shows).

import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { kernelEngine } from '../../src/oracle/kernelEngine.js';
import { UnsupportedSetupError } from '../../src/uapi/engine.js';
import { runCli } from '../runCli.js';
import * as K from './kernelTestKit.js';

const MODE = '/sys/kernel/mm/transparent_hugepage/enabled';
const thpMode = existsSync(MODE) ? (/\[(\w+)\]/.exec(readFileSync(MODE, 'utf8'))?.[1] ?? '') : '';
const HUGE = 512n * K.P;
const MADV_HUGEPAGE = 14n;
const THP_TRACES = readdirSync('spec/litmus/thp')
  .filter((f) => f.endsWith('.mmt'))
  .map((f) => `spec/litmus/thp/${f}`);

describe.skipIf(K.kernelTestsSkipped)(`thp on the kernel${K.SKIP_REASON}`, () => {
  const engine = kernelEngine();
  afterAll(() => engine.close());

  async function faultHuge(thp: boolean) {
    const s = await engine.start({ rlimitMemlock: null, capIpcLock: true, thp });
    const a = await K.value(s, K.mmapAt(0, HUGE, K.PROT_RW, K.MAP_ANON));
    expect(await s.call(K.call('madvise', a, HUGE, MADV_HUGEPAGE))).toEqual({
      kind: 'value',
      value: 0n,
    });
    await s.call(K.call('write', a + K.P, 1n));
    const head = await s.observe({ kind: 'page', addr: a });
    const tail = await s.observe({ kind: 'page', addr: a + 511n * K.P });
    const huge = await s.observe({ kind: 'AnonHugePages' });
    await s.close();
    return { head, tail, huge };
  }

  it.skipIf(thpMode !== 'always' && thpMode !== 'madvise')(
    'thp on: one PMD-mapped huge folio; thp off: one 4 KiB page',
    async () => {
      expect(await faultHuge(true)).toEqual({
        head: { kind: 'page', flags: ['present', 'anon', 'thp', 'head'] },
        tail: { kind: 'page', flags: ['present', 'anon', 'thp', 'tail'] },
        huge: { kind: 'AnonHugePages', bytes: HUGE },
      });
      expect(await faultHuge(false)).toEqual({
        head: { kind: 'page', flags: [] },
        tail: { kind: 'page', flags: [] },
        huge: { kind: 'AnonHugePages', bytes: 0n },
      });
    },
  );

  it.skipIf(thpMode !== 'always' && thpMode !== 'madvise')(
    'the spec/litmus/thp traces hold on this kernel',
    async () => {
      expect(THP_TRACES.length).toBeGreaterThanOrEqual(9);
      const r = await runCli(['run', '--kernel', ...THP_TRACES]);
      expect(r.stdout).toMatch(
        new RegExp(`# total: ${THP_TRACES.length} traces, \\d+ held, 0 failed, 0 could not run`),
      );
      expect(r.status).toBe(0);
    },
    120_000,
  );

  it.skipIf(thpMode !== 'never')('thp on where the mode is never: Unsupported', async () => {
    await expect(
      engine.start({ rlimitMemlock: null, capIpcLock: true, thp: true }),
    ).rejects.toThrow(UnsupportedSetupError);
  });
});

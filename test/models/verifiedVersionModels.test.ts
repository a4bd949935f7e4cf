// Issue 14 item 2: the known violations of a registered model are claims with their expected
// verdict (models/expectedVerdicts.ts), so `mmspec check` exits 0 listing them as expected and
// 1 on anything else. Held here for every version model a kernel here can verify (a registered
// model named as a Debian guest target), on a small bound with the edge arguments: depth 2
// reaches the one-call and two-call version differences (an unknown flag or advice, a hole),
// and each one the guests showed is found and listed as expected, not merely absent.

import { describe, expect, it } from 'vitest';
import { REGISTERED } from '../../models/registry.js';
import { DEBIAN_KERNELS } from '../../src/oracle/targets/kernelTargets.js';
import { runCli } from '../runCli.js';

const BOUND = 'regions=2,pages=2,depth=2,args=edge';

/** The registered models a guest (or the host, 6.18) holds to the litmus corpus. */
const VERIFIED = REGISTERED.map((m) => m.name).filter((name) =>
  DEBIAN_KERNELS.some((k) => k.target === name),
);

/** The differences of each version this bound must find, each verified on that version's guest. */
const FOUND: Readonly<Record<string, readonly string[]>> = {
  // A new_len past TASK_SIZE is ENOMEM before 6.17 (mremap+new_len_past_task_size.mmt).
  'linux-6.12': ['mremapBadArgumentsRefused'],
  // MAP_SHARED_VALIDATE|MAP_ABOVE4G is EOPNOTSUPP before 6.6 (MAP_SHARED_VALIDATE+MAP_ABOVE4G.mmt).
  'linux-6.1': ['mmapRefusalsInOrder', 'mmapPostcondition', 'mremapBadArgumentsRefused'],
  // ... and MADV_POPULATE_* (5.14) and MADV_DONTNEED_LOCKED (5.18) are unknown advice
  // (madvise+unmapped.mmt).
  'linux-5.10': [
    'mmapRefusalsInOrder',
    'madvisePopulateErrno',
    'madviseRefusalsJustified',
    'madviseHoleIsEnomem',
    'mremapRefusalsJustified',
    'mremapBadArgumentsRefused',
  ],
};

interface PropertyReport {
  readonly name: string;
  readonly verdict: string;
  readonly expected: string | null;
}

describe('the version models verified on a kernel here', () => {
  it('are the guests 5.10 to 7.3 and 6.18', () => {
    expect(VERIFIED).toEqual(
      expect.arrayContaining(['linux-5.10', 'linux-6.1', 'linux-6.12', 'linux-6.18', 'linux-7.3']),
    );
  });

  it.each(VERIFIED)(
    '%s: check on a small edge bound exits 0, every violation expected',
    async (model) => {
      const r = await runCli([
        'check',
        '--model',
        model,
        '--bound',
        BOUND,
        '--workers',
        '1',
        '--json',
      ]);
      const report = JSON.parse(r.stdout) as { properties: readonly PropertyReport[] };
      const violated = report.properties.filter((p) => p.verdict !== 'holds');
      expect(
        violated.filter((p) => p.expected === null).map((p) => `${p.name}: ${p.verdict}`),
      ).toEqual([]);
      expect(violated.map((p) => p.name)).toEqual(
        expect.arrayContaining([...(FOUND[model] ?? [])]),
      );
      expect(r.status).toBe(0);
    },
    60_000,
  );
});

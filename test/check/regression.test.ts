// Regression mode (`check --against BASE`) and the accounting split: every planted model,
// checked against linux-6.18 on a small bound, shows its planted fault as a new violation of a
// generic property; linux-6.18 against itself shows none; the MREMAP_DONTUNMAP leak is its
// own flag and no longer breaks the accounting invariant.

import { THREAD_PROPERTY_NAMES } from '../../src/check/kernelProperties.js';
import { describe, expect, it } from 'vitest';
import { checkKernel, markExpected, onlyExpected } from '../../src/check/checkKernel.js';
import type { KernelBound } from '../../src/check/kernelBound.js';
import { NOHUGEPAGE_KERNEL_BOUND, SMALL_KERNEL_BOUND } from '../../src/check/kernelBounds.js';
import { initialState } from '../../src/kernel/initialState.js';
import { step } from '../../src/kernel/step.js';
import { getModel } from '../../models/registry.js';
import { PLANTED } from '../../models/planted.js';
import { expectedViolations } from '../../models/expectedVerdicts.js';
import { DONTUNMAP_WITNESS } from '../../proofs/claims.js';
import { mremapDontunmapLeaksLockedVm } from '../../spec/invariants/flagged/mremapDontunmapLeaksLockedVm.js';
import { lockedVmMatchesLockedVmas } from '../../spec/invariants/lockedVmMatchesLockedVmas.js';
import type { Transition } from '../../spec/invariants/index.js';

const linux = getModel('linux-6.18');

/** mlockall(MCL_FUTURE) before execve; no tmpfile, which only makes the bound bigger here. */
const EXECVE_BOUND: KernelBound = {
  ...SMALL_KERNEL_BOUND,
  name: 'execve',
  regions: 1,
  filePages: 0,
  calls: ['mmap', 'mlockall', 'execve'],
};

/** The generic property each planted fault must break, and the bound that reaches it. */
const CAUGHT_BY: Readonly<Record<string, readonly [string, KernelBound]>> = {
  'planted:mcl-current-keeps-future': ['mclFutureClearingConsistent', SMALL_KERNEL_BOUND],
  'planted:map-populate-foll': ['mapPopulateFaultsEverything', SMALL_KERNEL_BOUND],
  'planted:mlockall-clears-def-flags': ['mclFutureClearingConsistent', NOHUGEPAGE_KERNEL_BOUND],
  'planted:mcl-future-unlocks': ['mclFutureAloneKeepsVmas', SMALL_KERNEL_BOUND],
  'planted:rlimit-whole-credit': ['lockLimitRespected', SMALL_KERNEL_BOUND],
  'planted:relock-charged': ['lockLimitRespected', SMALL_KERNEL_BOUND],
  'planted:limit-off-by-one': ['lockLimitRespected', SMALL_KERNEL_BOUND],
  'planted:populate-write-unknown': ['madvisePopulateErrno', SMALL_KERNEL_BOUND],
  'planted:mlockall-limit-late': ['mclFutureClearingConsistent', SMALL_KERNEL_BOUND],
  'planted:smaps-hides-lf': ['smapsShowsLockBits', SMALL_KERNEL_BOUND],
  'planted:mlockall-onfault-dropped': ['lockCallsChangeOnlyLockBits', SMALL_KERNEL_BOUND],
  'planted:mlockall-future-onfault-einval': ['refusalsJustified', SMALL_KERNEL_BOUND],
  'planted:future-limit-off-by-one': ['lockLimitExact', SMALL_KERNEL_BOUND],
  'planted:fork-keeps-lockonfault': ['forkChildInherits', SMALL_KERNEL_BOUND],
  'planted:mm-init-keeps-mcl-future': ['execveResets', EXECVE_BOUND],
};

describe('check --against linux-6.18', () => {
  it('names a generic property for every planted model', () => {
    expect(Object.keys(CAUGHT_BY).sort()).toEqual(PLANTED.map((m) => m.name).sort());
  });

  for (const model of PLANTED) {
    const [property, bound] = CAUGHT_BY[model.name] ?? ['', SMALL_KERNEL_BOUND];
    it(`${model.name}: a new violation of ${property}`, async () => {
      const report = await checkKernel(model, bound, { properties: [property], against: linux });
      expect(report.against).toBe('linux-6.18');
      expect(report.properties.map((p) => [p.name, p.verdict])).toEqual([[property, 'violated']]);
    }, 60_000);
  }

  it('linux-6.18 against itself: every violation is shared, none is new', async () => {
    const report = await checkKernel(linux, SMALL_KERNEL_BOUND, { against: linux });
    expect(report.properties.filter((p) => p.verdict !== 'holds')).toEqual([]);
  }, 60_000);

  it('linux-6.18 alone: every violation is a known one (models/expectedVerdicts.ts)', async () => {
    const raw = await checkKernel(linux, SMALL_KERNEL_BOUND);
    const report = markExpected(raw, expectedViolations('linux-6.18'));
    expect(onlyExpected(report)).toBe(true);
    const violated = report.properties.filter((p) => p.verdict === 'violated').map((p) => p.name);
    // The thread properties are judged on the threads bound only (test/check/threadsBound.test.ts).
    const singleThreaded = Object.keys(expectedViolations('linux-6.18')).filter(
      (n) => !THREAD_PROPERTY_NAMES.includes(n),
    );
    expect(violated.sort()).toEqual(singleThreaded.sort());
    expect(onlyExpected(raw)).toBe(false);
  }, 60_000);
});

describe('the MREMAP_DONTUNMAP leak, apart from the accounting', () => {
  const run = (): Transition[] => {
    let state = initialState({ rlimitMemlock: null, capIpcLock: true });
    const steps: Transition[] = [];
    for (const call of DONTUNMAP_WITNESS) {
      const next = step(linux, state, call);
      steps.push({ before: state, call, result: next.result, after: next.state });
      state = next.state;
    }
    return steps;
  };

  it('raises the flag on 6.18, and the accounting invariant holds', () => {
    const steps = run();
    expect(steps.map((t) => mremapDontunmapLeaksLockedVm.raised(t))).toEqual([false, true]);
    expect(steps.every((t) => lockedVmMatchesLockedVmas.holds(t))).toBe(true);
  });

  it('still catches a charge the flags do not explain', () => {
    const [mmap] = run();
    if (mmap === undefined) throw new Error('no mmap step');
    const mm = mmap.after.procs[0];
    if (mm === undefined) throw new Error('no process');
    const wrong = { ...mmap.after, procs: [{ ...mm, lockedVm: mm.lockedVm + 1 }] };
    expect(lockedVmMatchesLockedVmas.holds({ ...mmap, after: wrong })).toBe(false);
  });
});

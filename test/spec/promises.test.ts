// The promises of spec/invariants/promises.ts hold on 6.18's own steps and fail on a step
// that breaks them: each is shown a run of linux-6.18, then the same run with the one thing
// the property forbids changed by hand.

import { describe, expect, it } from 'vitest';
import { getModel } from '../../models/registry.js';
import { initialState } from '../../src/kernel/initialState.js';
import { PageRuns } from '../../src/kernel/pageRuns.js';
import type { KernelCall } from '../../src/kernel/call.js';
import { step } from '../../src/kernel/step.js';
import type { KernelState } from '../../src/kernel/state.js';
import { MADV_POPULATE_WRITE } from '../../src/uapi/constants.js';
import { enomemOnlyUnmapped } from '../../spec/invariants/enomemOnlyUnmapped.js';
import { lockCallsChangeOnlyLockBits } from '../../spec/invariants/lockCallsChangeOnlyLockBits.js';
import { lockPostcondition } from '../../spec/invariants/lockPostcondition.js';
import { mlockallCurrentPostcondition } from '../../spec/invariants/mlockallCurrentPostcondition.js';
import { lockOnFaultMlocksPresent } from '../../spec/invariants/lockOnFaultMlocksPresent.js';
import { lockingKeepsData } from '../../spec/invariants/lockingKeepsData.js';
import { madvisePopulateErrno } from '../../spec/invariants/madvisePopulateErrno.js';
import type { Transition } from '../../spec/invariants/index.js';

const linux = getModel('linux-6.18');
const P = 4096n;

/** mmap 2 private anonymous pages, then `call` on them (its address filled in). */
function run(call: (a: bigint) => KernelCall): Transition {
  const s0 = initialState({ rlimitMemlock: null, capIpcLock: true });
  const m = step(linux, s0, { call: 'mmap', args: [0n, 2n * P, 3n, 0x22n, -1n, 0n] });
  const a = m.result.kind === 'value' ? m.result.value : 0n;
  const c = call(a);
  const r = step(linux, m.state, c);
  return { before: m.state, call: c, result: r.result, after: r.state };
}

/** `s` with every page's PG_mlocked cleared and the batch drained. */
function unmlocked(s: KernelState): KernelState {
  const pages = PageRuns.of(
    [...s.pages.entries()].map(([id, p]) => [id, { ...p, mlocked: false }]),
  );
  return { ...s, pages, mlockBatch: [], mlockUncertain: [] };
}

describe('the promises', () => {
  it('lockPostcondition: mlock leaves the range present and mlocked', () => {
    const t = run((a) => ({ call: 'mlock', args: [a, 2n * P] }));
    expect(t.result).toEqual({ kind: 'value', value: 0n });
    expect(lockPostcondition.holds(t)).toBe(true);
    expect(lockPostcondition.holds({ ...t, after: unmlocked(t.after) })).toBe(false);
  });

  it('lockOnFaultMlocksPresent: mlock2(MLOCK_ONFAULT) mlocks the pages MAP_POPULATE made present', () => {
    const s0 = initialState({ rlimitMemlock: null, capIpcLock: true });
    const m = step(linux, s0, { call: 'mmap', args: [0n, 2n * P, 3n, 0x8022n, -1n, 0n] });
    const a = m.result.kind === 'value' ? m.result.value : 0n;
    const c: KernelCall = { call: 'mlock2', args: [a, 2n * P, 1n] };
    const r = step(linux, m.state, c);
    const t: Transition = { before: m.state, call: c, result: r.result, after: r.state };
    expect(t.result).toEqual({ kind: 'value', value: 0n });
    expect(lockOnFaultMlocksPresent.holds(t)).toBe(true);
    expect(lockOnFaultMlocksPresent.holds({ ...t, after: unmlocked(t.after) })).toBe(false);
    // lockPostcondition judges the populating lock calls alone.
    expect(lockPostcondition.holds({ ...t, after: unmlocked(t.after) })).toBe(true);
  });

  it('mlockallCurrentPostcondition: mlockall(MCL_CURRENT) leaves the mapping present and mlocked', () => {
    const t = run(() => ({ call: 'mlockall', args: [1n] }));
    expect(t.result).toEqual({ kind: 'value', value: 0n });
    expect(mlockallCurrentPostcondition.holds(t)).toBe(true);
    expect(mlockallCurrentPostcondition.holds({ ...t, after: unmlocked(t.after) })).toBe(false);
    // The mlock half judges mlock and mlock2 alone.
    expect(lockPostcondition.holds({ ...t, after: unmlocked(t.after) })).toBe(true);
  });

  it('lockCallsChangeOnlyLockBits: an mlock that returns 0 and leaves the VMAs as they were', () => {
    const t = run((a) => ({ call: 'mlock', args: [a, 2n * P] }));
    expect(lockCallsChangeOnlyLockBits.holds(t)).toBe(true);
    expect(lockCallsChangeOnlyLockBits.holds({ ...t, after: t.before })).toBe(false);
    // Twice is once: the second mlock finds the bits set and may leave the same list.
    const again = step(linux, t.after, t.call);
    expect(again.result).toEqual({ kind: 'value', value: 0n });
    expect(lockCallsChangeOnlyLockBits.holds({ ...t, before: t.after, after: again.state })).toBe(
      true,
    );
  });

  it('enomemOnlyUnmapped: ENOMEM for a fully mapped range is wrong', () => {
    const t = run((a) => ({ call: 'munlock', args: [a, 2n * P] }));
    expect(enomemOnlyUnmapped.holds(t)).toBe(true);
    expect(enomemOnlyUnmapped.holds({ ...t, result: { kind: 'errno', errno: 'ENOMEM' } })).toBe(
      false,
    );
    const hole = run((a) => ({ call: 'munlock', args: [a, 3n * P] }));
    expect(hole.result).toEqual({ kind: 'errno', errno: 'ENOMEM' });
    expect(enomemOnlyUnmapped.holds(hole)).toBe(true);
  });

  it('madvisePopulateErrno: success on a writable range, not EINVAL', () => {
    const advice = BigInt(MADV_POPULATE_WRITE);
    const t = run((a) => ({ call: 'madvise', args: [a, 2n * P, advice] }));
    expect(t.result).toEqual({ kind: 'value', value: 0n });
    expect(madvisePopulateErrno.holds(t)).toBe(true);
    expect(madvisePopulateErrno.holds({ ...t, result: { kind: 'errno', errno: 'EINVAL' } })).toBe(
      false,
    );
  });

  it('lockingKeepsData: mlock keeps the mapped extents', () => {
    const t = run((a) => ({ call: 'mlock', args: [a, 2n * P] }));
    expect(lockingKeepsData.holds(t)).toBe(true);
    const mm = t.after.procs[0];
    if (mm === undefined) throw new Error('no process');
    const grown = mm.vmas.map((v, i) => (i === 0 ? { ...v, start: v.start - 1 } : v));
    const after = { ...t.after, procs: [{ ...mm, vmas: grown }] };
    expect(lockingKeepsData.holds({ ...t, after })).toBe(false);
  });
});

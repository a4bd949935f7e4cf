// populatingNeverDirties holds on 6.18's locking and populating of shared pages, and fails on a
// model that populates writable shared mappings for writing, as mlock did before 5ecfda041e4b
// ("mlock: avoid dirtying pages and triggering writeback", 2.6.37).

import { describe, expect, it } from 'vitest';
import { getModel } from '../../models/registry.js';
import { initialState } from '../../src/kernel/initialState.js';
import { FOLL_WRITE, gupFlags } from '../../src/kernel/gup.js';
import type { KernelCall } from '../../src/kernel/call.js';
import { extend, type KernelModel } from '../../src/kernel/model.js';
import { step } from '../../src/kernel/step.js';
import { MADV_POPULATE_READ, MADV_POPULATE_WRITE } from '../../src/uapi/constants.js';
import { populatingNeverDirties } from '../../spec/invariants/populatingNeverDirties.js';
import type { Transition } from '../../spec/invariants/index.js';

const linux = getModel('linux-6.18');
const P = 4096n;
const RW = 3n;
const SHARED_ANON = 0x21n;

/** A shared anonymous (shmem) mapping of 2 pages, the call `first` on it, then `call`. */
function run(
  model: KernelModel,
  call: (a: bigint) => KernelCall,
  first?: (a: bigint) => KernelCall,
): Transition {
  const s0 = initialState({ rlimitMemlock: null, capIpcLock: true });
  const m = step(model, s0, { call: 'mmap', args: [0n, 2n * P, RW, SHARED_ANON, -1n, 0n] });
  const a = m.result.kind === 'value' ? m.result.value : 0n;
  const before = first === undefined ? m.state : step(model, m.state, first(a)).state;
  const c = call(a);
  const r = step(model, before, c);
  return { before, call: c, result: r.result, after: r.state };
}

const dirtyPages = (t: Transition) =>
  [...t.after.pages.entries()].filter(([, p]) => p.dirty).length;

describe('populatingNeverDirties', () => {
  it('holds for mlock and MADV_POPULATE_READ of shmem, which leave its pages clean', () => {
    for (const call of [
      (a: bigint): KernelCall => ({ call: 'mlock', args: [a, 2n * P] }),
      (a: bigint): KernelCall => ({
        call: 'madvise',
        args: [a, 2n * P, BigInt(MADV_POPULATE_READ)],
      }),
    ]) {
      const t = run(linux, call);
      expect(t.result).toEqual({ kind: 'value', value: 0n });
      expect(dirtyPages(t)).toBe(0);
      expect(populatingNeverDirties.holds(t)).toBe(true);
    }
  });

  it('does not judge MADV_POPULATE_WRITE, which dirties by design', () => {
    const t = run(linux, (a) => ({
      call: 'madvise',
      args: [a, 2n * P, BigInt(MADV_POPULATE_WRITE)],
    }));
    expect(dirtyPages(t)).toBe(2);
    expect(populatingNeverDirties.holds(t)).toBe(true);
  });

  it('keeps a page dirtied before the call out of it', () => {
    const t = run(
      linux,
      (a) => ({ call: 'mlock', args: [a, 2n * P] }),
      (a) => ({ call: 'madvise', args: [a, P, BigInt(MADV_POPULATE_WRITE)] }),
    );
    expect(dirtyPages(t)).toBe(1);
    expect(populatingNeverDirties.holds(t)).toBe(true);
  });

  it('fails when mlock populates a shared writable mapping for writing', () => {
    const writes = extend(linux, {
      name: 'test:mlock-dirties-shared',
      description: 'population asks FOLL_WRITE of every writable mapping, shared included',
      provenance: 'test',
      decisions: {
        populateGupFlags: (f) => {
          const flags = linux.decisions.populateGupFlags(f);
          return flags === null ? null : gupFlags(flags | FOLL_WRITE);
        },
      },
    });
    const t = run(writes, (a) => ({ call: 'mlock', args: [a, 2n * P] }));
    expect(dirtyPages(t)).toBe(2);
    expect(populatingNeverDirties.holds(t)).toBe(false);
  });
});

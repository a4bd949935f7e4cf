// Large anonymous folios (issue 14 item 4; src/kernel/hugePmd.ts, largeFolios.ts, mlockWalk.ts):
// the spec/litmus/thp traces held on each modelled version, the refusal of the others, the
// rules one by one on the step function, the encoding, and the properties that exempt or flag
// the pages of a PTE-mapped large folio.
import { readFileSync, readdirSync } from 'node:fs';
import { runTrace } from '../../src/runTrace.js';
import { describe, expect, it } from 'vitest';
import { ANON, P, Proc, RW } from './kit.js';
import { stateKey } from '../../src/kernel/encode.js';
import { observe } from '../../src/kernel/observe.js';
import type { KernelState } from '../../src/kernel/state.js';
import { getModel } from '../../models/registry.js';
import * as U from '../../src/uapi/constants.js';
import { lockPostcondition } from '../../spec/invariants/lockPostcondition.js';
import { lockedVmaPageMlocked } from '../../spec/invariants/lockedVmaPageMlocked.js';
import { lockedPageOfSplitFolioNotMlocked } from '../../spec/invariants/flagged/lockedPageOfSplitFolioNotMlocked.js';

const DIR = 'spec/litmus/thp';
const HUGE = 512n * P;

/** A `thp on` process with a 2 MiB MADV_HUGEPAGE region at `a`. */
function hugeRegion(model = 'linux-6.18'): { p: Proc; a: bigint } {
  const p = new Proc({ thp: true }, model);
  const r = p.do('mmap', 0n, HUGE, RW, ANON, -1n, 0n);
  if (r.kind !== 'value') throw new Error('mmap failed');
  const a = r.value;
  // The model's top-down search starts at a 2 MiB boundary (unmappedArea.ts).
  expect(a % HUGE).toBe(0n);
  expect(p.do('madvise', a, HUGE, U.MADV_HUGEPAGE)).toEqual({ kind: 'value', value: 0n });
  return { p, a };
}

const anonHuge = (s: KernelState): bigint => {
  const o = observe(s, { kind: 'AnonHugePages' }, new Set());
  return o.kind === 'AnonHugePages' ? o.bytes / P : -1n;
};
const flagsOf = (s: KernelState, addr: bigint): readonly string[] => {
  const o = observe(s, { kind: 'page', addr }, new Set());
  return o.kind === 'page' ? o.flags : [];
};

describe('spec/litmus/thp', () => {
  const traces = readdirSync(DIR).filter((n) => n.endsWith('.mmt'));
  it('holds at least ten traces', () => expect(traces.length).toBeGreaterThanOrEqual(10));
  for (const name of ['linux-6.18', 'linux-6.12', 'linux-7.3']) {
    it(`every trace holds on ${name}`, async () => {
      for (const file of traces) {
        const run = await runTrace(readFileSync(`${DIR}/${file}`, 'utf8'), { file, model: name });
        expect(run.outcome.unsupported, file).toEqual([]);
        const failed = run.verdicts.filter((v) => !v.held);
        expect(failed, file).toEqual([]);
      }
    });
  }
  for (const name of ['linux-6.1', 'linux-5.10', 'linux-4.4', 'nommu'])
    it(`${name} refuses thp on with its reason`, () => {
      expect(getModel(name).decisions.thpUnmodelled).toMatch(/^thp on: /);
    });
});

describe('huge PMD faults', () => {
  it('a write maps one PMD-mapped folio of 512 pages; thp off maps one 4 KiB page', () => {
    const { p, a } = hugeRegion();
    p.do('write', a + 7n * P, 1);
    expect(p.pages(a, 4)).toBe('pppp');
    expect(anonHuge(p.state)).toBe(512n);
    expect(flagsOf(p.state, a)).toEqual(['present', 'anon', 'thp', 'head']);
    expect(flagsOf(p.state, a + 511n * P)).toEqual(['present', 'anon', 'thp', 'tail']);
    expect(p.state.largeFolios?.length).toBe(1);
    const off = new Proc({}, 'linux-6.18');
    const r = off.do('mmap', 0n, HUGE, RW, ANON, -1n, 0n);
    if (r.kind !== 'value') throw new Error('mmap failed');
    off.do('madvise', r.value, HUGE, U.MADV_HUGEPAGE);
    off.do('write', r.value, 1);
    expect(off.pages(r.value, 2)).toBe('p.');
    expect(off.state.largeFolios).toBeUndefined();
    expect(off.flags(r.value)).toContain('hg');
  });

  it('needs VM_HUGEPAGE and the whole aligned 2 MiB inside the VMA', () => {
    const { p, a } = hugeRegion();
    p.do('madvise', a, HUGE, U.MADV_NOHUGEPAGE);
    expect(p.flags(a)).toContain('nh');
    p.do('write', a, 1);
    expect(p.pages(a, 2)).toBe('p.');
    const q = hugeRegion().p;
    const b = q.do('mmap', 0n, 511n * P, RW, ANON, -1n, 0n);
    if (b.kind !== 'value') throw new Error('mmap failed');
    q.do('madvise', b.value, 511n * P, U.MADV_HUGEPAGE);
    q.do('write', b.value, 1);
    expect(anonHuge(q.state)).toBe(0n);
  });

  it('a read maps the huge zero page on 6.18, a folio on 6.12; a write then maps a folio', () => {
    const { p, a } = hugeRegion();
    p.do('read', a + 2n * P);
    expect(p.pages(a, 3)).toBe('zzz');
    expect(flagsOf(p.state, a + P)).toEqual(['present', 'zero', 'thp', 'tail']);
    expect(anonHuge(p.state)).toBe(0n);
    p.do('write', a + P, 5);
    expect(anonHuge(p.state)).toBe(512n);
    expect(p.pages(a, 3)).toBe('ppp');
    const old = hugeRegion('linux-6.12');
    old.p.do('read', old.a);
    expect(anonHuge(old.p.state)).toBe(512n);
  });

  it('after fork, a write to the shared folio splits the PMD and copies one 4 KiB page', () => {
    const { p, a } = hugeRegion();
    p.do('write', a, 1);
    p.do('fork');
    expect(anonHuge(p.state)).toBe(512n);
    p.do('write', a + P, 2);
    expect(anonHuge(p.state)).toBe(0n);
    expect(flagsOf(p.state, a + P)).not.toContain('thp');
    expect(flagsOf(p.state, a + 2n * P)).toContain('thp');
    p.do('exit');
    expect(anonHuge(p.state)).toBe(512n);
  });

  it('MADV_DONTNEED of the whole PMD frees the folio, and the next fault maps a new one', () => {
    const { p, a } = hugeRegion();
    p.do('write', a, 1);
    p.do('madvise', a, HUGE, U.MADV_DONTNEED);
    expect(p.state.largeFolios).toBeUndefined();
    expect(p.state.procs[0]?.hugePmds).toBeUndefined();
    p.do('write', a, 1);
    expect(anonHuge(p.state)).toBe(512n);
  });
});

describe('PMD split and mlock of large folios', () => {
  it('a VMA split inside the PMD splits the PMD, not the folio, and dirties the folio', () => {
    const { p, a } = hugeRegion();
    p.do('write', a, 1);
    expect(flagsOf(p.state, a + 3n * P)).not.toContain('dirty');
    p.do('mprotect', a, P, U.PROT_READ);
    expect(anonHuge(p.state)).toBe(0n);
    expect(flagsOf(p.state, a + 3n * P)).toEqual(['present', 'anon', 'dirty', 'thp', 'tail']);
  });

  it('mlock of half mlocks none of the folio; munlock of half munlocks all of it', () => {
    const { p, a } = hugeRegion();
    p.do('write', a, 1);
    p.do('mlock', a, 256n * P);
    expect(p.vmLck()).toBe(256);
    expect(p.pages(a, 2)).toBe('pp');
    const q = hugeRegion().p;
    const b = q.state.procs[0]?.vmas.find((v) => v.end - v.start === 512)?.start ?? 0;
    const base = BigInt(b) * P;
    q.do('mlock', base, HUGE);
    expect(q.pages(base, 2)).toBe('LL');
    q.do('munlock', base, 256n * P);
    expect(q.pages(base + 256n * P, 2)).toBe('pp');
  });

  it('a split PMD keeps the folio mlocked on 6.18, munlocks it on 6.12', () => {
    for (const [model, letters] of [
      ['linux-6.18', 'LL'],
      ['linux-6.12', 'pp'],
    ] as const) {
      const { p, a } = hugeRegion(model);
      p.do('mlock', a, HUGE);
      p.do('mprotect', a + 256n * P, 256n * P, U.PROT_READ);
      expect(p.pages(a, 2), model).toBe(letters);
    }
  });
});

describe('encoding', () => {
  it('tells apart a large folio from 512 small pages, and a huge PMD from a split one', () => {
    const { p, a } = hugeRegion();
    p.do('write', a, 1);
    const s = p.state;
    const { largeFolios: _folios, ...small } = s;
    expect(stateKey(small)).not.toBe(stateKey(s));
    const mm = s.procs[0];
    if (mm === undefined) throw new Error('no process');
    const { hugePmds: _pmds, ...split } = mm;
    expect(stateKey({ ...s, procs: [split] })).not.toBe(stateKey(s));
  });

  it('appends its words after the rest, so a state without thp encodes as before', () => {
    const { p, a } = hugeRegion();
    p.do('write', a, 1);
    const { largeFolios: _folios, ...rest } = p.state;
    const procs = rest.procs.map(({ thp: _thp, hugePmds: _pmds, ...mm }) => mm);
    const plain = stateKey({ ...rest, procs });
    expect(stateKey(p.state).startsWith(`${plain},`)).toBe(true);
  });
});

describe('properties', () => {
  it('the lock promises exempt a large folio partly outside the locked VMA, and the flag says so', () => {
    const { p, a } = hugeRegion();
    p.do('write', a, 1);
    const before = p.state;
    const call = { call: 'mlock', args: [a, 256n * P] } as const;
    const result = p.do('mlock', a, 256n * P);
    const t = { before, call, result, after: p.state };
    expect(p.pages(a, 1)).toBe('p');
    expect(lockPostcondition.holds(t)).toBe(true);
    expect(lockedVmaPageMlocked.holds(p.state)).toBe(true);
    expect(lockedPageOfSplitFolioNotMlocked.raised(t)).toBe(true);
  });

  it('the flag stays down where mlock locks the whole folio', () => {
    const { p, a } = hugeRegion();
    const before = p.state;
    const result = p.do('mlock', a, HUGE);
    const t = { before, call: { call: 'mlock', args: [a, HUGE] } as const, result, after: p.state };
    expect(p.pages(a, 1)).toBe('L');
    expect(lockedPageOfSplitFolioNotMlocked.raised(t)).toBe(false);
  });
});

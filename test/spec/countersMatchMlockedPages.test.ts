// countersMatchMlockedPages holds on 6.18's steps (lock, unlock, a fork child that locks and
// exits) and fails on a drained state whose unevictable LRU and PG_mlocked disagree, or where
// a page stays mlocked with no locker left.

import { describe, expect, it } from 'vitest';
import { getModel } from '../../models/registry.js';
import { initialState } from '../../src/kernel/initialState.js';
import { PageRuns } from '../../src/kernel/pageRuns.js';
import type { KernelCall } from '../../src/kernel/call.js';
import { step } from '../../src/kernel/step.js';
import type { KernelState, Page } from '../../src/kernel/state.js';
import { VM_LOCKED, withoutFlags } from '../../src/uapi/vmFlags.js';
import { countersMatchMlockedPages } from '../../spec/invariants/countersMatchMlockedPages.js';

const linux = getModel('linux-6.18');
const P = 4096n;
const START = { rlimitMemlock: null, capIpcLock: true } as const;

function runAll(calls: readonly ((a: bigint) => KernelCall)[]): KernelState[] {
  let s = initialState(START);
  const m = step(linux, s, { call: 'mmap', args: [0n, 2n * P, 3n, 0x22n, -1n, 0n] });
  const a = m.result.kind === 'value' ? m.result.value : 0n;
  s = m.state;
  const states = [s];
  for (const c of calls) {
    s = step(linux, s, c(a)).state;
    states.push(s);
  }
  return states;
}

const drain = (s: KernelState) => step(linux, s, { call: 'lru_add_drain', args: [] }).state;

function withPages(s: KernelState, change: (p: Page) => Page): KernelState {
  const pages = PageRuns.of([...s.pages.entries()].map(([id, p]) => [id, change(p)]));
  return { ...s, pages };
}

describe('countersMatchMlockedPages', () => {
  const states = runAll([
    (a) => ({ call: 'mlock', args: [a, 2n * P] }),
    () => ({ call: 'fork', args: [] }),
    (a) => ({ call: 'munlock', args: [a, 2n * P] }),
    () => ({ call: 'exit', args: [] }),
  ]);

  it('holds on every drained state of lock, fork, unlock and exit', () => {
    for (const s of states) expect(countersMatchMlockedPages.holds(drain(s))).toBe(true);
  });

  it('fails when a drained page is mlocked but not on the unevictable LRU', () => {
    const locked = drain(states[1] ?? initialState(START));
    expect([...locked.pages.entries()].some(([, p]) => p.mlocked)).toBe(true);
    const off = withPages(locked, (p) => ({ ...p, unevictable: false }));
    expect(countersMatchMlockedPages.holds(off)).toBe(false);
  });

  it('fails when a page stays mlocked after every locker is gone', () => {
    const unlocked = drain(states[1] ?? initialState(START));
    const mm = unlocked.procs[0];
    if (mm === undefined) throw new Error('no process');
    const vmas = mm.vmas.map((v) => ({ ...v, flags: withoutFlags(v.flags, VM_LOCKED) }));
    const s: KernelState = { ...unlocked, procs: [{ ...mm, vmas }] };
    expect(countersMatchMlockedPages.holds(s)).toBe(false);
  });
});

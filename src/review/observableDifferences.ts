// Where two states disagree on what a trace can observe: every observable either side names
// (a VMA that starts at an address on one side only is probed at that address on the other).

import type { KernelState } from '../kernel/state.js';
import type { ConcreteObservable } from '../uapi/engine.js';
import { type Observation, observables, observationOf } from './observables.js';

export interface Difference {
  readonly name: string;
  /** On model A and on model B. */
  readonly a: Observation;
  readonly b: Observation;
}

/** True when both lists name the same observables with the same values. */
export function sameObservations(x: readonly Observation[], y: readonly Observation[]): boolean {
  if (x.length !== y.length) return false;
  for (let i = 0; i < x.length; i++) {
    const p = x[i];
    const q = y[i];
    if (p === undefined || q === undefined || p.name !== q.name || p.value !== q.value)
      return false;
  }
  return true;
}

const RANK: Record<ConcreteObservable['kind'], number> = {
  pages: 0,
  vma: 1,
  vmflags: 1,
  vmas: 1,
  page: 1,
  VmLck: 2,
  AnonHugePages: 2,
  VmData: 2,
  Mlocked: 2,
  Unevictable: 2,
  def_flags: 3,
};

/** Pages, then VMAs by address (extent before flags), VmLck, def_flags: the order of checks. */
function order(x: Difference, y: Difference): number {
  const p = x.a.what;
  const q = y.a.what;
  const byRank = RANK[p.kind] - RANK[q.kind];
  if (byRank !== 0) return byRank;
  const at = (w: ConcreteObservable) => ('addr' in w ? w.addr : 0n);
  return at(p) < at(q) ? -1 : at(p) > at(q) ? 1 : p.kind === q.kind ? 0 : p.kind === 'vma' ? -1 : 1;
}

/** The observables of the first `hints` regions on which `a` and `b` differ, in check order. */
export function observableDifferences(
  a: KernelState,
  b: KernelState,
  hints: number,
  pages: number,
): Difference[] {
  const onA = observables(a, hints, pages);
  const onB = observables(b, hints, pages);
  const byName = new Map(onB.map((o) => [o.name, o]));
  const named = new Set(onA.map((o) => o.name));
  const out: Difference[] = [];
  for (const x of onA) {
    const y = byName.get(x.name) ?? observationOf(b, x.what, x.name);
    if (x.value !== y.value) out.push({ name: x.name, a: x, b: y });
  }
  for (const y of onB) {
    if (named.has(y.name)) continue;
    const x = observationOf(a, y.what, y.name);
    if (x.value !== y.value) out.push({ name: y.name, a: x, b: y });
  }
  return out.sort(order);
}

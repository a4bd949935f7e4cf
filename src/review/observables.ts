// Everything a trace can observe of a bounded state, read through src/kernel/observe.ts exactly
// as `mmspec run` reads it: each region's pages, each VMA's extent and VmFlags, VmLck and the
// def_flags lock bits. Two models that agree on all of it cannot be told apart by a check.

import { vpnToAddr } from '../kernel/addr.js';
import { observe } from '../kernel/observe.js';
import { type KernelState, currentMm } from '../kernel/state.js';
import { regionHint, type ConcreteObservable } from '../uapi/engine.js';
import type { Observed } from '../uapi/outcome.js';
import { type ObservedSpelling, spellObserved } from '../trace/show.js';
import { regionText } from './_internals/regionText.js';

export interface Observation {
  /** As a check names it: `pages(a, 2P)`, `vma(a + 1P)`, `vmflags(a + 1P)`, `VmLck`, `def_flags`. */
  readonly name: string;
  readonly what: ConcreteObservable;
  readonly observed: Observed;
  /** As a check states it: `"LL"`, `a .. a + 2P`, `rd wr mr mw me ac lo`, `2P`, `lo lf`. */
  readonly value: string;
}

// No `existing(...)` mapping is ever bound in a bounded run: VmLck counts the regions alone.
const NO_NAMES: ReadonlySet<string> = new Set();

/** As a check states it: addresses relative to the regions, whole pages (`0P`), `none`. */
const CHECK_SPELLING: ObservedSpelling = {
  address: regionText,
  bytes: (bytes) => `${bytes / 4096n}P`,
  noVma: 'none',
};

/** What a check of `what` sees in `k`, as text. */
export function observationOf(k: KernelState, what: ConcreteObservable, name: string): Observation {
  const observed = observe(k, what, NO_NAMES);
  return { name, what, observed, value: spellObserved(observed, CHECK_SPELLING) };
}

/**
 * The observables of the first `hints` regions (of `pages` pages each) in `k`'s current
 * process: pages first, then each VMA, VmLck, and def_flags last, the order a trace must
 * check them in (a def_flags check drains the per-CPU mlock batch, which may settle a page
 * read as `[pL]`; src/kernel/modelEngine.ts).
 * NOTE: inside a fork block a check sees the child only; a difference in the parent becomes
 * observable at the `}` that ends the block, which is a letter too, so BFS still finds it.
 */
export function observables(k: KernelState, hints: number, pages: number): Observation[] {
  const out: Observation[] = [];
  for (let r = 0; r < hints; r++) {
    const addr = regionHint(r);
    const name = `pages(${regionText(addr)}, ${pages}P)`;
    out.push(observationOf(k, { kind: 'pages', addr, len: BigInt(pages) * 4096n }, name));
  }
  for (const v of currentMm(k).vmas) {
    const addr = vpnToAddr(v.start);
    out.push(observationOf(k, { kind: 'vma', addr }, `vma(${regionText(addr)})`));
    out.push(observationOf(k, { kind: 'vmflags', addr }, `vmflags(${regionText(addr)})`));
  }
  out.push(observationOf(k, { kind: 'VmLck' }, 'VmLck'));
  out.push(observationOf(k, { kind: 'def_flags' }, 'def_flags'));
  return out;
}

// The common language of the statechart and the simulator: what the spec says about a
// bounded address space, and what the bridge compares at every step of every path.

import type { DefFlagsState, RegionState } from '../../spec/machines/mmContext.js';

/**
 * One region as seen from outside. `letters`: one a page, as `pages()` in a trace reads it
 * (`.` none, `z` zero page, `p` present, `L` present and mlocked). `split` and `foreign`
 * are states the spec never reaches: the region is covered by several VMAs, or by a VMA
 * that extends past it.
 */
export interface AbstractRegion {
  readonly state: RegionState | 'split' | 'foreign';
  readonly letters: string;
}

export interface AbstractMm {
  readonly regions: readonly AbstractRegion[];
  /** `of-without-l` is def_flags holding VM_LOCKONFAULT alone: never a spec state. */
  readonly defFlags: DefFlagsState | 'of-without-l';
  /** `ok`, an errno or a signal (the simulator may give one the spec never does). */
  readonly outcome: string;
}

export function sameAbstractMm(a: AbstractMm, b: AbstractMm): boolean {
  return (
    a.defFlags === b.defFlags &&
    a.outcome === b.outcome &&
    a.regions.length === b.regions.length &&
    a.regions.every((r, k) => {
      const s = b.regions[k];
      return s !== undefined && s.state === r.state && s.letters === r.letters;
    })
  );
}

export function showAbstractMm(a: AbstractMm): string {
  const regions = a.regions.map((r, k) => `r${k}=${r.state}:${r.letters}`).join(' ');
  return `${regions} defFlags=${a.defFlags} | ${a.outcome}`;
}

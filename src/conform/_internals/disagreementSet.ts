// The distinct disagreements found so far. A disagreeing trace is not new when the steps of one
// already found occur in it in order (and its setup is the same, or the found one's is the
// default): it most likely shows the same fault again. Enumeration runs shortest first and
// random traces are shrunk before they are added, so what is kept is short.

import type { Disagreement } from '../conformReport.js';

export interface StepKey {
  readonly directives: readonly string[];
  readonly steps: readonly string[];
}

function isSubsequence(small: readonly string[], big: readonly string[]): boolean {
  let i = 0;
  for (const line of big) if (i < small.length && line === small[i]) i++;
  return i === small.length;
}

function sameLines(x: readonly string[], y: readonly string[]): boolean {
  return x.length === y.length && x.every((l, i) => l === y[i]);
}

/** The set conform's generated parts share, so random traces do not report depth's again. */
export type FoundSet = DisagreementSet<Omit<Disagreement, 'alsoSeen'>>;

export class DisagreementSet<T> {
  private readonly found: { key: StepKey; value: T; covered: number }[] = [];

  /** The disagreement already found that `key` shows again, if any. */
  covering(key: StepKey): T | undefined {
    const hit = this.found.find(
      (f) =>
        (f.key.directives.length === 0 || sameLines(f.key.directives, key.directives)) &&
        isSubsequence(f.key.steps, key.steps),
    );
    if (hit !== undefined) hit.covered++;
    return hit?.value;
  }

  add(key: StepKey, value: T): void {
    this.found.push({ key, value, covered: 0 });
  }

  /** Each distinct disagreement with how many later traces showed it again, from `from` on. */
  entries(from = 0): readonly { readonly value: T; readonly covered: number }[] {
    return this.found.slice(from);
  }

  get size(): number {
    return this.found.length;
  }
}

// Counts of one part of a conform run, and the reasons traces could not run, grouped so that
// ten thousand refusals of the same kind read as one line with a count.

import type { Verdict } from '../differential.js';

export interface PartCounts {
  run: number;
  agreed: number;
  disagreed: number;
  unsupported: number;
}

/** Line numbers and big byte counts vary from trace to trace; the reason does not. */
function reasonKey(reason: string): string {
  return reason.replace(/ at line \d+/g, '').replace(/\d{5,}/g, 'N');
}

export class Tally {
  readonly counts: PartCounts = { run: 0, agreed: 0, disagreed: 0, unsupported: 0 };

  constructor(private readonly reasons: Map<string, number>) {}

  record(verdict: Verdict): void {
    this.counts.run++;
    if (verdict.kind === 'agree') this.counts.agreed++;
    else if (verdict.kind === 'disagree') this.counts.disagreed++;
    else {
      this.counts.unsupported++;
      const key = reasonKey(verdict.reason);
      this.reasons.set(key, (this.reasons.get(key) ?? 0) + 1);
    }
  }
}

// `mmspec conform` as a library call: the litmus corpus, every trace to a depth, and random
// traces, each run on the reference (the real kernel) and on the candidate model. Returns the
// report; the CLI prints it and sets the exit status. Parts with nothing to do are skipped.

import type { ConformContext } from './conformContext.js';
import type { ConformReport, Disagreement, PartSummary } from './conformReport.js';
import { conformDepth, type PartResult } from './exhaustive.js';
import { conformLitmus, type LitmusSource } from './litmusConform.js';
import { conformRandom } from './randomConform.js';
import { DisagreementSet, type FoundSet } from './_internals/disagreementSet.js';

export interface ConformOptions {
  /** Litmus traces to compare; empty skips the part. */
  readonly litmus: readonly LitmusSource[];
  /** Every trace up to this depth; 0 or undefined skips the part. */
  readonly depth?: number;
  /** How many random traces; 0 or undefined skips the part. */
  readonly random?: number;
  readonly seed: number;
  readonly maxSteps?: number;
}

/** Shortest first; among equals, litmus, then depth, then random, in the order found. */
function byLength(a: Disagreement, b: Disagreement): number {
  return a.steps - b.steps;
}

export async function conform(
  options: ConformOptions,
  ctx: ConformContext,
): Promise<ConformReport> {
  const started = performance.now();
  const reasons = new Map<string, number>();
  const results: PartResult[] = [];
  // Shared: a random trace showing a disagreement the depth part found is not reported again.
  const found: FoundSet = new DisagreementSet();
  if (options.litmus.length > 0) results.push(await conformLitmus(options.litmus, ctx, reasons));
  if (options.depth !== undefined && options.depth > 0)
    results.push(await conformDepth(options.depth, ctx, reasons, found));
  if (options.random !== undefined && options.random > 0) {
    const random = { runs: options.random, seed: options.seed, maxSteps: options.maxSteps };
    results.push(await conformRandom(random, ctx, reasons, found));
  }
  const parts: PartSummary[] = results.map((r) => r.summary);
  return {
    reference: ctx.engines.reference.name,
    candidate: ctx.engines.candidate.name,
    parts,
    disagreements: [
      ...results.flatMap((r) => r.disagreements.filter((d) => d.part === 'litmus')),
      // Read again at the end: later parts count traces that showed these again.
      ...found.entries().map((e) => ({ ...e.value, alsoSeen: e.covered })),
    ].sort(byLength),
    unsupported: [...reasons]
      .map(([reason, count]) => ({ reason, count }))
      .sort((a, b) => b.count - a.count),
    seconds: (performance.now() - started) / 1000,
  };
}

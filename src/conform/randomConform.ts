// Part 3 of conform: random traces from a seed, each within its own swarm configuration (the
// calls and flag values it may use, swarmConfiguration.ts), with a report of which calls and
// flag values the traces covered. The first disagreement that no earlier one
// explains fails the fast-check property, so fast-check shrinks it to a smallest trace that
// still disagrees (and is still new); then the run goes on with the next seed in line for the
// traces left. The same seed gives the same traces, and so replays the whole part.

import fc from 'fast-check';
import { swarmTrace } from './arbitraryTrace.js';
import type { ConformContext } from './conformContext.js';
import type { PartResult } from './exhaustive.js';
import { describeConfiguration, flagGroups } from './swarmConfiguration.js';
import { FeatureCoverage } from './_internals/featureCoverage.js';
import { DisagreementSet, type FoundSet } from './_internals/disagreementSet.js';
import { depthOf, runGenerated } from './_internals/runGenerated.js';
import { Tally } from './_internals/tally.js';

export interface RandomOptions {
  readonly runs: number;
  readonly seed: number;
  readonly maxSteps?: number;
}

/** The seed of round k: fast-check takes 32-bit seeds. */
function roundSeed(seed: number, k: number): number {
  return (seed + k * 0x9e3779b1) | 0;
}

export async function conformRandom(
  options: RandomOptions,
  ctx: ConformContext,
  reasons: Map<string, number>,
  found: FoundSet = new DisagreementSet(),
): Promise<PartResult> {
  const started = performance.now();
  const tally = new Tally(reasons);
  const first = found.size;
  // A proposal's own flags (ctx.constants) are drawn like the others, and counted as features.
  const groups = flagGroups(ctx.constants);
  const arbitrary = swarmTrace(options.maxSteps, groups);
  const coverage = new FeatureCoverage(groups);
  let shrinkRuns = 0;
  for (let round = 0; tally.counts.run < options.runs && ctx.signal?.aborted !== true; round++) {
    const seed = roundSeed(options.seed, round);
    let shrinking = false;
    let crash: Error | undefined;
    const property = fc.asyncProperty(arbitrary, async ({ trace }) => {
      if (ctx.signal?.aborted === true || crash !== undefined) return true;
      let run;
      try {
        run = await runGenerated(trace, ctx);
      } catch (error) {
        // A bug of mmspec, not a disagreement: stop and report it rather than shrink it.
        crash = error instanceof Error ? error : new Error(String(error));
        return true;
      }
      if (shrinking) shrinkRuns++;
      else {
        tally.record(run.verdict);
        coverage.add(trace);
        const { run: done, disagreed } = tally.counts;
        ctx.onProgress?.({ part: 'random', done, total: options.runs, disagreed });
      }
      if (run.verdict.kind !== 'disagree') return true;
      if (found.covering(run.rendered) !== undefined) return true;
      shrinking = true;
      return false;
    });
    const details = await fc.check(property, {
      seed,
      numRuns: options.runs - tally.counts.run,
    });
    if (crash !== undefined) throw crash;
    const counterexample = details.counterexample?.[0];
    if (!details.failed || counterexample === undefined) break;
    const where = `seed ${seed}, path ${details.counterexamplePath ?? ''}`;
    const label = `${where}, configuration: ${describeConfiguration(counterexample.configuration)}`;
    const run = await runGenerated(counterexample.trace, ctx, `<random ${where}>`);
    // Shrinking ended on a trace that disagreed when tried; kernel nondeterminism aside, so now.
    const trace = run.reproducer ?? `# no longer disagrees when re-run:\n${run.rendered.text}`;
    found.add(run.rendered, { part: 'random', label, steps: depthOf(run.rendered), trace });
  }
  const seconds = (performance.now() - started) / 1000;
  return {
    summary: {
      part: 'random',
      ...tally.counts,
      seconds,
      seed: options.seed,
      shrinkRuns,
      coverage: coverage.summary(),
    },
    disagreements: found.entries(first).map((e) => ({ ...e.value, alsoSeen: e.covered })),
  };
}

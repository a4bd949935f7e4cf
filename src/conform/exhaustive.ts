// Part 2 of conform: every trace up to a depth over the bounded alphabet, shortest first. Each
// disagreement that no shorter one already explains is kept with its reproducer.

import type { ConformContext } from './conformContext.js';
import type { Disagreement, PartSummary } from './conformReport.js';
import { countTraces, DEFAULT_ALPHABET, enumerate, type Alphabet } from './enumerate.js';
import { DisagreementSet, type FoundSet } from './_internals/disagreementSet.js';
import { forEachLimited } from './_internals/forEachLimited.js';
import { depthOf, runGenerated } from './_internals/runGenerated.js';
import { Tally } from './_internals/tally.js';

export interface PartResult {
  readonly summary: PartSummary;
  readonly disagreements: readonly Disagreement[];
}

export async function conformDepth(
  depth: number,
  ctx: ConformContext,
  reasons: Map<string, number>,
  found: FoundSet = new DisagreementSet(),
  alphabet: Alphabet = DEFAULT_ALPHABET,
): Promise<PartResult> {
  const started = performance.now();
  const total = countTraces(depth, alphabet);
  const tally = new Tally(reasons);
  const first = found.size;
  let index = 0;
  const numbered = (function* () {
    for (const trace of enumerate(depth, alphabet)) yield { trace, n: index++ };
  })();
  await forEachLimited(
    numbered,
    ctx.jobs,
    async ({ trace, n }) => {
      const run = await runGenerated(trace, ctx, `<depth trace ${n}>`);
      tally.record(run.verdict);
      const key = { directives: run.rendered.directives, steps: run.rendered.steps };
      if (run.reproducer !== undefined && found.covering(key) === undefined) {
        found.add(key, {
          part: 'depth',
          label: `trace ${n} of ${total}`,
          steps: depthOf(run.rendered),
          trace: run.reproducer,
        });
      }
      const { run: done, disagreed } = tally.counts;
      ctx.onProgress?.({ part: 'depth', done, total, disagreed });
    },
    ctx.signal,
  );
  const seconds = (performance.now() - started) / 1000;
  return {
    summary: { part: 'depth', ...tally.counts, seconds },
    disagreements: found.entries(first).map((e) => ({ ...e.value, alsoSeen: e.covered })),
  };
}

// The progress of an exploration. On a terminal, one line `mmspec check` redraws: the depth
// whose states are being found, numbered as the report numbers depths (the states of depth d
// are found while those of depth d - 1 are expanded), of the bound's, a bar, states,
// transitions and states/s; cleared at the end. Elsewhere (a log, a batch job, a pipe), a line
// of the same figures every so often, so a long run shows it is alive without filling a log.

import type { ExploreProgress } from '../../explore/exploreOptions.js';
import type { Writer } from './io.js';

export interface ProgressLine {
  readonly update: (p: ExploreProgress) => void;
  readonly clear: () => void;
}

export function exploreProgress(out: Writer, maxDepth: number): ProgressLine {
  let drawn = false;
  return {
    update(p) {
      const finding = Math.min(p.depth + 1, maxDepth);
      const filled = Math.min(20, Math.round((finding / Math.max(1, maxDepth)) * 20));
      out.write(
        `\r\x1b[Kdepth ${finding}/${maxDepth} [${'#'.repeat(filled).padEnd(20, '.')}] ${figures(p)}`,
      );
      drawn = true;
    },
    clear() {
      if (drawn) out.write('\r\x1b[K');
      drawn = false;
    },
  };
}

const figures = (p: ExploreProgress) =>
  `${p.states} states, ${p.transitions} transitions, ${Math.round(p.statesPerSecond)}/s`;

/**
 * A line `mmspec NAME: depth d/D, ...` at most every `everyMs` of the clock (the first after
 * `everyMs`): a short run prints none, so what a test or a quick run reads is unchanged.
 */
export function periodicProgress(
  out: Writer,
  command: string,
  maxDepth: number,
  everyMs = 10_000,
  now: () => number = () => performance.now(),
): ProgressLine {
  let next = now() + everyMs;
  return {
    update(p) {
      const t = now();
      if (t < next) return;
      next = t + everyMs;
      out.write(
        `mmspec ${command}: depth ${Math.min(p.depth + 1, maxDepth)}/${maxDepth}, ${figures(p)}\n`,
      );
    },
    clear: () => undefined,
  };
}

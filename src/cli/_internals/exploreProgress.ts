// The one-line progress of an exploration on a terminal, as `mmspec check` draws it: the depth
// whose states are being found, numbered as the report numbers depths (the states of depth d
// are found while those of depth d - 1 are expanded), of the bound's, a bar, states,
// transitions and states/s; cleared at the end.

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
        `\r\x1b[Kdepth ${finding}/${maxDepth} [${'#'.repeat(filled).padEnd(20, '.')}] ${p.states} states, ${p.transitions} transitions, ${Math.round(p.statesPerSecond)}/s`,
      );
      drawn = true;
    },
    clear() {
      if (drawn) out.write('\r\x1b[K');
      drawn = false;
    },
  };
}

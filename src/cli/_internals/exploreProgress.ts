// The one-line progress of an exploration on a terminal, as `mmspec check` draws it: depth
// reached of the bound's, a bar, states, transitions and states/s; cleared at the end.

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
      const filled = Math.min(20, Math.round((p.depth / Math.max(1, maxDepth)) * 20));
      out.write(
        `\r\x1b[Kdepth ${p.depth}/${maxDepth} [${'#'.repeat(filled).padEnd(20, '.')}] ${p.states} states, ${p.transitions} transitions, ${Math.round(p.statesPerSecond)}/s`,
      );
      drawn = true;
    },
    clear() {
      if (drawn) out.write('\r\x1b[K');
      drawn = false;
    },
  };
}

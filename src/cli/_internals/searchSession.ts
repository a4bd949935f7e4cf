// What an exploring command holds while it searches: the progress line on a terminal (none
// when standard error is not one) and SIGINT or SIGTERM, which stop the search with what it
// found (a second signal exits at once, onInterrupt.ts).

import { type ProgressLine, exploreProgress } from './exploreProgress.js';
import type { CliContext } from './io.js';
import { onInterrupt } from './onInterrupt.js';

export interface SearchSession {
  readonly progress: ProgressLine | undefined;
  readonly signal: AbortSignal;
  /** 128 + the signal that stopped the search, or undefined if none came. */
  interruptedStatus(): number | undefined;
  /** Gives the signals back; call it when the search is over. */
  dispose(): void;
}

export function searchSession(ctx: CliContext, depth: number): SearchSession {
  const tty = 'isTTY' in ctx.stderr && ctx.stderr.isTTY === true;
  const interrupt = onInterrupt();
  return {
    progress: tty ? exploreProgress(ctx.stderr, depth) : undefined,
    signal: interrupt.signal,
    interruptedStatus: () => {
      const signo = interrupt.signo();
      return signo === undefined ? undefined : 128 + signo;
    },
    dispose: () => interrupt.dispose(),
  };
}

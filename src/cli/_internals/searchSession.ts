// What an exploring command holds while it searches: its progress (a line redrawn on a terminal,
// else a line every ten seconds) and SIGINT or SIGTERM, which stop the search with what it
// found (a second signal exits at once, onInterrupt.ts).

import { type ProgressLine, exploreProgress, periodicProgress } from './exploreProgress.js';
import type { CliContext } from './io.js';
import { onInterrupt } from './onInterrupt.js';

export interface SearchSession {
  readonly progress: ProgressLine;
  readonly signal: AbortSignal;
  /** 128 + the signal that stopped the search, or undefined if none came. */
  interruptedStatus(): number | undefined;
  /** Gives the signals back; call it when the search is over. */
  dispose(): void;
}

export function searchSession(ctx: CliContext, command: string, depth: number): SearchSession {
  const tty = 'isTTY' in ctx.stderr && ctx.stderr.isTTY === true;
  const interrupt = onInterrupt();
  return {
    progress: tty
      ? exploreProgress(ctx.stderr, depth)
      : periodicProgress(ctx.stderr, command, depth),
    signal: interrupt.signal,
    interruptedStatus: () => {
      const signo = interrupt.signo();
      return signo === undefined ? undefined : 128 + signo;
    },
    dispose: () => interrupt.dispose(),
  };
}

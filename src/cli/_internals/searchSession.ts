// What an exploring command holds while it searches: the progress line on a terminal (none
// when standard error is not one) and Ctrl-C, which stops the search with what it found.

import { type ProgressLine, exploreProgress } from './exploreProgress.js';
import type { CliContext } from './io.js';

export interface SearchSession {
  readonly progress: ProgressLine | undefined;
  readonly signal: AbortSignal;
  /** Gives SIGINT back; call it when the search is over. */
  dispose(): void;
}

export function searchSession(ctx: CliContext, depth: number): SearchSession {
  const tty = 'isTTY' in ctx.stderr && ctx.stderr.isTTY === true;
  const abort = new AbortController();
  const stop = () => abort.abort();
  process.once('SIGINT', stop);
  return {
    progress: tty ? exploreProgress(ctx.stderr, depth) : undefined,
    signal: abort.signal,
    dispose: () => process.removeListener('SIGINT', stop),
  };
}

// --workers of the exploring commands (check, diff): how many worker threads to search on.

import { availableParallelism } from 'node:os';
import { Misuse, wholeOption } from './misuse.js';

/** Both cores of the reference machine; more workers than cores only contend. */
export const DEFAULT_WORKERS = Math.min(2, availableParallelism());

/** More workers than cores would only contend: --workers is refused above this. */
export const MAX_WORKERS = Math.max(DEFAULT_WORKERS, availableParallelism());

export const WORKERS_HELP = `worker threads of the exhaustive search, 1 to ${MAX_WORKERS} (the cores here; default ${DEFAULT_WORKERS}; --random runs on one); with more than one, which of several equally short answers is printed may vary from run to run`;

/** --workers as given, held to 1..MAX_WORKERS; the default when absent. */
export function workersOption(text: string | undefined): number {
  const n = wholeOption('workers', text, 1) ?? DEFAULT_WORKERS;
  if (n > MAX_WORKERS)
    throw new Misuse(`--workers takes 1 to ${MAX_WORKERS} (the cores here), got ${n}`);
  return n;
}

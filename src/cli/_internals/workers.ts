// --workers of the exploring commands (check, diff): how many worker threads to search on.

import { availableParallelism } from 'node:os';

/** Both cores of the reference machine; more workers than cores only contend. */
export const DEFAULT_WORKERS = Math.min(2, availableParallelism());

export const WORKERS_HELP = `worker threads of the exhaustive search (default ${DEFAULT_WORKERS}: the cores here, at most 2; --random runs on one); with more than one, which of several equally short answers is printed may vary from run to run`;

// One level of the bit-state search in chunks: read from its FrontierQueue, expanded on the
// calling thread or on a pool of workers, the results taken in the order of the level.

import type { StopReason } from '../exploreReport.js';
import type { FrontierQueue } from './frontierQueue.js';
import type { RunMonitor } from './runMonitor.js';
import type { WorkerPool } from './workerPool.js';
import type { ChunkJob, ChunkResult } from './workerProtocol.js';

/** States a chunk: a worker's share of a level at a time. */
const CHUNK = 512;

/** A level's states in chunks of CHUNK, each in its own buffer (it may go to a worker). */
export function* chunksOf(
  level: FrontierQueue,
  width: number,
  firstIndex: number,
  expand: boolean,
): Generator<ChunkJob> {
  let keys = new Int32Array(CHUNK * width);
  let count = 0;
  let index = firstIndex;
  for (const key of level.keys()) {
    keys.set(key, count * width);
    if (++count === CHUNK) {
      yield { keys, count, firstIndex: index, expand };
      index += count;
      keys = new Int32Array(CHUNK * width);
      count = 0;
    }
  }
  if (count > 0) yield { keys, count, firstIndex: index, expand };
}

/**
 * Expands one level on the pool: each worker has one chunk at a time and gets the next as soon
 * as it answers; the answers are absorbed in the order of the level. Waits for every chunk in
 * flight before it returns, so no reply is left to a closed worker.
 */
export async function runLevel(
  pool: WorkerPool,
  jobs: Iterator<ChunkJob>,
  absorb: (r: ChunkResult) => StopReason | null,
  monitor: RunMonitor,
  progress: () => void,
): Promise<StopReason | null> {
  const results = new Map<number, Promise<ChunkResult>>();
  let sent = 0;
  let stopped = false;
  const dispatch = (w: number): void => {
    if (stopped) return;
    const next = jobs.next();
    if (next.done === true) return;
    const job = next.value;
    const n = sent++;
    const reply = pool.ask(w, { type: 'expand', job }, [job.keys.buffer as ArrayBuffer]);
    results.set(
      n,
      reply.then((r) => {
        if (r.type !== 'expanded') throw new Error(`explore: a worker sent '${r.type}'`);
        dispatch(w);
        return r.result;
      }),
    );
  };
  for (let w = 0; w < pool.size; w++) dispatch(w);
  let reason: StopReason | null = null;
  try {
    for (let n = 0; n < sent && reason === null; n++) {
      const r = results.get(n);
      if (r === undefined) break;
      reason = absorb(await r);
      results.delete(n);
      if (monitor.due()) {
        progress();
        reason ??= monitor.softStop();
      }
    }
  } finally {
    stopped = true;
    await Promise.allSettled(results.values());
  }
  return reason;
}

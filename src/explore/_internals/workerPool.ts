// Worker threads that answer each message with one reply: `round` sends the same message to
// every worker and resolves with all their replies, which is the level barrier.

import { Worker } from 'node:worker_threads';
import type { TransitionSystem } from '../transitionSystem.js';
import type { TransferListItem } from 'node:worker_threads';
import type {
  BitstateInit,
  BitstateMessage,
  DriverMessage,
  WorkerInit,
  WorkerReply,
} from './workerProtocol.js';

/**
 * The young generation of each worker's heap, in MB. A worker allocates the successors of one
 * state at a time, all dead before the next, so the nursery's size trades scavenges against
 * memory. On an idle two-core machine, where the targets are set, 32 MB won: before
 * this stop's cuts it won or tied all eight alternated pairs of `check --workers 2` against 6 MB
 * (spec/reduction.md); after them the default bound times the same with either, and depth 6
 * takes 78.3 s against 84.8 s (one alternated pair; 77.3 s against 90.7 s in two other runs)
 * with the same peak (649 against 651 MB: the store dominates it). What it costs is about
 * 56 MB more at the default bound (peak 205-212 MB against 152-156 MB).
 */
const WORKER_YOUNG_GENERATION_MB = 32;

export class WorkerPool {
  private constructor(private readonly workers: readonly Worker[]) {}

  static async start<S, L>(
    url: URL,
    count: number,
    init: WorkerInit | BitstateInit,
    system: TransitionSystem<S, L>,
  ): Promise<WorkerPool> {
    const resourceLimits = { maxYoungGenerationSizeMb: WORKER_YOUNG_GENERATION_MB };
    const workers = Array.from(
      { length: count },
      () => new Worker(url, { workerData: init, resourceLimits }),
    );
    const pool = new WorkerPool(workers);
    try {
      const ready = await Promise.all(workers.map((w) => nextReply(w)));
      for (const reply of ready) {
        if (reply.type !== 'ready') throw new Error(`explore: worker sent '${reply.type}' first`);
        if (reply.name !== system.name || reply.encodedWords !== system.encodedWords) {
          throw new Error(
            `explore: systemRef builds '${reply.name}' (${reply.encodedWords} words), not '${system.name}' (${system.encodedWords} words); it must build the same system`,
          );
        }
      }
    } catch (error) {
      await pool.close();
      throw error;
    }
    return pool;
  }

  get size(): number {
    return this.workers.length;
  }

  /** Sends `message` to worker `i` alone; resolves with its reply. */
  ask(
    i: number,
    message: BitstateMessage,
    transfer: readonly TransferListItem[] = [],
  ): Promise<WorkerReply> {
    const worker = this.workers[i];
    if (worker === undefined) throw new RangeError(`WorkerPool: no worker ${i}`);
    const reply = nextReply(worker);
    worker.postMessage(message, transfer);
    return reply;
  }

  round(message: DriverMessage | BitstateMessage): Promise<WorkerReply[]> {
    const replies = this.workers.map((w) => nextReply(w));
    for (const w of this.workers) w.postMessage(message);
    return Promise.all(replies);
  }

  async close(): Promise<void> {
    await Promise.all(this.workers.map((w) => w.terminate()));
  }
}

function nextReply(worker: Worker): Promise<WorkerReply> {
  return new Promise((resolve, reject) => {
    const onMessage = (reply: WorkerReply): void => {
      cleanup();
      resolve(reply);
    };
    const onError = (error: Error): void => {
      cleanup();
      reject(error);
    };
    const onExit = (code: number): void => {
      cleanup();
      reject(new Error(`explore: a worker thread exited (code ${code}) in the middle of a level`));
    };
    const cleanup = (): void => {
      worker.off('message', onMessage);
      worker.off('error', onError);
      worker.off('exit', onExit);
    };
    worker.on('message', onMessage);
    worker.on('error', onError);
    worker.on('exit', onExit);
  });
}

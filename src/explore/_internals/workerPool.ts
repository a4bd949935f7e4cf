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
 * state at a time, all dead before the next, so a small nursery costs little: on the default
 * kernel bound with 2 workers, V8's default (16 MB semi-spaces) took 270.8 B/state of peak RSS
 * growth and 36.8 s user CPU, 6 MB took 218.5 B/state and 34.2 s (one run each, load ~25 on 2
 * cores). The rest of a worker is the system it builds (the model's code, 8-9 MB of old space).
 */
const WORKER_YOUNG_GENERATION_MB = 6;

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

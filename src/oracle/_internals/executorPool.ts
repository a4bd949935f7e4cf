// Executors of one Engine. A session holds one executor for its whole run; sessions that
// overlap (a runner may hold two at once) get an executor each, and a finished session's
// healthy executor is kept for the next, so a trace costs a fork, not an exec.

import type { ExecutorProcess } from './executorProcess.js';
import type { Reply } from './protocol.js';

export type Hello = Extract<Reply, { kind: 'hello' }>;

export interface Launched {
  readonly executor: ExecutorProcess;
  readonly hello: Hello;
}

const MAX_IDLE = 2;

export class ExecutorPool {
  private readonly idle: Launched[] = [];
  private readonly busy = new Map<ExecutorProcess, Launched>();
  private firstHello: Hello | undefined;

  /** `launch` starts (or reaches) one more executor and waits for its greeting. */
  constructor(private readonly launch: () => Promise<Launched>) {}

  async acquire(): Promise<Launched> {
    let launched = this.idle.pop();
    while (launched && !launched.executor.alive) launched = this.idle.pop();
    if (!launched) {
      launched = await this.launch();
      this.firstHello ??= launched.hello;
    }
    this.busy.set(launched.executor, launched);
    return launched;
  }

  /** What the first executor reported about the host (starting one if none ran yet). */
  async hello(): Promise<Hello> {
    if (this.firstHello) return this.firstHello;
    const launched = await this.acquire();
    this.release(launched.executor, true);
    return launched.hello;
  }

  release(executor: ExecutorProcess, healthy: boolean): void {
    const launched = this.busy.get(executor);
    this.busy.delete(executor);
    if (launched && healthy && executor.alive && this.idle.length < MAX_IDLE) {
      this.idle.push(launched);
    } else {
      void executor.close();
    }
  }

  /** Ends every executor, idle or busy. */
  async close(): Promise<void> {
    const all = [...this.idle, ...this.busy.values()];
    this.idle.length = 0;
    this.busy.clear();
    await Promise.all(all.map(({ executor }) => executor.close()));
  }
}

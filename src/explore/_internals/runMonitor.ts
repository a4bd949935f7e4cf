// The clock, the progress callback and the soft limits (abort, memory), polled by both drivers
// between chunks of work so the hot loop itself never looks at them.

import type { ExploreOptions } from '../exploreOptions.js';
import type { StopReason } from '../exploreReport.js';
import { StateStore } from '../stateStore.js';
import type { TransitionSystem } from '../transitionSystem.js';

const TICK_MS = 250;

export class RunMonitor {
  private readonly started = performance.now();
  private lastTick = this.started;

  /** Properties whose violation was told to onViolation already. */
  private readonly told = new Set<number>();

  constructor(private readonly options: ExploreOptions) {}

  /**
   * Tells onViolation of every property violated since the last call. `violations` holds the
   * index of each property's first violating state (or -1); `names`, the properties in order.
   */
  noticeViolations(violations: Int32Array, names: readonly string[]): void {
    const tell = this.options.onViolation;
    if (tell === undefined) return;
    for (let k = 0; k < violations.length; k++) {
      const index = violations[k] ?? -1;
      if (index < 0 || this.told.has(k)) continue;
      this.told.add(k);
      tell({ property: names[k] ?? `property ${k}`, state: index + 1, seconds: this.seconds });
    }
  }

  get seconds(): number {
    return (performance.now() - this.started) / 1000;
  }

  /** True at most every 250 ms: time to report progress and let the event loop run. */
  due(): boolean {
    const now = performance.now();
    if (now - this.lastTick < TICK_MS) return false;
    this.lastTick = now;
    return true;
  }

  progress(states: number, transitions: number, depth: number): void {
    const seconds = this.seconds;
    const statesPerSecond = seconds > 0 ? Math.round(states / seconds) : 0;
    this.options.onProgress?.({ states, transitions, depth, seconds, statesPerSecond });
  }

  /** A reason to stop now, from the abort signal or the memory bound; null to go on. */
  softStop(): StopReason | null {
    if (this.options.signal?.aborted === true) return 'aborted';
    const limit = this.options.maxMemoryMB;
    if (limit !== undefined && process.memoryUsage.rss() / 2 ** 20 > limit) return 'max-memory';
    return null;
  }

  /** Whether a store of `capacity` slots fits beside what the process already holds. */
  mayGrowTo(width: number, capacity: number): boolean {
    const limit = this.options.maxMemoryMB;
    if (limit === undefined) return true;
    const extra = StateStore.bytesFor(width, capacity) / 2 ** 20;
    return process.memoryUsage.rss() / 2 ** 20 + extra <= limit;
  }
}

/** The names of a system's properties in the order of the violations array. */
export function propertyNames(system: TransitionSystem<unknown, unknown>): string[] {
  return [
    ...system.invariants.map((p) => p.name),
    ...(system.transitionProperties ?? []).map((p) => p.name),
  ];
}

/** Lets timers, signals and messages run between chunks of a synchronous loop. */
export function yieldToEventLoop(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

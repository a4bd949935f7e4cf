// Coverage of an exploration: how often each call was made and with which outcome, and how
// often each decision point of the model was consulted (the model's decisions wrapped in
// counters), so a bound that never reaches a decision is visible.

import type { Decisions } from '../kernel/decisions.js';
import type { KernelModel } from '../kernel/model.js';

export interface Coverage {
  /** `mlock ok`, `mlock ENOMEM`, `read SIGSEGV`, ... */
  readonly calls: Map<string, number>;
  /** Decision point name -> times consulted (value decisions are read, not called: absent). */
  readonly decisions: Map<string, number>;
}

export function emptyCoverage(model: KernelModel): Coverage {
  const decisions = new Map<string, number>();
  for (const [name, d] of Object.entries(model.decisions))
    if (typeof d === 'function') decisions.set(name, 0);
  return { calls: new Map(), decisions };
}

/** `model` with every function decision counting its calls into `coverage`. */
export function countingModel(model: KernelModel, coverage: Coverage): KernelModel {
  const wrapped: Record<string, unknown> = {};
  for (const [name, d] of Object.entries(model.decisions)) {
    if (typeof d !== 'function') {
      wrapped[name] = d;
      continue;
    }
    const fn = d as (...args: unknown[]) => unknown;
    wrapped[name] = (...args: unknown[]) => {
      coverage.decisions.set(name, (coverage.decisions.get(name) ?? 0) + 1);
      return fn(...args);
    };
  }
  return { ...model, decisions: wrapped as unknown as Decisions };
}

export function countCall(coverage: Coverage, key: string): void {
  coverage.calls.set(key, (coverage.calls.get(key) ?? 0) + 1);
}

/** Coverage as plain data that can cross threads: `[name, count]` pairs. */
export type CoverageCounts = {
  readonly calls: readonly (readonly [string, number])[];
  readonly decisions: readonly (readonly [string, number])[];
};

/** The counts so far, which are reset: a worker thread's share for `addCoverage`. */
export function takeCoverage(coverage: Coverage): CoverageCounts {
  const counts = { calls: [...coverage.calls], decisions: [...coverage.decisions] };
  coverage.calls.clear();
  for (const name of coverage.decisions.keys()) coverage.decisions.set(name, 0);
  return counts;
}

export function addCoverage(coverage: Coverage, counts: CoverageCounts): void {
  for (const [key, n] of counts.calls) coverage.calls.set(key, (coverage.calls.get(key) ?? 0) + n);
  for (const [name, n] of counts.decisions)
    coverage.decisions.set(name, (coverage.decisions.get(name) ?? 0) + n);
}

// Coverage of an exploration: how often each call was made and with which outcome, and how
// often each decision point of the model was consulted (the model's decisions wrapped in
// counters), so a bound that never reaches a decision is visible.

import type { Decisions } from '../kernel/decisions.js';
import type { KernelModel } from '../kernel/model.js';
import type { KernelCall } from '../kernel/call.js';
import type { Result } from '../kernel/result.js';

export interface Coverage {
  /**
   * `mlock ok`, `mlock ENOMEM`, `read SIGSEGV`, ... -> times made, as of the last
   * takeCoverage: a system's CallSlots count apart until then.
   */
  readonly calls: Map<string, number>;
  /**
   * Decision point name -> times consulted (value decisions are read, not called: absent), as
   * of the last takeCoverage: a countingModel's wrappers count apart until then.
   */
  readonly decisions: Map<string, number>;
}

export function emptyCoverage(model: KernelModel): Coverage {
  const decisions = new Map<string, number>();
  for (const [name, d] of Object.entries(model.decisions))
    if (typeof d === 'function') decisions.set(name, 0);
  return { calls: new Map(), decisions };
}

/**
 * Counts of decisions consulted that `coverage.decisions` does not hold yet, one array a
 * countingModel made on it: a wrapper adds one to its slot, and takeCoverage folds the slots
 * into the map. A Map get and set on every decision made cost about 1% of a search.
 */
interface PendingDecisions {
  readonly names: readonly string[];
  readonly counts: Float64Array;
}

const pendingOf = new WeakMap<Coverage, PendingDecisions[]>();

/**
 * Calls counted by outcome in numeric slots, one slot a `mlock ENOMEM` key, folded into
 * `coverage.calls` by takeCoverage as the decisions are: a search counts every transition,
 * and a Map get and set on a string key for each was about 1% of it (with making the key).
 */
class CallSlots {
  private readonly slots = new Map<string, number>();
  readonly names: string[] = [];
  /** Slot i: calls counted under names[i] since the last fold. */
  readonly counts: number[] = [];

  /** The slot of `key` (`mlock ok`), made at its first sight. */
  slotOf(key: string): number {
    let slot = this.slots.get(key);
    if (slot === undefined) {
      slot = this.names.length;
      this.slots.set(key, slot);
      this.names.push(key);
      this.counts.push(0);
    }
    return slot;
  }
}

const callSlotsOf = new WeakMap<Coverage, CallSlots>();

/** The call slots of `coverage`, whose counts its takeCoverage folds into `calls`. */
function callSlots(coverage: Coverage): CallSlots {
  let slots = callSlotsOf.get(coverage);
  if (slots === undefined) {
    slots = new CallSlots();
    callSlotsOf.set(coverage, slots);
  }
  return slots;
}

/** What a call's result is counted as: `ok`, the errno, the signal, or `hang`. */
const outcomeOf = (result: Result): string =>
  result.kind === 'value'
    ? 'ok'
    : result.kind === 'errno'
      ? result.errno
      : result.kind === 'signal'
        ? result.signal
        : 'hang';

/**
 * Counts each letter's calls by outcome (`mlock ok`, `mlock ENOMEM`): a letter meets a few
 * outcomes in a whole search, so each keeps the ones it met with their slots, and a call
 * counts by comparing interned strings instead of making a key and looking it up.
 */
export class LetterOutcomes {
  private readonly outcomes: string[][];
  private readonly slotsOf: number[][];
  private readonly slots: CallSlots;

  constructor(letters: number, coverage: Coverage) {
    this.slots = callSlots(coverage);
    this.outcomes = Array.from({ length: letters }, () => []);
    this.slotsOf = Array.from({ length: letters }, () => []);
  }

  count(letter: number, call: KernelCall, result: Result): void {
    const outcome = outcomeOf(result);
    const outcomes = this.outcomes[letter] ?? [];
    const slotsOf = this.slotsOf[letter] ?? [];
    let slot = -1;
    for (let j = 0; j < outcomes.length; j++)
      if (outcomes[j] === outcome) {
        slot = slotsOf[j] ?? -1;
        break;
      }
    if (slot < 0) {
      slot = this.slots.slotOf(`${call.call} ${outcome}`);
      outcomes.push(outcome);
      slotsOf.push(slot);
    }
    const counts = this.slots.counts;
    counts[slot] = (counts[slot] ?? 0) + 1;
  }
}

/** `coverage` with the counts its wrappers and call slots have made since the last fold. */
function foldPending(coverage: Coverage): void {
  const calls = callSlotsOf.get(coverage);
  if (calls !== undefined) {
    for (let i = 0; i < calls.names.length; i++) {
      const name = calls.names[i];
      const n = calls.counts[i] ?? 0;
      if (name === undefined || n === 0) continue;
      coverage.calls.set(name, (coverage.calls.get(name) ?? 0) + n);
      calls.counts[i] = 0;
    }
  }
  for (const p of pendingOf.get(coverage) ?? []) {
    for (let i = 0; i < p.names.length; i++) {
      const name = p.names[i];
      const n = p.counts[i] ?? 0;
      if (name === undefined || n === 0) continue;
      coverage.decisions.set(name, (coverage.decisions.get(name) ?? 0) + n);
    }
    p.counts.fill(0);
  }
}

/** The decision points that are functions, and how many parameters the widest one takes. */
type FunctionDecision = {
  [K in keyof Decisions]: NonNullable<Decisions[K]> extends (...args: never[]) => unknown
    ? NonNullable<Decisions[K]>
    : never;
}[keyof Decisions];
/** `true` only while no decision point takes more than the two arguments countingModel passes. */
export const DECISION_ARITY_FITS: Parameters<FunctionDecision>['length'] extends 0 | 1 | 2
  ? true
  : never = true;

/** `model` with every function decision counting its calls into `coverage`. */
export function countingModel(model: KernelModel, coverage: Coverage): KernelModel {
  const wrapped: Record<string, unknown> = {};
  const names = Object.entries(model.decisions)
    .filter(([, d]) => typeof d === 'function')
    .map(([name]) => name);
  const counts = new Float64Array(names.length);
  pendingOf.set(coverage, [...(pendingOf.get(coverage) ?? []), { names, counts }]);
  for (const [name, d] of Object.entries(model.decisions)) {
    if (typeof d !== 'function') {
      wrapped[name] = d;
      continue;
    }
    const fn = d as (a: unknown, b: unknown) => unknown;
    const slot = names.indexOf(name);
    // Two parameters, not a rest array: a decision is consulted tens of millions of times at
    // depth 6, and the rest array and spread were about 1% of a search (DECISION_ARITY_FITS).
    wrapped[name] = (a: unknown, b: unknown) => {
      counts[slot] = (counts[slot] ?? 0) + 1;
      return fn(a, b);
    };
  }
  return { ...model, decisions: wrapped as unknown as Decisions };
}

/** Coverage as plain data that can cross threads: `[name, count]` pairs. */
export type CoverageCounts = {
  readonly calls: readonly (readonly [string, number])[];
  readonly decisions: readonly (readonly [string, number])[];
};

/** The counts so far, which are reset: a worker thread's share for `addCoverage`. */
export function takeCoverage(coverage: Coverage): CoverageCounts {
  foldPending(coverage);
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

// Threads of one process on the model (issue 16): each thread's calls, a call's locked part
// one step and its population one step a fault (populateSteps.ts). A schedule picks one
// interleaving; without one every interleaving is explored and the distinct ends returned.

import type { ConcreteCall } from '../uapi/engine.js';
import type { CallResult } from '../uapi/outcome.js';
import type { ScheduleStep, ThreadGroup } from '../uapi/threadSchedule.js';
import { UnreachableScheduleError } from '../uapi/threadSchedule.js';
import { satisfiedPrefix } from './faultRun.js';
import { encodeState } from './encode.js';
import type { KernelModel } from './model.js';
import { type Population, stepPopulation, walkToFault } from './populateSteps.js';
import type { KernelState, Vpn } from './state.js';
import { startCall, step } from './step.js';
import { Tx } from './tx.js';
import { findVma, vmaAt } from './vmaList.js';

/** One thread between steps: its next call, the population of the call it is in, results. */
interface ThreadPos {
  readonly calls: readonly ConcreteCall[];
  next: number;
  population: Population | null;
  /** Held just before a fault: the next step of this thread makes that fault first. */
  held: boolean;
  readonly results: CallResult[];
}

/** The end of one run of a group: the state and each thread's results. */
export interface ThreadsEnd {
  readonly state: KernelState;
  readonly results: readonly (readonly CallResult[])[];
}

const isAccess = (c: ConcreteCall): boolean => c.call === 'read' || c.call === 'write';

/** The page a user access would fault in first, or null when it faults nothing in. */
function accessFault(model: KernelModel, state: KernelState, c: ConcreteCall): Vpn | null {
  const addr = c.args[0] ?? 0n;
  const vpn = Number(addr >> 12n);
  const tx = new Tx(model, state);
  const v = vmaAt(tx.mm.vmas, findVma(tx.mm.vmas, vpn));
  if (v === undefined) return null;
  const index = vpn - v.start;
  return satisfiedPrefix(tx, v, v.ptes.at(index), 1, c.call === 'write') > 0 ? null : vpn;
}

/** Starts the thread's next call: returns the state after its locked part. */
function startThreadCall(model: KernelModel, state: KernelState, t: ThreadPos): KernelState {
  const call = t.calls[t.next];
  if (call === undefined) throw new Error('threadRun: no call left');
  t.next++;
  const s = startCall(model, state, call);
  if (s.result !== null) t.results.push(s.result);
  t.population = s.population;
  t.held = false;
  return s.state;
}

/** One fault of the thread's population (or its return). */
function advanceThread(model: KernelModel, state: KernelState, t: ThreadPos): KernelState {
  if (t.population === null) throw new Error('threadRun: no population');
  const before = t.population.next;
  const s = stepPopulation(model, state, t.population);
  // Bounded progress: each step faults a page past the last one in, or returns, so a
  // population of n pages ends within n + 1 steps (mm/gup.c: each address is done once).
  if (s.population !== null && s.population.next <= before) {
    // Retried at the same page for ever (VM_FAULT_RETRY_FOREVER): the call never returns,
    // as the atomic path reports it (step.ts).
    t.population = null;
    t.held = false;
    t.results.push({ kind: 'hang' });
    return s.state;
  }
  t.population = s.population;
  t.held = false;
  if (s.result !== null) t.results.push(s.result);
  return s.state;
}

/** Runs the thread's current call, or its next one, to its end. */
function toReturn(model: KernelModel, state: KernelState, t: ThreadPos): KernelState {
  let s = state;
  if (t.population === null && !t.held) s = startThreadCall(model, s, t);
  else if (t.held && t.population === null) s = runAccess(model, s, t);
  while (t.population !== null) s = advanceThread(model, s, t);
  return s;
}

function runAccess(model: KernelModel, state: KernelState, t: ThreadPos): KernelState {
  const call = t.calls[t.next];
  if (call === undefined) throw new Error('threadRun: no access held');
  t.next++;
  t.held = false;
  const r = step(model, state, call);
  t.results.push(r.result);
  return r.state;
}

/** Goes on until the thread is about to fault in page `vpn`; false if it never does. */
function toFault(model: KernelModel, state: KernelState, t: ThreadPos, vpn: Vpn) {
  let s = state;
  for (;;) {
    if (t.held) s = t.population === null ? runAccess(model, s, t) : advanceThread(model, s, t);
    else if (t.population !== null) {
      const w = walkToFault(model, s, t.population);
      s = w.state;
      t.population = w.population;
      if (w.result !== null) t.results.push(w.result);
      if (w.faultAt === vpn) {
        t.held = true;
        return { state: s, reached: true };
      }
      if (t.population !== null) s = advanceThread(model, s, t);
    } else if (t.next < t.calls.length) {
      const call = t.calls[t.next];
      if (call !== undefined && isAccess(call) && accessFault(model, s, call) === vpn) {
        t.held = true;
        return { state: s, reached: true };
      }
      s =
        call !== undefined && isAccess(call)
          ? runAccess(model, s, t)
          : startThreadCall(model, s, t);
    } else return { state: s, reached: false };
  }
}

const positions = (group: ThreadGroup): ThreadPos[] =>
  group.threads.map((calls) => ({ calls, next: 0, population: null, held: false, results: [] }));

/** Runs the group in the order its schedule gives (UnreachableScheduleError if it cannot). */
export function runSchedule(
  model: KernelModel,
  state: KernelState,
  group: ThreadGroup,
  schedule: readonly ScheduleStep[],
): ThreadsEnd {
  const threads = positions(group);
  let s = state;
  schedule.forEach((st, k) => {
    const t = threads[st.thread];
    if (t === undefined) throw new UnreachableScheduleError(k, `no thread ${st.thread}`);
    if (st.until === 'return') {
      if (t.population === null && !t.held && t.next >= t.calls.length)
        throw new UnreachableScheduleError(k, 'the thread has no call left');
      s = toReturn(model, s, t);
      return;
    }
    const r = toFault(model, s, t, Number(st.addr >> 12n));
    s = r.state;
    if (!r.reached) {
      const page = `0x${st.addr.toString(16)}`;
      throw new UnreachableScheduleError(k, `no call of the thread faults in the page of ${page}`);
    }
  });
  for (const t of threads) {
    while (t.population !== null || t.held || t.next < t.calls.length) s = toReturn(model, s, t);
  }
  return { state: s, results: threads.map((t) => t.results) };
}

/** The most interleavings explored for one group before giving up. */
export const MAX_INTERLEAVINGS = 1_000_000;

/**
 * Every interleaving of the group's steps (a call's locked part, each fault of its
 * population), depth first; the distinct ends (state and results), in the order found.
 */
export function exploreInterleavings(
  model: KernelModel,
  state: KernelState,
  group: ThreadGroup,
): ThreadsEnd[] {
  const ends = new Map<string, ThreadsEnd>();
  const seen = new Set<string>();
  let paths = 0;
  const visitInterleavings = (s: KernelState, threads: ThreadPos[]): void => {
    const key = keyOf(s, threads);
    if (seen.has(key)) return;
    seen.add(key);
    let moved = false;
    threads.forEach((t, i) => {
      if (t.population === null && t.next >= t.calls.length) return;
      moved = true;
      const copy = threads.map((x) => ({ ...x, results: x.results.slice() }));
      const c = copy[i] as ThreadPos;
      const next = c.population !== null ? advanceThread(model, s, c) : startOrAccess(model, s, c);
      visitInterleavings(next, copy);
    });
    if (moved) return;
    if (++paths > MAX_INTERLEAVINGS)
      throw new RangeError(`more than ${MAX_INTERLEAVINGS} interleavings: give a schedule`);
    const end = { state: s, results: threads.map((t) => t.results) };
    ends.set(key, end);
  };
  visitInterleavings(state, positions(group));
  return [...ends.values()];
}

function startOrAccess(model: KernelModel, state: KernelState, t: ThreadPos): KernelState {
  const call = t.calls[t.next];
  return call !== undefined && isAccess(call)
    ? runAccess(model, state, t)
    : startThreadCall(model, state, t);
}

function keyOf(state: KernelState, threads: readonly ThreadPos[]): string {
  const out: number[] = [];
  encodeState(state, out);
  const where = threads.map((t) => {
    const p = t.population;
    const pending = p === null ? null : [p.start, p.next, p.end, showResult(p.result)];
    return [t.next, pending, t.results.map(showResult)];
  });
  return `${out.join(',')}|${JSON.stringify(where)}`;
}

function showResult(r: CallResult): string {
  if (r.kind === 'value') return r.value.toString();
  return r.kind === 'errno' ? r.errno : r.kind === 'signal' ? r.signal : 'hang';
}

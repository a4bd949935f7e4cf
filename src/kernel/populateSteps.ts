// A call's population as steps, for two threads of one process (issue 16). Since 3.9 a call
// that populates (mmap MAP_POPULATE/MAP_LOCKED, brk under MCL_FUTURE, mremap growth of a
// locked VMA, mlock, mlockall MCL_CURRENT; MADV_POPULATE_* since 5.14) does its write-locked
// part, drops mmap_lock, and only then walks the range (mm/gup.c:__mm_populate,
// faultin_page_range). A fault may drop the lock again (VM_FAULT_RETRY: a userfaultfd or a
// slow file page), and the walk then looks the VMA up again at the next address. So between
// two faults another thread can munmap, mmap MAP_FIXED, mprotect or munlock the range.
//
// The population left to do is small data (`Population`): the range, the next address, how
// errors count, what the call returns. One step = walk on to the next page that needs a fault
// (taking what is present, skipping what the walk skips: no lock is dropped there), then fault
// that page in. The atomic path (step.ts) never comes here: `Tx.deferPopulation` is false.

import { followTouch } from './dirty.js';
import { lruAddDrain } from './mlockBatch.js';
import { posixError } from './mlock.js';
import type { KernelModel } from './model.js';
import { notePageTables } from './pageTables.js';
import { settleFolios } from './hugePmd.js';
import { handleFault } from './fault.js';
import { FaultEnvironment } from './environment.js';
import { satisfiedPrefix } from './faultRun.js';
import type { PopulateCaller } from './decisions.js';
import { type GupFlags, FOLL_WRITE, hasFoll } from './gup.js';
import {
  type GupError,
  faultinGupFlags,
  faultinPageRange,
  followMlock,
  mmPopulate,
  vmaAllowsGup,
} from './populate.js';
import { type Result, err } from './result.js';
import type { KernelState, Vpn } from './state.js';
import { Tx } from './tx.js';
import { findVma, firstEndingAfter } from './vmaList.js';
import { VM_ACCESS_FLAGS, hasAny } from '../uapi/vmFlags.js';
import type { Injection } from '../uapi/injection.js';

/** What a call asked to populate, before its result is known (Tx.deferred). */
export interface DeferredPopulation {
  readonly caller: PopulateCaller;
  readonly start: Vpn;
  readonly end: Vpn;
  /** mm_populate's ignore_errors (mmap, brk, mremap, mlockall); mlock returns the error. */
  readonly ignoreErrors: boolean;
  /** faultin_page_range (MADV_POPULATE_READ/WRITE), or null for mm_populate. */
  readonly faultin: 'read' | 'write' | null;
}

/** The population a call still has to do, kept between steps. */
export interface Population extends DeferredPopulation {
  /** The next address to look at: its VMA is looked up again there. */
  readonly next: Vpn;
  /** What the call returns unless the population fails it. */
  readonly result: Result;
  /** The environment's answers to the call's faults (`inject` lines); absent: none. */
  readonly inject?: readonly Injection[];
}

/**
 * mm_populate after the write lock is dropped: deferred on a thread (when the model populates
 * there after unlocking), run at once otherwise.
 */
export function populateAfterUnlock(
  tx: Tx,
  caller: PopulateCaller,
  start: Vpn,
  end: Vpn,
  ignoreErrors: boolean,
): GupError | null {
  if (
    tx.deferPopulation &&
    tx.deferred === null &&
    tx.model.decisions.populatesAfterUnlock(caller)
  ) {
    tx.deferred = { caller, start, end, ignoreErrors, faultin: null };
    return null;
  }
  return mmPopulate(tx, start, end, ignoreErrors);
}

/** madvise_populate's faultin_page_range, deferred on a thread like populateAfterUnlock. */
export function faultinAfterUnlock(tx: Tx, start: Vpn, end: Vpn, write: boolean): GupError | null {
  if (
    tx.deferPopulation &&
    tx.deferred === null &&
    tx.model.decisions.populatesAfterUnlock('madvise')
  ) {
    const faultin = write ? 'write' : 'read';
    tx.deferred = { caller: 'madvise', start, end, ignoreErrors: false, faultin };
    return null;
  }
  return faultinPageRange(tx, start, end, write);
}

/** Where the walk stands: a page to fault in (vmas[i], gup flags), or the call's end. */
type Walk =
  | { readonly kind: 'fault'; readonly i: number; readonly vpn: Vpn; readonly gup: GupFlags }
  | { readonly kind: 'done'; readonly error: GupError | null };

const done = (error: GupError | null): Walk => ({ kind: 'done', error });

/**
 * From `cur.next` up to `to` in vmas[i]: takes what is present (mlocking it where GUP does),
 * skips what faultin_page skips, and stops at the first page that needs a fault (true).
 */
function seekInVma(tx: Tx, i: number, cur: { next: Vpn }, to: Vpn, gup: GupFlags): boolean {
  const write = hasFoll(gup, FOLL_WRITE);
  while (cur.next < to) {
    const v = tx.mm.vmas[i];
    if (v === undefined) throw new Error('seekInVma: lost the VMA');
    const index = cur.next - v.start;
    const len = Math.min(v.ptes.runLength(index), to - cur.next);
    const present = satisfiedPrefix(tx, v, v.ptes.at(index), len, write);
    if (present > 0) {
      followTouch(tx, i, cur.next, present, write);
      followMlock(tx, i, cur.next, present, gup);
      cur.next += present;
    } else if (tx.model.decisions.faultinPage(gup) === 'skip') cur.next += len;
    else return true;
  }
  return false;
}

/** mm/gup.c:__mm_populate from `cur.next`, VMA by VMA, to the next page to fault in. */
function seekMmPopulate(tx: Tx, p: Population, cur: { next: Vpn }): Walk {
  const d = tx.model.decisions;
  while (cur.next < p.end) {
    const i = firstEndingAfter(tx.mm.vmas, cur.next);
    const v = tx.mm.vmas[i];
    if (v === undefined || v.start >= p.end) break;
    cur.next = Math.max(cur.next, v.start);
    const pieceEnd = Math.min(p.end, v.end);
    const gup = d.populateSkipsVma(v.flags) ? null : d.populateGupFlags(v.flags);
    if (gup === null) {
      cur.next = pieceEnd;
      continue;
    }
    // populate_vma_page_range: PROT_NONE is -EFAULT before GUP (and its drain) runs.
    let failed = !hasAny(v.flags, VM_ACCESS_FLAGS);
    if (!failed && vmaAllowsGup(tx, v, gup)) {
      if (seekInVma(tx, i, cur, pieceEnd, gup)) return { kind: 'fault', i, vpn: cur.next, gup };
    } else if (!failed) failed = true;
    if (failed && !p.ignoreErrors) return done('EFAULT');
    if (hasAny(v.flags, VM_ACCESS_FLAGS)) lruAddDrain(tx);
    cur.next = pieceEnd;
  }
  return done(null);
}

/** mm/gup.c:faultin_page_range from `cur.next`: a hole is ENOMEM, an unfit VMA EINVAL. */
function seekFaultin(tx: Tx, p: Population, cur: { next: Vpn }): Walk {
  const gup = faultinGupFlags(p.faultin === 'write');
  while (cur.next < p.end) {
    const i = findVma(tx.mm.vmas, cur.next);
    const v = tx.mm.vmas[i];
    if (v === undefined) return done('ENOMEM');
    if (!vmaAllowsGup(tx, v, gup)) return done('EINVAL');
    if (seekInVma(tx, i, cur, Math.min(p.end, v.end), gup))
      return { kind: 'fault', i, vpn: cur.next, gup };
  }
  return done(null);
}

const seek = (tx: Tx, p: Population, cur: { next: Vpn }): Walk =>
  p.faultin === null ? seekMmPopulate(tx, p, cur) : seekFaultin(tx, p, cur);

/** What the call returns once its population ends with `error`. */
function finish(tx: Tx, p: Population, error: GupError | null): Result {
  if (p.faultin !== null) lruAddDrain(tx); // madvise_populate drains even after an error
  if (error === null || p.ignoreErrors) return p.result;
  return p.caller === 'mlock' ? err(posixError(error)) : err(error);
}

/** The state after a population step, and the population left (null: the call returned). */
export interface PopulationStep {
  readonly state: KernelState;
  readonly population: Population | null;
  /** The call's result once it returned. */
  readonly result: Result | null;
}

function ended(tx: Tx, p: Population, error: GupError | null): PopulationStep {
  const result = finish(tx, p, error);
  settleFolios(tx);
  notePageTables(tx);
  return { state: tx.commit(), population: null, result };
}

function held(tx: Tx, p: Population, next: Vpn): PopulationStep {
  settleFolios(tx);
  notePageTables(tx);
  return {
    state: tx.commit(),
    population: populationAt(p, next, p.result, p.inject),
    result: null,
  };
}

/**
 * A population of `d` at `next`, every one built here with its fields in one order: a spread of
 * populations of several shapes (started, decoded, held, with and without `inject`) is V8's
 * slow path, paid at every step.
 */
export function populationAt(
  d: DeferredPopulation,
  next: Vpn,
  result: Result,
  inject: readonly Injection[] | undefined,
): Population {
  const { caller, start, end, ignoreErrors, faultin } = d;
  return inject === undefined
    ? { caller, start, end, ignoreErrors, faultin, next, result }
    : { caller, start, end, ignoreErrors, faultin, next, result, inject };
}

/**
 * The page the population faults in next, walking on to it (what the walk takes on the way
 * is taken): the call is then held just before that fault. null when it returns first.
 */
export function walkToFault(
  model: KernelModel,
  state: KernelState,
  p: Population,
): PopulationStep & { readonly faultAt: Vpn | null } {
  const tx = new Tx(model, state);
  const cur = { next: p.next };
  const w = seek(tx, p, cur);
  // Fields written out, not spread: see populationAt.
  const faultAt = w.kind === 'done' ? null : w.vpn;
  const r = w.kind === 'done' ? ended(tx, p, w.error) : held(tx, p, w.vpn);
  return { state: r.state, population: r.population, result: r.result, faultAt };
}

/** One step: walk on to the next page to fault in, and fault it in (or return). */
export function stepPopulation(
  model: KernelModel,
  state: KernelState,
  p: Population,
): PopulationStep {
  const tx = new Tx(model, state);
  if (p.inject !== undefined)
    tx.env = FaultEnvironment.of({ call: 'read', args: [], inject: p.inject });
  const cur = { next: p.next };
  const w = seek(tx, p, cur);
  if (w.kind === 'done') return ended(tx, p, w.error);
  const write = hasFoll(w.gup, FOLL_WRITE);
  const v = tx.mm.vmas[w.i];
  const pieceEnd = v === undefined ? w.vpn + 1 : Math.min(p.end, v.end);
  const fault = handleFault(tx, w.i, w.vpn, write);
  // Retried without progress (VM_FAULT_RETRY_FOREVER): the call stays at this page; the
  // population makes no progress (spec/invariants/populationMakesProgress.ts).
  if (fault === 'RETRY' && tx.env.hung) return held(tx, p, w.vpn);
  // A fault that would raise SIGBUS or SIGSEGV is -EFAULT to GUP.
  if (fault !== 'ok') {
    if (p.faultin !== null || !p.ignoreErrors) return ended(tx, p, 'EFAULT');
    lruAddDrain(tx);
    return pieceEnd >= p.end ? ended(tx, p, null) : held(tx, p, pieceEnd);
  }
  followMlock(tx, w.i, w.vpn, 1, w.gup);
  const next = w.vpn + 1;
  if (p.faultin === null && next === pieceEnd) lruAddDrain(tx);
  return next >= p.end ? ended(tx, p, null) : held(tx, p, next);
}

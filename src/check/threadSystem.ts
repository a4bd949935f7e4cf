// The bounded kernel system with two threads of one process (`--bound ...,threads=2`, issue
// 16). A run is a single-threaded prefix of calls (the letters of the ordinary bound), then
// one group of two threads, A and B, each making calls of the same alphabet. `depth` counts
// calls, prefix and threads together; the steps between are the kernel's own lock boundaries
// (src/kernel/populateSteps.ts): a call's write-locked part, with its population walked on to
// the first page it must fault in, is one step, and each fault of the population after
// mmap_lock is dropped (walking on to the next page to fault) is one more. The steps are the
// ones a trace's `schedule` line can name (`A until fault(X)`), so every run is a thread trace
// that replays as it was found (threadTrace.ts).
//
// Reductions (`reduce`, spec/reduction.md): 'calls' forgets how many calls each thread has
// made (nothing the search does next reads it, so states that differ only there are one);
// 'populations', once no thread can start another call, explores thread A's population step
// alone where it commutes with all of B's remaining run (_internals/runsAloneFirst.ts);
// 'prefix' drops a first call of the group that returns within its step where the same call of
// the prefix reaches the same state; 'symmetry' stores a state and its image with A and B swapped
// as one (threadSymmetry.ts); 'leaves' stores no state that can take no step (every call made,
// no population held): a call into one is not explored (its step judges nothing), a population
// step into one is judged and not stored; 'tails' stores no state from which one thread alone
// can step (no call left, the other idle) when the chain of its steps to the end breaks no
// property: the chain is walked in place and judged there (_internals/quietFuture.ts); 'ends'
// does the same for every state with no call left, both threads populating included (their
// interleavings walked in place, at more CPU than storing them costs: not a default).

import type { KernelCall } from '../kernel/call.js';
import type { KernelModel } from '../kernel/model.js';
import type { Result } from '../kernel/result.js';
import type { KernelState, Vpn } from '../kernel/state.js';
import { type Population, stepPopulation, walkToFault } from '../kernel/populateSteps.js';
import { startCall, step } from '../kernel/step.js';
import type { TransitionSystem } from '../explore/transitionSystem.js';
import {
  type DeferredStep,
  deferredPopulationOwnsItsMappings,
} from '../../spec/invariants/deferredPopulationOwnsItsMappings.js';
import {
  type PopulationStepCount,
  populationMakesProgress,
} from '../../spec/invariants/populationMakesProgress.js';
import { kernelAlphabet } from './alphabet.js';
import { type BoundedState, callOf, placesRegion } from './boundedState.js';
import { type KernelBound, checkBound } from './kernelBound.js';
import type { Letter } from './letter.js';
import { describeLetter } from './describeLetter.js';
import {
  type Coverage,
  type CoverageCounts,
  addCoverage,
  countingModel,
  emptyCoverage,
  takeCoverage,
} from './coverage.js';
import { initialBounded } from './kernelSystem.js';
import { layoutOf } from './_internals/layout.js';
import { StateCodec } from './_internals/stateCodec.js';
import { type ThreadSteps, runsAloneFirst } from './_internals/runsAloneFirst.js';
import { Decoder } from '../explore/decoder.js';
import { Encoder } from '../explore/encoder.js';
import { ThreadSlotCodec } from './_internals/threadSlotCodec.js';
import { QuietMemo, quietFuture } from './_internals/quietFuture.js';
import { swapThreads } from './threadSymmetry.js';

/** One thread of the group between steps. */
export interface ThreadSlot {
  /** Calls the thread started. */
  readonly calls: number;
  /** The population of its current call, held before the fault at `population.next`. */
  readonly population: Population | null;
  /** Population steps of the current call so far. */
  readonly steps: number;
  /** Pages of the current call's range another call mapped anew since its locked part. */
  readonly foreign: readonly (readonly [Vpn, Vpn])[];
}

/** What one step did, for the properties and the traces: never encoded. */
export interface ThreadStepInfo {
  readonly thread: number;
  /** The call the step started (null: a population step). */
  readonly call: KernelCall | null;
  /** The result of the call when it returned with this step. */
  readonly result: Result | null;
  readonly deferred: DeferredStep | null;
  readonly progress: PopulationStepCount | null;
}

export interface ThreadsState {
  readonly base: BoundedState;
  /** Calls made, prefix and threads together. */
  readonly calls: number;
  /** null in the prefix; the two threads once the group has started. */
  readonly threads: readonly [ThreadSlot, ThreadSlot] | null;
  /**
   * The thread that placed the group's regions (NULL hints), null before one did. Without
   * 'symmetry' only A places; with it whichever thread places first, and only it, places the
   * rest, so a run renamed to make that thread A is a run with A placing (threadSymmetry.ts).
   */
  readonly placer: number | null;
  readonly info: ThreadStepInfo | null;
}

/** `thread` -1: a call of the prefix; else thread A (0) or B (1): a call, or a population step. */
export interface ThreadLabel {
  readonly thread: number;
  readonly letter: Letter | null;
}

export interface ThreadSystem extends TransitionSystem<ThreadsState, ThreadLabel> {
  readonly bound: KernelBound;
  readonly model: KernelModel;
  readonly alphabet: readonly Letter[];
  /** Decision points the exploration reached (the counting model's counts). */
  readonly coverage: Coverage;
}

export const THREAD_NAMES = ['A', 'B'] as const;

const IDLE: ThreadSlot = { calls: 0, population: null, steps: 0, foreign: [] };
/** Calls a thread's body cannot hold (trace-format.md: calls and accesses only). */
/**
 * The ends' memo holds at most this many states (a state's words are about 100 to 350 bytes):
 * past it, it starts again empty, so a worker's memo stays within some hundred MB.
 */
const MEMO_ENTRIES = 1 << 20;
/** The slots whose words are kept at most (see `packed`). */
const KNOWN_SLOTS = 1 << 16;
const NOT_IN_THREAD: ReadonlySet<string> = new Set(['fork', 'exit', 'execve']);

/** The pages a successful call mapped anew: mmap's range, mremap's new range past the old. */
function mappedAnew(call: KernelCall, result: Result | null): readonly [Vpn, Vpn] | null {
  if (result?.kind !== 'value') return null;
  const pages = (len: bigint | undefined) => Number(((len ?? 0n) + 4095n) >> 12n);
  const at = Number(result.value >> 12n);
  if (call.call === 'mmap') return [at, at + pages(call.args[1])];
  if (call.call === 'mremap') {
    const old = Number((call.args[0] ?? 0n) >> 12n);
    const grown = pages(call.args[2]);
    if (at !== old) return [at, at + grown];
    const kept = pages(call.args[1]);
    return grown > kept ? [at + kept, at + grown] : null;
  }
  return null;
}

function withForeign(t: ThreadSlot, range: readonly [Vpn, Vpn] | null): ThreadSlot {
  const p = t.population;
  if (range === null || p === null) return t;
  const start = Math.max(range[0], p.start);
  const end = Math.min(range[1], p.end);
  return start < end ? { ...t, foreign: [...t.foreign, [start, end]] } : t;
}

/**
 * The slot without the pages of `range`: a call that populates them itself asked for them to be
 * populated, so another call's population reaching them first populates what was asked for.
 */
function withoutForeign(t: ThreadSlot, range: readonly [Vpn, Vpn] | null): ThreadSlot {
  if (range === null || t.foreign.length === 0) return t;
  const [from, to] = range;
  const left = t.foreign.flatMap(([start, end]): (readonly [Vpn, Vpn])[] =>
    end <= from || start >= to
      ? [[start, end]]
      : [
          ...(start < from ? [[start, from] as const] : []),
          ...(end > to ? [[to, end] as const] : []),
        ],
  );
  return left.length === t.foreign.length && left.every((r, k) => r === t.foreign[k])
    ? t
    : { ...t, foreign: left };
}

const bothIdle = (s: ThreadsState): boolean =>
  s.threads !== null && s.threads.every((t) => t.population === null);

/** Walks a population on to its next fault: held there (population) or returned (result). */
function walkOn(model: KernelModel, state: KernelState, p: Population) {
  const w = walkToFault(model, state, p);
  return { state: w.state, population: w.population, result: w.result };
}

/** The reductions of the threads bound (spec/reduction.md). */
export const THREAD_REDUCTIONS = [
  'calls',
  'prefix',
  'populations',
  'symmetry',
  'leaves',
  'tails',
  'ends',
] as const;
export type ThreadReduction = (typeof THREAD_REDUCTIONS)[number];
/**
 * What `check` applies unless told otherwise: 'calls', 'prefix', 'symmetry', 'leaves' and 'tails'
 * (`test/check/threadReduction.test.ts`, `threadSymmetry.test.ts`: the same verdicts and
 * shortest runs). 'populations' keeps them too but costs more in its probes than it saves,
 * and 'ends' stores fewer states for more CPU (spec/reduction.md, figures): each is asked for
 * by name.
 */
export const DEFAULT_THREAD_REDUCTIONS: readonly ThreadReduction[] = [
  'calls',
  'prefix',
  'symmetry',
  'leaves',
  'tails',
];

export interface ThreadSystemOptions {
  /** The reductions to apply (default none here; `check` passes its own default). */
  readonly reduce?: readonly ThreadReduction[];
  /** Property names to check (all when empty). */
  readonly properties?: readonly string[];
}

export function threadSystem(
  base: KernelModel,
  bound: KernelBound,
  options: ThreadSystemOptions = {},
): ThreadSystem {
  checkBound(bound);
  const only = options.properties ?? [];
  const wanted = <P extends { readonly name: string }>(ps: P[]): P[] =>
    ps.filter((p) => only.length === 0 || only.includes(p.name));
  // Decision points are counted as the single-threaded system counts them (coverage.ts).
  const coverage = emptyCoverage(base);
  const model = countingModel(base, coverage);
  const alphabet = kernelAlphabet(bound);
  const codec = new StateCodec(layoutOf(bound));
  const places = alphabet.map(placesRegion);
  const reduce = new Set(options.reduce ?? []);
  // NOTE: `t.calls` is bookkeeping for the traces' thread bodies; no successor or property reads it.
  const forgetCalls = reduce.has('calls');
  const slots = new ThreadSlotCodec(layoutOf(bound), bound.depth, !forgetCalls);
  const slotWords = Math.ceil(slots.bits / 32) + 1;
  const slotEncoder = new Encoder(slotWords, 'threadSystem slot');
  const slotDecoder = new Decoder();
  /**
   * A slot's words, made once a slot object: the state's encoding and the symmetry's order.
   * The slots packed are those of one expansion (the state's and its successors' and, under
   * 'ends', its walk's), so the cache is emptied at each expansion and past `KNOWN_SLOTS`: a
   * WeakMap kept across expansions cost more in the collector than the packing it saved.
   */
  const known = new Map<ThreadSlot, Int32Array>();
  const packed = (t: ThreadSlot): Int32Array => {
    let words = known.get(t);
    if (words === undefined) {
      if (known.size >= KNOWN_SLOTS) known.clear();
      slotEncoder.reset();
      slots.encode(t, slotEncoder);
      slotEncoder.finish();
      words = slotEncoder.words.slice();
      known.set(t, words);
    }
    return words;
  };
  /** Compares two slots by their words: the order every thread of the search agrees on. */
  const compareSlots = (a: ThreadSlot, b: ThreadSlot): number => {
    if (a === b) return 0;
    const x = packed(a);
    const y = packed(b);
    for (let k = 0; k < slotWords; k++) {
      const d = (x[k] ?? 0) - (y[k] ?? 0);
      if (d !== 0) return d;
    }
    return 0;
  };
  const symmetric = reduce.has('symmetry');
  const leaves = reduce.has('leaves');
  /** No step from here: every call made and no population held (threads null: the prefix's). */
  const deadEnd = (s: ThreadsState): boolean =>
    s.calls >= bound.depth && (s.threads === null || s.threads.every((t) => t.population === null));
  /** No call left to start and a population held: the future is the populations' interleavings. */
  const atEnd = (s: ThreadsState): boolean =>
    s.threads !== null && s.calls >= bound.depth && s.threads.some((t) => t.population !== null);
  /** At the end with one thread alone populating: the future is a chain. */
  const inTail = (s: ThreadsState): boolean =>
    atEnd(s) && s.threads?.some((t) => t.population === null) === true;
  // 'tails', 'ends': the states at the end whose future breaks no property, left unstored.
  const tails = reduce.has('tails');
  const ends = reduce.has('ends');
  // The successors of the state being expanded found quiet: the explorer asks `isLeaf` of a
  // successor as it is emitted, so the set is emptied at each expansion (a WeakSet, kept
  // across expansions, cost a few percent of the CPU in its adds).
  const quiet = new Set<ThreadsState>();
  // 'ends': what the walks found, so each end's future is walked once (not once a step into it).
  const memo = ends ? new QuietMemo(MEMO_ENTRIES) : null;
  /** A population advances a page of the layout a step (more: the state is stored). */
  const chainLimit = layoutOf(bound).slots * (bound.pages + 2) + 2;
  const breaks = (from: ThreadsState, label: ThreadLabel, to: ThreadsState): boolean =>
    properties.some((p) => !p.holds(from, label, to));
  const walk = (s: ThreadsState, emit: (l: ThreadLabel, n: ThreadsState) => void) =>
    expand(s, emit, false);
  /** Marks `next` quiet when its future breaks nothing (spec/reduction.md, 'tails', 'ends'). */
  const noteEnd = (next: ThreadsState): ThreadsState => {
    if (
      ends && atEnd(next)
        ? quietFuture(next, walk, breaks, memoKey, chainLimit ** 2, memo)
        : tails && inTail(next) && quietFuture(next, walk, breaks, null, chainLimit)
    )
      quiet.add(next);
    return next;
  };
  /** Whether thread `i` may start a letter that places a region (see `placer`). */
  const mayPlace = (s: ThreadsState, i: number): boolean =>
    symmetric ? s.placer === null || s.placer === i : i === 0;
  /** The placer while a placement can still come (a region left, a call left), else null. */
  const placerCode = (s: ThreadsState): number =>
    s.placer === null || s.base.hints >= bound.regions || s.calls >= bound.depth ? 0 : s.placer + 1;

  const encode = (s: ThreadsState, out: Encoder) => {
    out.word(s.calls);
    out.word(s.threads === null ? 0 : 1 + placerCode(s));
    if (s.threads !== null) for (const t of s.threads) for (const w of packed(t)) out.word(w);
    codec.encode(s.base, out);
  };

  const unpackSlot = (input: Decoder): ThreadSlot => {
    const words = new Int32Array(slotWords);
    for (let k = 0; k < slotWords; k++) words[k] = input.word();
    return slots.decode(slotDecoder.reset(words));
  };

  const decode = (input: Decoder): ThreadsState => {
    const calls = input.word();
    const group = input.word();
    const threads: [ThreadSlot, ThreadSlot] | null =
      group === 0 ? null : [unpackSlot(input), unpackSlot(input)];
    return {
      base: codec.decode(input),
      calls,
      threads,
      placer: group < 2 ? null : group - 2,
      info: null,
    };
  };

  /** Thread `i` starts `call`: its locked part, then a walk to its first fault. */
  const startOn = (s: ThreadsState, i: number, letterIndex: number, call: KernelCall) => {
    const threads = s.threads ?? [IDLE, IDLE];
    const t = threads[i] as ThreadSlot;
    const hints = s.base.hints + (places[letterIndex] === true ? 1 : 0);
    let kernel: KernelState;
    let population: Population | null = null;
    let result: Result | null;
    let started: Population | null = null;
    if (call.call === 'read' || call.call === 'write') {
      const r = step(model, s.base.kernel, call);
      kernel = r.state;
      result = r.result;
    } else {
      const begun = startCall(model, s.base.kernel, call);
      kernel = begun.state;
      result = begun.result;
      started = begun.population;
      if (started !== null) {
        const w = walkOn(model, kernel, started);
        kernel = w.state;
        population = w.population;
        result = w.result;
      }
    }
    const mine: ThreadSlot = { calls: t.calls + 1, population, steps: 0, foreign: [] };
    const asked = started === null ? null : ([started.start, started.end] as const);
    const other = withoutForeign(
      withForeign(
        threads[1 - i] as ThreadSlot,
        mappedAnew(call, result ?? population?.result ?? null),
      ),
      asked,
    );
    const next: [ThreadSlot, ThreadSlot] = i === 0 ? [mine, other] : [other, mine];
    const info: ThreadStepInfo = { thread: i, call, result, deferred: null, progress: null };
    return {
      base: { kernel, hints, setup: s.base.setup, result, call },
      calls: s.calls + 1,
      threads: next,
      placer: symmetric && places[letterIndex] === true ? i : s.placer,
      info,
    } satisfies ThreadsState;
  };

  /** Thread `i` faults the page it is held at, and walks on to its next fault. */
  const advance = (s: ThreadsState, i: number): ThreadsState => {
    const threads = s.threads;
    const t = threads?.[i];
    const p = t?.population ?? null;
    if (threads === null || t === undefined || p === null)
      throw new Error('advance: no population');
    const one = stepPopulation(model, s.base.kernel, p);
    let kernel = one.state;
    let population = one.population;
    let result = one.result;
    // No progress (a retry at the same page): held there again, no walk.
    if (population !== null && population.next > p.next) {
      const w = walkOn(model, kernel, population);
      kernel = w.state;
      population = w.population;
      result = w.result;
    }
    const steps = t.steps + 1;
    // Object literals of one shape, not spreads: a spread of objects of several shapes (decoded,
    // started, advanced) takes V8's slow generic path, which this step, run for every
    // transition and every state of a walked future, paid for several percent of the CPU.
    const mine: ThreadSlot =
      population === null
        ? { calls: t.calls, population: null, steps: 0, foreign: IDLE.foreign }
        : { calls: t.calls, population, steps, foreign: t.foreign };
    const next: [ThreadSlot, ThreadSlot] = i === 0 ? [mine, threads[1]] : [threads[0], mine];
    const info: ThreadStepInfo = {
      thread: i,
      call: null,
      result,
      deferred: { before: s.base.kernel, after: kernel, foreign: t.foreign },
      progress: {
        start: p.start,
        end: p.end,
        nextBefore: p.next,
        nextAfter: population === null ? null : population.next,
        steps,
      },
    };
    return {
      base: { kernel, hints: s.base.hints, setup: s.base.setup, result, call: null },
      calls: s.calls,
      threads: next,
      placer: s.placer,
      info,
    };
  };

  const properties = wanted([
    {
      name: deferredPopulationOwnsItsMappings.name,
      holds: (_f: ThreadsState, _l: ThreadLabel, to: ThreadsState) =>
        to.info?.deferred == null || deferredPopulationOwnsItsMappings.holds(to.info.deferred),
    },
    {
      name: populationMakesProgress.name,
      holds: (_f: ThreadsState, _l: ThreadLabel, to: ThreadsState) =>
        to.info?.progress == null || populationMakesProgress.holds(to.info.progress),
    },
  ]);

  const encodedWords = layoutOf(bound).words + 2 + 2 * slotWords;
  const encoder = new Encoder(encodedWords, 'threadSystem');
  const populationSteps: ThreadSteps<ThreadsState> = {
    next: (s, i) => (s.threads?.[i]?.population == null ? null : advance(s, i)),
    key: (s) => {
      encoder.reset();
      encode(s, encoder);
      encoder.finish();
      return encoder.words.join(',');
    },
    broken: (from, i, to) =>
      properties
        .filter((p) => !p.holds(from, { thread: i, letter: null }, to))
        .map((p) => p.name)
        .join(','),
  };

  /** A state and its image with the threads swapped: the one with the smaller slot first. */
  const canonical = (s: ThreadsState): ThreadsState => {
    if (s.threads === null) return s;
    const order = compareSlots(s.threads[0], s.threads[1]);
    return order > 0 || (order === 0 && placerCode(s) === 2) ? swapThreads(s) : s;
  };
  /**
   * The memo's key of a state: its class's words (quietness is a property of the class:
   * spec/reduction.md), trailing zeros cut; a view of the encoder's words, read before the
   * next encoding.
   */
  const memoKey = (s: ThreadsState): Int32Array => {
    encoder.reset();
    encode(symmetric ? canonical(s) : s, encoder);
    encoder.finish();
    const w = encoder.words;
    let n = w.length;
    while (n > 0 && w[n - 1] === 0) n--;
    return w.subarray(0, n);
  };

  /** No call can start, both threads populate, and A's step may go first (spec/reduction.md). */
  const onlyA = (s: ThreadsState): boolean => {
    if (!reduce.has('populations') || s.threads === null || s.calls < bound.depth) return false;
    const [a, b] = s.threads;
    if (a.population === null || b.population === null) return false;
    return runsAloneFirst(s, 0, 1, populationSteps);
  };

  /** The steps from `s`; `note`: mark the successors at the end whose future is quiet. */
  const expand = (
    s: ThreadsState,
    emit: (label: ThreadLabel, next: ThreadsState) => void,
    note: boolean,
  ): void => {
    const noteTail = (next: ThreadsState): ThreadsState => (note ? noteEnd(next) : next);
    const canCall = s.calls < bound.depth;
    // 'prefix': the states the prefix's calls reach, to drop a thread's call that ends in one.
    const prefixKeys = reduce.has('prefix') && s.threads === null ? new Set<string>() : null;
    // 'leaves': a prefix call that makes the last call reaches a dead end and judges nothing.
    const lastCall = s.calls + 1 >= bound.depth;
    if (canCall && s.threads === null && !(leaves && lastCall))
      alphabet.forEach((letter, k) => {
        const call = callOf(letter, s.base, bound.regions);
        if (call === null || letter.call === 'execve') return;
        const r = step(model, s.base.kernel, call);
        const hints = s.base.hints + (places[k] === true ? 1 : 0);
        const next: ThreadsState = {
          base: { kernel: r.state, hints, setup: s.base.setup, result: r.result, call },
          calls: s.calls + 1,
          threads: null,
          placer: null,
          info: null,
        };
        prefixKeys?.add(populationSteps.key(next));
        emit({ thread: -1, letter }, next);
      });
    if (s.base.kernel.procs.length > 1) return; // a fork block of the prefix is still open
    const reduced = onlyA(s);
    for (const i of [0, 1]) {
      if (i === 1 && reduced) continue;
      const t = s.threads?.[i] ?? IDLE;
      if (t.population !== null) {
        emit({ thread: i, letter: null }, noteTail(advance(s, i)));
        continue;
      }
      if (!canCall) continue;
      alphabet.forEach((letter, k) => {
        if (NOT_IN_THREAD.has(letter.call)) return;
        // NULL hints are placed when the group starts, thread A's first (trace-format.md):
        // one thread places regions, so the order the explorer places them is the trace's.
        if (places[k] === true && !mayPlace(s, i)) return;
        const call = callOf(letter, s.base, bound.regions);
        if (call === null) return;
        const next = startOn(s, i, k, call);
        // A call's start judges nothing: one into a dead end is a run that can break nothing.
        if (leaves && deadEnd(next)) return;
        if (prefixKeys !== null && bothIdle(next)) {
          // The group's first call returned within its step: the prefix call reaching the
          // same state does all this state can (spec/reduction.md, 'prefix').
          if (prefixKeys.has(populationSteps.key({ ...next, threads: null, placer: null }))) return;
        }
        emit({ thread: i, letter }, noteTail(next));
      });
    }
  };

  return {
    name: `${base.name} @ ${bound.name}`,
    bound,
    model: base,
    alphabet,
    coverage,
    encodedWords,
    initial: () =>
      bound.setups.map((_, i) => ({
        base: initialBounded(base, bound, i),
        calls: 0,
        threads: null,
        placer: null,
        info: null,
      })),
    successors: (s, emit) => {
      quiet.clear();
      known.clear();
      expand(s, emit, true);
    },
    encode,
    decode,
    ...(leaves || tails || ends
      ? {
          isLeaf: (s: ThreadsState): boolean => (leaves && deadEnd(s)) || quiet.has(s),
        }
      : {}),
    ...(symmetric
      ? {
          // A state and its image with the threads swapped are one: the representative has
          // the smaller slot first (spec/reduction.md, 'symmetry').
          canonicalize: canonical,
        }
      : {}),
    invariants: [],
    transitionProperties: properties,
    // Worker threads count into their own copies (threadSystemRef.ts).
    takeStatistics: () => takeCoverage(coverage),
    addStatistics: (counts) => addCoverage(coverage, counts as CoverageCounts),
    describeLabel: (l) =>
      l.thread < 0
        ? describeLetter(l.letter ?? { call: 'exit', args: [] })
        : `${THREAD_NAMES[l.thread] ?? '?'}: ${l.letter === null ? 'population step' : describeLetter(l.letter)}`,
  };
}

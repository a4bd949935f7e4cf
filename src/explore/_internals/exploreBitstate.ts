// Bit-state (supertrace) breadth-first search on the calling thread: the visited set is a
// bitmap, a state is seen when all k of its bits are set (double hashing: bit h1 + i*h2). Only
// two levels of states are held, as words (the one being expanded and the next); for traces,
// each state keeps the index of its parent and which of the parent's transitions reached it,
// 8 bytes, so a counterexample is replayed from the initial state as the store's traces are.

import { Decoder } from '../decoder.js';
import { Encoder } from '../encoder.js';
import type { Bitstate, ExploreOptions } from '../exploreOptions.js';
import type {
  ExploreReport,
  PropertyResult,
  StopReason,
  Trace,
  TraceStep,
} from '../exploreReport.js';
import { bitstateFigures } from '../exploreReport.js';
import type { TransitionSystem } from '../transitionSystem.js';
import { peakRssMB } from './buildReport.js';
import { GrowingInts } from './growingInts.js';
import { hashWords } from './hashWords.js';
import { RunMonitor, yieldToEventLoop } from './runMonitor.js';

const SECOND_SEED = 0x5bd1e995;

export async function exploreBitstate<S, L>(
  system: TransitionSystem<S, L>,
  bitstate: Bitstate,
  options: ExploreOptions,
): Promise<ExploreReport<S, L>> {
  const decode = system.decode?.bind(system);
  if (decode === undefined)
    throw new TypeError(`explore: bit-state search needs '${system.name}' to decode its states`);
  const { log2Bits, hashes } = bitstate;
  if (!Number.isInteger(log2Bits) || log2Bits < 10 || log2Bits > 32)
    throw new RangeError(`explore: a bitmap of 2^${log2Bits} bits (from 2^10 to 2^32)`);
  if (!Number.isInteger(hashes) || hashes < 1 || hashes > 8)
    throw new RangeError(`explore: ${hashes} hash functions (from 1 to 8)`);
  const width = system.encodedWords;
  const bitmap = new Int32Array(2 ** (log2Bits - 5));
  const mask = log2Bits === 32 ? 0xffffffff : 2 ** log2Bits - 1;
  const monitor = new RunMonitor(options);
  const encoder = new Encoder(width, `${system.name}.encode`);
  const decoder = new Decoder();
  const canonical = (s: S): S => (system.canonicalize === undefined ? s : system.canonicalize(s));
  const parents = new GrowingInts();
  const ordinals = new GrowingInts();
  let level = new GrowingInts();
  let next = new GrowingInts();
  let states = 0;
  let transitions = 0;

  /** Sets the bits of `encoder.words`; true when some bit was clear (a new state). */
  const visit = (): boolean => {
    const key = encoder.words;
    const h1 = hashWords(key, width);
    const h2 = hashWords(key, width, 0, SECOND_SEED) | 1;
    let fresh = false;
    for (let i = 0; i < hashes; i++) {
      const bit = ((h1 + Math.imul(i, h2)) & mask) >>> 0;
      const word = bit >>> 5;
      const flag = 1 << (bit & 31);
      const old = bitmap[word] ?? 0;
      if ((old & flag) === 0) {
        fresh = true;
        bitmap[word] = old | flag;
      }
    }
    return fresh;
  };
  const encode = (s: S): void => {
    encoder.reset();
    system.encode(s, encoder);
    encoder.finish();
  };
  const store = (parent: number, ordinal: number): void => {
    next.pushWords(encoder.words, width);
    parents.push(parent);
    ordinals.push(ordinal);
    states++;
  };

  const initials: S[] = [];
  for (const s of system.initial()) {
    const c = canonical(s);
    encode(c);
    if (!visit()) continue;
    store(-1, initials.length);
    initials.push(decode(decoder.reset(encoder.words)));
  }
  const invariants = system.invariants;
  const props = system.transitionProperties ?? [];
  const violations: number[] = new Array<number>(invariants.length + props.length).fill(-1);
  const allViolated = (): boolean =>
    options.exhaustive !== true && violations.length > 0 && violations.every((v) => v >= 0);
  const maxDepth = options.maxDepth ?? Infinity;
  const maxStates = options.maxStates ?? Infinity;
  const partition = options.partition ?? null;
  const initialCount = states;
  let stop: StopReason = 'complete';
  let depth = 0;
  let levelStart = 0;
  let peakBytes = bitmap.byteLength;
  const current = new Int32Array(width);
  search: for (;;) {
    [level, next] = [next, level];
    next.clear();
    const count = level.length / width;
    if (count === 0) break;
    for (let j = 0; j < count; j++) {
      const index = levelStart + j;
      level.copyWords(j * width, width, current);
      const s = decode(decoder.reset(current));
      for (let k = 0; k < invariants.length; k++)
        if (violations[k] === -1 && invariants[k]?.holds(s) === false) violations[k] = index;
      if (depth >= maxDepth) continue;
      let ordinal = -1;
      system.successors(s, (label, to) => {
        ordinal++;
        if (partition !== null && index < initialCount)
          if ((index + ordinal) % partition.count !== partition.index) return;
        transitions++;
        for (let k = 0; k < props.length; k++) {
          const slot = invariants.length + k;
          if (violations[slot] === -1 && props[k]?.holds(s, label, to) === false)
            violations[slot] = index;
        }
        encode(canonical(to));
        if (visit()) store(index, ordinal);
      });
      if (allViolated()) {
        stop = 'all-violated';
        break search;
      }
      if (states >= maxStates) {
        stop = 'max-states';
        break search;
      }
      if (monitor.due()) {
        monitor.progress(states, transitions, depth);
        await yieldToEventLoop();
        const soft = monitor.softStop();
        if (soft !== null) {
          stop = soft;
          break search;
        }
      }
    }
    peakBytes = Math.max(
      peakBytes,
      bitmap.byteLength + parents.bytes + ordinals.bytes + level.bytes + next.bytes,
    );
    // States at maxDepth were checked above and not expanded.
    if (depth >= maxDepth) {
      stop = 'max-depth';
      break;
    }
    levelStart += count;
    if (next.length === 0) break;
    depth++;
  }
  const seconds = monitor.seconds;
  const statistics = system.takeStatistics?.();
  const replay: Replay<S, L> = { system, initials, parents, ordinals, canonical, decode };
  const undecided = stop === 'complete' ? null : stop;
  const verdictOf = (k: number, trace: () => Trace<S, L>): PropertyResult<S, L>['verdict'] =>
    (violations[k] ?? -1) >= 0
      ? { status: 'violated', trace: trace() }
      : undecided === null
        ? { status: 'holds' }
        : { status: 'unknown', reason: undecided };
  const properties: PropertyResult<S, L>[] = [
    ...invariants.map((inv, k) => ({
      name: inv.name,
      kind: 'invariant' as const,
      verdict: verdictOf(k, () => replayTo(replay, violations[k] ?? 0)),
    })),
    ...props.map((prop, k) => ({
      name: prop.name,
      kind: 'transition' as const,
      verdict: verdictOf(invariants.length + k, () => {
        const prefix = replayTo(replay, violations[invariants.length + k] ?? 0);
        const from = prefix.steps.at(-1)?.state ?? prefix.initial;
        let last: TraceStep<S, L> | undefined;
        system.successors(from, (label, to) => {
          if (last === undefined && !prop.holds(from, label, to))
            last = { label, state: fresh(replay, to) };
        });
        if (last === undefined) throw new Error(`${system.name}: '${prop.name}' no longer fails`);
        return { initial: prefix.initial, steps: [...prefix.steps, last] };
      }),
    })),
  ];
  return {
    system: system.name,
    stopReason: stop,
    states,
    transitions,
    depth,
    seconds,
    statesPerSecond: seconds > 0 ? Math.round(states / seconds) : 0,
    peakRssMB: peakRssMB(),
    workers: 1,
    properties,
    ...(statistics === undefined ? {} : { statistics }),
    bitstate: bitstateFigures(states, 2 ** log2Bits, hashes, peakBytes),
  };
}

interface Replay<S, L> {
  readonly system: TransitionSystem<S, L>;
  readonly initials: readonly S[];
  readonly parents: GrowingInts;
  readonly ordinals: GrowingInts;
  readonly canonical: (s: S) => S;
  readonly decode: (d: Decoder) => S;
}

/** A fresh copy of a (possibly scratch) successor, canonicalized as the search stored it. */
function fresh<S, L>(r: Replay<S, L>, s: S): S {
  const encoder = new Encoder(r.system.encodedWords);
  r.system.encode(r.canonical(s), encoder);
  encoder.finish();
  return r.decode(new Decoder().reset(encoder.words));
}

/** The path to state `index`, replayed: each step is the stored ordinal of its parent's successors. */
function replayTo<S, L>(r: Replay<S, L>, index: number): Trace<S, L> {
  const path: number[] = [];
  for (let i = index; i >= 0; i = r.parents.at(i)) path.push(i);
  path.reverse();
  const root = r.initials[r.ordinals.at(path[0] ?? 0)];
  if (root === undefined) throw new Error('explore: a bit-state trace lost its initial state');
  const steps: TraceStep<S, L>[] = [];
  let from: S = root;
  for (const child of path.slice(1)) {
    const want = r.ordinals.at(child);
    const hits: TraceStep<S, L>[] = [];
    let ordinal = -1;
    r.system.successors(from, (label, to) => {
      if (++ordinal === want) hits.push({ label, state: fresh(r, to) });
    });
    const found = hits[0];
    if (found === undefined) throw new Error(`${r.system.name}: successors are not deterministic`);
    steps.push(found);
    from = found.state;
  }
  return { initial: root, steps };
}

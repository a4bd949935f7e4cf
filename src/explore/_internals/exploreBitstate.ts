// Bit-state (supertrace) breadth-first search: the visited set is a bitmap, a state is seen
// when all k of its bits are set (double hashing: bit h1 + i*h2). Only two levels of states are
// held, as packed records (the one being expanded and the next), and a level past the frontier
// memory bound goes to a temporary file (FrontierQueue). For traces, each state keeps the index
// of its parent and which of the parent's transitions reached it, 8 bytes, so a counterexample
// is replayed from the initial state as the store's traces are.
//
// With worker threads, the workers only expand (decode, check, step, encode, hash: nearly all
// the work) and this thread alone tests and sets the bits, taking the chunks' successors in
// the order of the level. One writer and one order: the bits are set exactly as on one thread,
// so the states, transitions, verdicts and counterexamples are those of the one-thread search,
// and SPIN's omission estimate applies unchanged. A shared bitmap set by compare-and-swap from
// every worker would race (two threads each setting one of a new state's k bits first both take
// it as new), which costs only duplicates, but makes the counts depend on the schedule.

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
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
import { compiledUrl } from '../compiledUrl.js';
import { peakRssMB } from './buildReport.js';
import { BitstateChunk, RECORD_HEAD, SECOND_SEED } from './bitstateChunk.js';
import { NONE } from './expander.js';
import { FrontierQueue, trimmedLength } from './frontierQueue.js';
import { GrowingInts } from './growingInts.js';
import { hashWords } from './hashWords.js';
import { RunMonitor, yieldToEventLoop } from './runMonitor.js';
import { WorkerPool } from './workerPool.js';
import type { ChunkResult } from './workerProtocol.js';
import { chunksOf, runLevel } from './bitstateLevel.js';
import { type Replay, fresh, replayTo } from './bitstateReplay.js';

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
  const workers = options.workers ?? 1;
  const ref = options.systemRef;
  if (workers > 1 && ref === undefined)
    throw new TypeError(`explore: bit-state search on ${workers} workers needs options.systemRef`);
  const limit = options.frontierMemoryMB;
  if (limit !== undefined && !(limit > 0))
    throw new RangeError(`explore: frontierMemoryMB must be positive, got ${limit}`);
  // Each of the two levels holds at most half the bound in memory (reading a level back holds
  // one more segment of at most that size).
  const spillBytes = limit === undefined ? null : Math.max(4096, (limit * 2 ** 20) / 2);
  const folder = spillBytes === null ? null : mkdtempSync(join(tmpdir(), 'mmspec-frontier-'));
  const width = system.encodedWords;
  const queues = [0, 1].map(
    (i) => new FrontierQueue(width, spillBytes, join(folder ?? tmpdir(), `level-${i}`)),
  );
  const workerPool: { pool: WorkerPool | null } = { pool: null };
  // Started once the initial states are in: the workers need to know how many there are.
  const startPool = (initialCount: number): Promise<WorkerPool> | null =>
    workers > 1 && ref !== undefined
      ? WorkerPool.start(
          compiledUrl('./bitstateWorker.js', import.meta.url),
          workers,
          { ref, partition: options.partition ?? null, initialCount },
          system,
        ).then((pool) => (workerPool.pool = pool))
      : null;
  try {
    return await search(system, decode, bitstate, options, queues, startPool);
  } finally {
    for (const q of queues) q.dispose();
    if (folder !== null) rmSync(folder, { recursive: true, force: true });
    await workerPool.pool?.close();
  }
}

async function search<S, L>(
  system: TransitionSystem<S, L>,
  decode: (input: Decoder) => S,
  bitstate: Bitstate,
  options: ExploreOptions,
  queues: FrontierQueue[],
  startPool: (initialCount: number) => Promise<WorkerPool> | null,
): Promise<ExploreReport<S, L>> {
  const { log2Bits, hashes } = bitstate;
  const width = system.encodedWords;
  const bitmap = new Int32Array(2 ** (log2Bits - 5));
  const mask = log2Bits === 32 ? 0xffffffff : 2 ** log2Bits - 1;
  const monitor = new RunMonitor(options);
  const encoder = new Encoder(width, `${system.name}.encode`);
  const decoder = new Decoder();
  const canonical = (s: S): S => (system.canonicalize === undefined ? s : system.canonicalize(s));
  const parents = new GrowingInts();
  const ordinals = new GrowingInts();
  let [level, next] = queues as [FrontierQueue, FrontierQueue];
  let states = 0;
  let transitions = 0;
  let spilledBytes = 0;

  /** Sets the bits of a state of hashes h1, h2; true when some bit was clear (a new state). */
  const visit = (h1: number, h2: number): boolean => {
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
  const store = (keys: Int32Array, at: number, length: number, parent: number, ordinal: number) => {
    next.append(keys, at, length);
    parents.push(parent);
    ordinals.push(ordinal);
    states++;
  };

  const initials: S[] = [];
  for (const s of system.initial()) {
    const ordinal = initials.length;
    initials.push(s);
    encoder.reset();
    system.encode(canonical(s), encoder);
    encoder.finish();
    const key = encoder.words;
    if (visit(hashWords(key, width), hashWords(key, width, 0, SECOND_SEED) | 1))
      store(key, 0, trimmedLength(key, width), -1, ordinal);
  }
  // Traces start from the canonical initial states, decoded as the search stored them.
  initials.forEach((s, i) => {
    encoder.reset();
    system.encode(canonical(s), encoder);
    encoder.finish();
    initials[i] = decode(decoder.reset(encoder.words));
  });
  const invariants = system.invariants;
  const props = system.transitionProperties ?? [];
  const violations: number[] = new Array<number>(invariants.length + props.length).fill(-1);
  const allViolated = (): boolean =>
    options.exhaustive !== true && violations.length > 0 && violations.every((v) => v >= 0);
  const maxDepth = options.maxDepth ?? Infinity;
  const maxStates = options.maxStates ?? Infinity;
  const pool = await startPool(states);
  const local = pool === null ? new BitstateChunk(system, options.partition ?? null, states) : null;
  let stop: StopReason = 'complete';
  let depth = 0;
  let levelStart = 0;
  let peakBytes = bitmap.byteLength;

  /** Takes a chunk's results in; a reason to stop, or null. */
  const absorb = (r: ChunkResult): StopReason | null => {
    transitions += r.transitions;
    r.violations.forEach((v, k) => {
      if (v !== NONE && violations[k] === -1) violations[k] = v;
    });
    const out = r.successors;
    for (let at = 0; at < r.used;) {
      const length = out[at + 4] ?? 0;
      if (visit(out[at + 2] ?? 0, out[at + 3] ?? 0))
        store(out, at + RECORD_HEAD, length, out[at] ?? -1, out[at + 1] ?? -1);
      at += RECORD_HEAD + length;
    }
    if (allViolated()) return 'all-violated';
    if (states >= maxStates) return 'max-states';
    return null;
  };

  search: for (;;) {
    [level, next] = [next, level];
    next.clear();
    const count = level.count;
    if (count === 0) break;
    spilledBytes = Math.max(spilledBytes, level.spilledWords * 4);
    const jobs = chunksOf(level, width, levelStart, depth < maxDepth);
    if (local !== null) {
      for (const job of jobs) {
        const reason = absorb(local.run(job));
        if (reason !== null) {
          stop = reason;
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
    } else if (pool !== null) {
      const reason = await runLevel(pool, jobs, absorb, monitor, () => {
        monitor.progress(states, transitions, depth);
      });
      if (reason !== null) {
        stop = reason;
        break search;
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
    if (next.count === 0) break;
    depth++;
  }
  if (pool !== null && system.addStatistics !== undefined)
    for (const reply of await pool.round({ type: 'finish' }))
      if (reply.type === 'finished') system.addStatistics(reply.statistics);
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
    workers: pool?.size ?? 1,
    properties,
    ...(statistics === undefined ? {} : { statistics }),
    bitstate: { ...bitstateFigures(states, 2 ** log2Bits, hashes, peakBytes), spilledBytes },
  };
}

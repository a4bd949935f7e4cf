// The exact breadth-first search with its states on disk (Stern and Dill's scheme, "Using
// magnetic disk instead of main memory in the Murphi verifier", CAV 1998): every visited state
// is a record of one file (DiskStates), memory holds 8 bytes a state and a table of the new
// states found since the last flush. When that table passes the memory bound, or a level ends,
// the file is read once from its start and every new state found in it dropped; the others are
// appended in the order they were found. A state therefore gets the index, and the parent, the
// in-memory search gives it: the same states, transitions, verdicts and shortest
// counterexamples, for one sequential read of the file per flush. One thread only.

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Decoder } from '../decoder.js';
import { Encoder } from '../encoder.js';
import type { ExploreOptions } from '../exploreOptions.js';
import type { ExploreReport, StopReason } from '../exploreReport.js';
import { StateStore } from '../stateStore.js';
import type { TransitionSystem } from '../transitionSystem.js';
import { buildReport, reachedDepth } from './buildReport.js';
import { checkStep, encodeCanonical } from './checkStep.js';
import { DiskStates } from './diskStates.js';
import { NONE } from './expander.js';
import { hashWords } from './hashWords.js';
import { RunMonitor, propertyNames, yieldToEventLoop } from './runMonitor.js';

/** Slots of the new-state table to begin with; it doubles as it fills, up to the bound. */
const NEW_CAPACITY = 1 << 10;

export async function exploreOnDisk<S, L>(
  system: TransitionSystem<S, L>,
  memoryMB: number,
  options: ExploreOptions,
): Promise<ExploreReport<S, L>> {
  if (!(memoryMB > 0))
    throw new RangeError(`explore: frontierMemoryMB must be positive, got ${memoryMB}`);
  if (system.decode === undefined)
    throw new TypeError(`explore: a search on disk needs '${system.name}' to decode its states`);
  const folder = mkdtempSync(join(tmpdir(), 'mmspec-states-'));
  // The folder goes even if the process exits without unwinding (a second Ctrl-C).
  const remove = (): void => rmSync(folder, { recursive: true, force: true });
  process.once('exit', remove);
  const states = new DiskStates(system.encodedWords, join(folder, 'states'));
  try {
    return await search(system, states, memoryMB * 2 ** 20, options);
  } finally {
    states.close();
    remove();
    process.removeListener('exit', remove);
  }
}

async function search<S, L>(
  system: TransitionSystem<S, L>,
  states: DiskStates,
  budgetBytes: number,
  options: ExploreOptions,
): Promise<ExploreReport<S, L>> {
  const decode = (system.decode as (input: Decoder) => S).bind(system);
  const width = system.encodedWords;
  const monitor = new RunMonitor(options);
  const decoder = new Decoder();
  const encoder = new Encoder(width, `${system.name}.encode`);
  const invariants = system.invariants;
  const props = system.transitionProperties ?? [];
  const violations = new Int32Array(invariants.length + props.length).fill(NONE);
  const names = propertyNames(system);
  const partition = options.partition ?? null;
  const maxStates = options.maxStates ?? Infinity;
  const maxDepth = options.maxDepth ?? Infinity;
  let fresh = StateStore.create(width, NEW_CAPACITY, false);
  let transitions = 0;

  /** Drops the new states already in the file, appends the rest in the order found. */
  const flush = (): void => {
    const n = fresh.size;
    if (n === 0) return;
    const seen = new Uint8Array(n);
    states.scan(0, states.size, (key) => {
      const i = fresh.indexOf(key, 0, hashWords(key, width));
      if (i >= 0) seen[i] = 1;
    });
    const key = new Int32Array(width);
    for (let i = 0; i < n; i++)
      if (seen[i] === 0) states.append(fresh.keyOf(i, key), 0, fresh.parentAt(i));
    fresh = StateStore.create(width, fresh.capacity, false);
  };
  const add = (s: S, parent: number): void => {
    const words = encodeCanonical(system, s, encoder);
    fresh.insert(words, 0, hashWords(words, width), parent);
  };
  const checkInvariants = (s: S, index: number): void => {
    for (let k = 0; k < invariants.length; k++)
      if (violations[k] === NONE && invariants[k]?.holds(s) === false) violations[k] = index;
  };
  const allViolated = (): boolean =>
    options.exhaustive !== true && violations.length > 0 && violations.every((v) => v !== NONE);

  for (const s of system.initial()) add(s, -1);
  flush();
  const initialCount = states.size;
  let stop: StopReason = 'complete';
  let depth = 0;
  let levelStart = 0;
  let levelEnd = states.size;
  let expanded = 0;
  const current = new Int32Array(width);
  levels: while (levelStart < levelEnd) {
    if (depth >= maxDepth) {
      stop = 'max-depth';
      break;
    }
    // A level is read in chunks so that progress, Ctrl-C and the bounds are seen in between.
    for (let chunkStart = levelStart; chunkStart < levelEnd;) {
      const chunkEnd = Math.min(levelEnd, chunkStart + 2048);
      states.scan(chunkStart, chunkEnd, (key, index) => {
        current.set(key);
        const s = decode(decoder.reset(key));
        checkInvariants(s, index);
        let ordinal = -1;
        system.successors(s, (label, next) => {
          ordinal++;
          if (partition !== null && index < initialCount)
            if ((index + ordinal) % partition.count !== partition.index) return;
          transitions++;
          if (!checkStep(system, violations, index, s, label, next)) return;
          const words = encodeCanonical(system, next, encoder);
          let same = true;
          for (let i = 0; i < width && same; i++) same = words[i] === current[i];
          if (!same) fresh.insert(words, 0, hashWords(words, width), index);
        });
        if (fresh.bytesHeld > budgetBytes) flush();
      });
      chunkStart = chunkEnd;
      expanded = chunkEnd;
      monitor.noticeViolations(violations, names);
      if (allViolated()) {
        stop = 'all-violated';
        break levels;
      }
      if (states.size + fresh.size >= maxStates) {
        stop = 'max-states';
        break levels;
      }
      if (monitor.due()) {
        monitor.progress(states.size + fresh.size, transitions, depth);
        await yieldToEventLoop();
        const soft = monitor.softStop();
        if (soft !== null) {
          stop = soft;
          break levels;
        }
      }
    }
    flush();
    depth++;
    levelStart = levelEnd;
    levelEnd = states.size;
  }
  flush();
  // States found but never expanded have not been checked yet.
  if (stop !== 'all-violated')
    states.scan(expanded, states.size, (key, index) =>
      checkInvariants(decode(decoder.reset(key)), index),
    );
  monitor.noticeViolations(violations, names);
  const stateAt = (i: number): S => decode(decoder.reset(states.keyOf(i, new Int32Array(width))));
  const report = buildReport(
    { system, store: states, stateAt },
    {
      stopReason: stop,
      transitions,
      depth: reachedDepth(states.size, levelStart, levelEnd, depth),
      checkedDepth: depth,
      seconds: monitor.seconds,
      workers: 1,
      violations,
    },
  );
  return { ...report, diskBytes: states.diskBytes };
}

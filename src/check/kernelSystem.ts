// The bounded kernel transition system: states are simulator states (with the bound's hint
// counter), successors apply the pure step function for every letter of the alphabet (a
// failed call is a transition too), encoded relative to the bound, regions reduced by symmetry.

import type { KernelCall } from '../kernel/call.js';
import type { KernelModel } from '../kernel/model.js';
import { type KernelState, type Mm, mmWithVmas } from '../kernel/state.js';
import { PmdRanges } from '../kernel/pmdRanges.js';
import { step } from '../kernel/step.js';
import { DEFAULT_REST_PAGES, stateOfProcess } from '../kernel/initialState.js';
import { VM_NOHUGEPAGE, vmFlags } from '../uapi/vmFlags.js';
import type { TransitionSystem } from '../explore/transitionSystem.js';
import type { Transition } from '../../spec/invariants/specInvariant.js';
import { kernelAlphabet } from './alphabet.js';
import { type BoundedState, callOf, heapStart, placesRegion } from './boundedState.js';
import {
  type Coverage,
  type CoverageCounts,
  addCoverage,
  LetterOutcomes,
  countingModel,
  emptyCoverage,
  takeCoverage,
} from './coverage.js';
import { type KernelBound, boundHasObjects, checkBound } from './kernelBound.js';
import { judgedByLetter, kernelProperties, neverJudged } from './kernelProperties.js';
import type { Letter } from './letter.js';
import { describeLetter } from './describeLetter.js';
import { layoutOf } from './_internals/layout.js';
import { StateCodec } from './_internals/stateCodec.js';
import { canonicalMap, canonicalRegions } from './symmetry.js';

export interface KernelSystem extends TransitionSystem<BoundedState, Letter, Transition> {
  readonly bound: KernelBound;
  readonly model: KernelModel;
  readonly alphabet: readonly Letter[];
  /**
   * The counts of this thread's copy since the last takeStatistics: an exploration's own
   * coverage is in its report (ExploreReport.statistics), taken before traces are rebuilt.
   */
  readonly coverage: Coverage;
  /** The transition properties no letter of the alphabet is one they judge (neverJudged). */
  readonly neverJudged: readonly string[];
}

export interface KernelSystemOptions {
  /** Property names to check (all when empty). */
  readonly properties?: readonly string[];
  /** Symmetry reduction over regions (default on). */
  readonly symmetry?: boolean;
  /** Regression mode: report only violations the base model does not share (kernelProperties). */
  readonly against?: KernelModel;
  /**
   * Ask a transition property only about the calls it declares it judges (default on); off,
   * every property judges every transition (test/spec/judgedCalls.test.ts compares the two).
   */
  readonly dispatch?: boolean;
  /**
   * Do not ask a property that holds when a step changes nothing (the spec's
   * `holdsWhenUnchanged`) about such a step (default on; test/spec/judgedCalls.test.ts
   * compares the two).
   */
  readonly skipUnchanged?: boolean;
  /**
   * Ask a property only about the kinds of result it declares it judges (the spec's `results`;
   * default on; test/spec/judgedCalls.test.ts compares the two).
   */
  readonly byResult?: boolean;
  /**
   * Do not ask a property about a letter whose fixed arguments it says it cannot fail on (the
   * spec's `judgesLetter`; default on; test/spec/judgedCalls.test.ts compares the two).
   */
  readonly byLetter?: boolean;
  /**
   * Make the simulator step a transition stands for once, for every property asked about it
   * (`judgement`; default on); off, each property makes it through its `holds`
   * (test/check/judgement.test.ts compares the two).
   */
  readonly judgement?: boolean;
}

/** The heap of a bound with brk (an empty one at the heap slot), or none. */
function boundHeap(bound: KernelBound): Pick<Mm, 'brkArea'> {
  if (!bound.calls.includes('brk')) return {};
  const start = Number(heapStart(bound.regions));
  return { brkArea: { startBrk: start, brk: start } };
}

/**
 * The state after execve as the bound sees a process: the new image's own mappings ([heap],
 * [vdso], ...) left out, as initialBounded leaves out the first image's, and its break the
 * bound's empty heap again (or none). The bound's tmpfile goes too once no descriptor and no
 * VMA of any process reaches it (execve closed it, O_CLOEXEC): the last fput of an unlinked
 * file evicts its inode and truncates its page cache (fs/file_table.c:__fput -> iput ->
 * fs/inode.c:evict), which the model, keeping every file it opened, does not say.
 */
function withoutProgramImage(bound: KernelBound, state: KernelState): KernelState {
  const strip = (mm: Mm): Mm => {
    const { brkArea: _image, ...rest } = mm;
    const vmas = mm.vmas.filter((v) => v.name === null && v.backing.kind !== 'special');
    return mmWithVmas({ ...rest, ...boundHeap(bound) }, vmas);
  };
  const procs = state.procs.map(strip);
  return withoutUnreachableFile({ ...state, procs });
}

/** The state without the bound's one file (files[0]) and its cache if nothing reaches it. */
function withoutUnreachableFile(state: KernelState): KernelState {
  const [file, ...others] = state.files;
  if (file === undefined || others.length > 0) return state;
  const reaches = (mm: Mm) =>
    [...mm.fds.values()].includes(0) ||
    mm.vmas.some((v) => v.backing.kind === 'file' && v.backing.file === 0);
  if (state.procs.some(reaches)) return state;
  const pages = state.pages.copy();
  const freed = new Set(file.cache.values());
  for (const id of freed) pages.set(id, null);
  // A freed page's PG_mlocked is no longer anything to be unsure of (execve's flood).
  const mlockUncertain = state.mlockUncertain.filter((id) => !freed.has(id));
  return { ...state, files: [], pages, mlockUncertain };
}

/**
 * The state with the page cache of every file object nothing reaches (no descriptor, no VMA of
 * any process) freed: the last fput evicts the inode and truncates its pages
 * (fs/file_table.c:__fput -> iput -> evict; shmem_evict_inode for a shared anonymous region's
 * object, secretmem's likewise). The model keeps every file object it opened (ids stay as they
 * are), so the object stays in the list, empty; the state codec packs only reachable ones.
 * Only a bound with objects of its own asks (its others free the tmpfile at execve alone).
 */
function withoutUnreachableObjects(state: KernelState): KernelState {
  const reached = new Set<number>();
  for (const mm of state.procs) {
    for (const file of mm.fds.values()) reached.add(file);
    for (const v of mm.vmas) if (v.backing.kind === 'file') reached.add(v.backing.file);
  }
  const gone = state.files.filter((f, id) => !reached.has(id) && f.cache.size > 0);
  if (gone.length === 0) return state;
  const pages = state.pages.copy();
  const freed = new Set(gone.flatMap((f) => [...f.cache.values()]));
  for (const id of freed) pages.set(id, null);
  const files = state.files.map((f) => (gone.includes(f) ? { ...f, cache: new Map() } : f));
  const mlockUncertain = state.mlockUncertain.filter((id) => !freed.has(id));
  return { ...state, files, pages, mlockUncertain };
}

/** The kernel state a call leads to, as the bound sees it (execve: withoutProgramImage). */
export const boundedAfter = (
  bound: KernelBound,
  call: KernelCall,
  after: KernelState,
): KernelState => {
  const s = call.call === 'execve' ? withoutProgramImage(bound, after) : after;
  return boundHasObjects(bound) ? withoutUnreachableObjects(s) : s;
};

/** The initial state of setup `index`: no region yet, the bound's tmpfile open. */
export function initialBounded(
  model: KernelModel,
  bound: KernelBound,
  index: number,
): BoundedState {
  const setup = bound.setups[index];
  if (setup === undefined) throw new RangeError(`initialBounded: no setup ${index}`);
  // NOTE: the pre-existing [heap], [vvar], [vdso], [stack] mappings are left out: no letter
  // names them, and they count in VmSize as part of the rest of the process (otherPages),
  // which is all mlockall(MCL_CURRENT)'s limit check reads of them. Replayed traces run on
  // the full initial state (src/kernel/initialState.ts).
  const fields: Omit<Mm, 'vmas'> = {
    defFlags: vmFlags(setup.defNoHugepage === true ? VM_NOHUGEPAGE : 0),
    lockedVm: 0,
    rlimitMemlock: setup.rlimitBytes === null ? null : BigInt(setup.rlimitBytes),
    capIpcLock: setup.capIpcLock,
    otherPages: DEFAULT_REST_PAGES,
    otherLock: vmFlags(0),
    fds: new Map(),
    pageTables: PmdRanges.EMPTY,
    ...boundHeap(bound),
    ...(setup.rlimitDataBytes === undefined ? {} : { rlimitData: BigInt(setup.rlimitDataBytes) }),
  };
  let kernel: KernelState = stateOfProcess(mmWithVmas(fields, []));
  if (bound.filePages > 0)
    kernel = step(model, kernel, {
      call: 'tmpfile',
      args: [BigInt(bound.filePages) * 4096n],
    }).state;
  return { kernel, hints: 0, setup: index, result: null, call: null };
}

export function kernelSystem(
  base: KernelModel,
  bound: KernelBound,
  options: KernelSystemOptions = {},
): KernelSystem {
  checkBound(bound);
  const coverage = emptyCoverage(base);
  const model = countingModel(base, coverage);
  const alphabet = kernelAlphabet(bound);
  const outcomes = new LetterOutcomes(alphabet.length, coverage);
  const layout = layoutOf(bound);
  const codec = new StateCodec(layout);
  const props = kernelProperties(base, options.properties, options.against);
  // The call of each letter depends on the state only through the hint counter and whether a
  // fork block is open (callOf): made once per pair instead of for every letter of every state.
  const places = alphabet.map(placesRegion);
  const objects = boundHasObjects(bound);
  // Indexed by the pair's small number (hints * 2 + fork block), not a Map: looked up once for
  // every state expanded.
  const callTable: (readonly (KernelCall | null)[] | undefined)[] = [];
  const callsFor = (s: BoundedState): readonly (KernelCall | null)[] => {
    const key = s.hints * 2 + (s.kernel.procs.length > 1 ? 1 : 0);
    let calls = key < callTable.length ? callTable[key] : undefined;
    if (calls === undefined) {
      calls = alphabet.map((letter) => callOf(letter, s, bound.regions));
      while (callTable.length <= key) callTable.push(undefined);
      callTable[key] = calls;
    }
    return calls;
  };
  const system: KernelSystem = {
    name: `${base.name} @ ${bound.name}`,
    bound,
    model: base,
    alphabet,
    coverage,
    neverJudged: neverJudged(alphabet, props),
    encodedWords: layout.words,
    initial: () => bound.setups.map((_, i) => initialBounded(base, bound, i)),
    successors(s, emit) {
      const calls = callsFor(s);
      for (let i = 0; i < alphabet.length; i++) {
        const letter = alphabet[i];
        const call = calls[i];
        if (letter === undefined || call === undefined || call === null) continue;
        const r = step(model, s.kernel, call);
        outcomes.count(i, call, r.result);
        const hints = s.hints + (places[i] === true ? 1 : 0);
        // boundedAfter's two tests, made once for the system rather than for every transition.
        const kernel =
          objects || call.call === 'execve' ? boundedAfter(bound, call, r.state) : r.state;
        const next: BoundedState = { kernel, hints, setup: s.setup, result: r.result, call };
        emit(letter, kernel === r.state ? next : { ...next, judged: r.state });
      }
    },
    // Each emit gets a BoundedState of its own (the step's result is immutable).
    freshSuccessors: true,
    // step hands back the state it was given when the call changed nothing (tx.ts commit).
    isSelfLoop: (s, next) => next.kernel === s.kernel && next.hints === s.hints,
    encode: (s, out) => codec.encode(s, out),
    decode: (input) => codec.decode(input),
    invariants: props.invariants,
    transitionProperties: props.transitions,
    ...(options.judgement === false
      ? {}
      : {
          judgement: (from: BoundedState, _l: Letter, to: BoundedState) =>
            props.judgement(from, to),
        }),
    ...(options.dispatch === false &&
    options.skipUnchanged === false &&
    options.byResult === false &&
    options.byLetter === false
      ? {}
      : {
          judgedBy: judgedByLetter(alphabet, props, {
            byCall: options.dispatch !== false,
            byResult: options.byResult !== false,
            skipUnchanged: options.skipUnchanged !== false,
            byLetter: options.byLetter !== false,
          }),
        }),
    describeLabel: (l) => describeLetter(l),
    // Worker threads count into their own copies (see kernelSystemFor).
    takeStatistics: () => takeCoverage(coverage),
    // The counts come from takeStatistics of a worker's copy of this same system.
    addStatistics: (counts) => addCoverage(coverage, counts as CoverageCounts),
  };
  return options.symmetry === false
    ? system
    : {
        ...system,
        canonicalize: canonicalRegions,
        encodeCanonical: (s, out) => codec.encode(s, out, canonicalMap(s)),
      };
}

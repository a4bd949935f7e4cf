// `mmspec check` as a library: explore a model within a bound, then turn each violation into
// a real run (concretize), shrink it, and print it as a trace that fails where the property
// does, plus the trace of what the model predicts (for a C reproducer).

import { explore } from '../explore/explore.js';
import type { Partition, SearchOptions } from '../explore/exploreOptions.js';
import { type SearchFigures, type StopReason, searchFigures } from '../explore/exploreReport.js';
import type { KernelModel } from '../kernel/model.js';
import { checkThreads } from './checkThreads.js';
import type { ThreadReduction } from './threadSystem.js';
import { concretize } from './concretize.js';
import { type TraceText, counterexampleTrace } from './counterexampleTrace.js';
import type { Coverage, CoverageCounts } from './coverage.js';
import type { KernelBound } from './kernelBound.js';
import { kernelSystem } from './kernelSystem.js';
import type { KernelSystem } from './kernelSystem.js';
import {
  type ReplayedStep,
  failingChildExit,
  findProperty,
  replayLetters,
} from './replayLetters.js';
import { shrink } from './shrink.js';
import type { Letter } from './letter.js';
import { counted } from '../trace/counted.js';
import { modelFileHeader } from './modelFileHeader.js';

export interface Counterexample {
  readonly setup: number;
  /** Steps of the shortest (BFS) run, and of the run after shrinking. */
  readonly shortest: number;
  readonly steps: readonly ReplayedStep[];
  readonly trace: TraceText;
  readonly prediction: TraceText;
}

export interface PropertyVerdict {
  readonly name: string;
  readonly kind: 'invariant' | 'transition';
  /** `holds` within the bound: every state to its depth was checked. */
  readonly verdict: 'holds' | 'violated' | 'unknown';
  readonly reason?: StopReason;
  /** An unknown verdict's part that is known: it holds on every run of up to this many calls. */
  readonly heldToDepth?: number;
  readonly counterexample?: Counterexample;
  /** A violation the model is known to have (models/expectedVerdicts.ts): why. */
  readonly expected?: string;
  /** Where the search found it: at the state of this place in BFS order, this many seconds in. */
  readonly foundAfter?: { readonly states: number; readonly seconds: number };
  /**
   * A transition property that holds because no letter of the bound is one it judges (a bound
   * without the call it is about): it was never asked.
   */
  readonly vacuous?: true;
}

export interface CheckReport extends SearchFigures {
  readonly model: string;
  /** Regression mode: the base whose shared violations were left out. */
  readonly against?: string;
  readonly bound: KernelBound;
  readonly alphabet: number;
  readonly properties: readonly PropertyVerdict[];
  readonly coverage: Coverage;
  /** The part of the bound explored (`--partition`); absent for the whole bound. */
  readonly partition?: Partition;
}

/**
 * `workers` above 1 needs `systemRef`, which must build this same system (the CLI names the
 * model, see src/cli/_internals/kernelSystemFor.ts).
 */
export interface CheckOptions extends SearchOptions {
  readonly properties?: readonly string[];
  readonly symmetry?: boolean;
  /** Regression mode: only violations the base does not share from the same state. */
  readonly against?: KernelModel;
  /** With `threads=2`: the reductions to apply (checkThreads.ts; default all). */
  readonly reduce?: readonly ThreadReduction[];
}

/** Concretizes, shrinks and prints one failing run of `name`. */
export function buildCounterexample(
  system: KernelSystem,
  name: string,
  setup: number,
  letters: readonly Letter[],
  shortest: number,
  /** Where the run came from, for the header (default: the BFS's shortest run). */
  origin = `shortest run ${counted(shortest, 'step')}`,
): Counterexample {
  const prop = findProperty(system, name);
  const small = shrink(system, { setup, letters }, prop);
  const replay = replayLetters(system, small.setup, small.letters, prop);
  if (replay === null || replay.failsAt === null)
    throw new Error(`buildCounterexample: '${name}' no longer fails on replay`);
  const steps = replay.steps.slice(0, replay.failsAt + 1);
  const header = [
    `mmspec check: ${name} fails on ${system.model.name} (bound ${system.bound.name})`,
    `${origin}, shrunk to ${steps.length}`,
    ...modelFileHeader(system.model),
    ...(system.bound.setups[small.setup]?.defNoHugepage === true
      ? [
          'setup: def_flags starts with VM_NOHUGEPAGE (s390 KVM, PR_SET_THP_DISABLE 3.15-4.12); no directive',
          'says so, so `mmspec run` starts without it and the trace holds there',
        ]
      : []),
  ];
  const model = system.model.name;
  const ran = steps.map((s) => s.letter);
  const exit = failingChildExit(system, small.setup, ran, prop) ?? undefined;
  const trace = counterexampleTrace(
    system.bound,
    small.setup,
    steps,
    name,
    'demand',
    header,
    model,
    exit,
  );
  const prediction = counterexampleTrace(
    system.bound,
    small.setup,
    steps,
    name,
    'prediction',
    [`what ${model} predicts for the counterexample of ${name}`],
    model,
  );
  return { setup: small.setup, shortest, steps, trace, prediction };
}

export async function checkKernel(
  model: KernelModel,
  bound: KernelBound,
  options: CheckOptions = {},
): Promise<CheckReport> {
  if (bound.threads === 2) {
    if (options.against !== undefined)
      throw new RangeError('--against compares single-threaded runs: leave threads=2 out');
    return checkThreads(model, bound, options);
  }
  const { properties: only, symmetry, against, reduce: _reduce, ...search } = options;
  const system = kernelSystem(model, bound, {
    ...(only === undefined ? {} : { properties: only }),
    ...(symmetry === undefined ? {} : { symmetry }),
    ...(against === undefined ? {} : { against }),
  });
  const seconds = new Map<string, number>();
  const report = await explore(system, {
    ...search,
    maxDepth: bound.depth,
    onViolation: (found) => {
      seconds.set(found.property, found.seconds);
      search.onViolation?.(found);
    },
  });
  // The exploration's own counts: rebuilding and shrinking counterexamples steps the same
  // counting model, and that work differs with the counterexample found.
  const counts = report.statistics as CoverageCounts;
  const coverage: Coverage = { calls: new Map(counts.calls), decisions: new Map(counts.decisions) };
  const vacuous = new Set(system.neverJudged);
  const holds = (name: string, kind: PropertyVerdict['kind']): PropertyVerdict => ({
    name,
    kind,
    verdict: 'holds',
    ...(vacuous.has(name) ? { vacuous: true } : {}),
  });
  const properties = report.properties.map((p): PropertyVerdict => {
    const v = p.verdict;
    if (v.status === 'holds') return holds(p.name, p.kind);
    // Every state to the bound's depth was checked: within the bound, the property holds.
    if (v.status === 'unknown')
      return v.reason === 'max-depth'
        ? holds(p.name, p.kind)
        : {
            name: p.name,
            kind: p.kind,
            verdict: 'unknown',
            reason: v.reason,
            ...(v.toDepth === undefined ? {} : { heldToDepth: v.toDepth }),
          };
    const prop = findProperty(system, p.name);
    const real = concretize(system, v.trace, prop);
    const counterexample = buildCounterexample(
      system,
      p.name,
      real.setup,
      real.letters,
      v.trace.steps.length,
    );
    const foundAfter =
      v.state === undefined
        ? {}
        : { foundAfter: { states: v.state, seconds: seconds.get(p.name) ?? report.seconds } };
    return { name: p.name, kind: p.kind, verdict: 'violated', counterexample, ...foundAfter };
  });
  return {
    model: model.name,
    ...(against === undefined ? {} : { against: against.name }),
    bound,
    ...searchFigures(report),
    alphabet: system.alphabet.length,
    properties,
    coverage,
    ...(options.partition === undefined ? {} : { partition: options.partition }),
  };
}

/** The report with each violation `known` names marked expected, with its reason. */
export function markExpected(
  report: CheckReport,
  known: Readonly<Record<string, string>>,
): CheckReport {
  return {
    ...report,
    properties: report.properties.map((p) => {
      const why = known[p.name];
      return p.verdict === 'violated' && why !== undefined ? { ...p, expected: why } : p;
    }),
  };
}

/** Every property held, or failed only as the model is known to (exit status 0). */
export const onlyExpected = (report: CheckReport): boolean =>
  report.properties.every((p) => p.verdict === 'holds' || p.expected !== undefined);

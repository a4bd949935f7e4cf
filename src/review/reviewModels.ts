// `mmspec review` as a library: everything a reviewer of a flag design wants from two models
// in one report — every kind of difference within the bound (differenceKinds), the verdict of
// each named invariant on both (two `mmspec check` runs), the laws of spec/laws on both, the
// flag flow of each model, and the overridden decision points the bound never reached.

import { checkKernel, type CheckReport } from '../check/checkKernel.js';
import type { KernelBound } from '../check/kernelBound.js';
import type { SearchOptions } from '../explore/exploreOptions.js';
import type { KernelModel } from '../kernel/model.js';
import { type LawVerdict, checkLaws } from './checkLaws.js';
import { type DifferenceKinds, differenceKinds } from './differenceKinds.js';
import { type FlagFlowSection, flagFlowSection } from './flagFlowSection.js';

export interface ReviewSide {
  readonly model: KernelModel;
  /** The model's source file, for the flag flow (undefined: none to read). */
  readonly file?: string;
  /** How the invariant check's worker threads build its system (see mmspec check). */
  readonly check?: SearchOptions;
  /** The registered name or file path as the user gave it (worker threads load it again). */
  readonly ref?: string;
  /**
   * The bound of the invariant check on this side (default: the review's bound): the side's
   * own widening, not an alphabet widened by the other model's flags too.
   */
  readonly checkBound?: KernelBound;
}

export interface InvariantRow {
  readonly name: string;
  readonly a: string;
  readonly b: string;
  /** The shortest counterexample on each side that violates it. */
  readonly traceA?: string;
  readonly traceB?: string;
}

export interface LawRow {
  readonly name: string;
  readonly statement: string;
  readonly a: LawVerdict;
  readonly b: LawVerdict;
}

export interface ReviewReport {
  readonly a: string;
  readonly b: string;
  readonly bound: KernelBound;
  readonly differences: DifferenceKinds;
  readonly invariants: readonly InvariantRow[];
  readonly checkFigures: readonly { states: number; seconds: number; bound: KernelBound }[];
  readonly laws: readonly LawRow[];
  readonly lawDepth: number;
  /** The law depth asked for, where the bound's depth cut it short. */
  readonly lawDepthAsked?: number;
  readonly flagFlow: readonly FlagFlowSection[];
  readonly overridden: readonly string[];
  /** Overridden (function) decision points neither exploration consulted. */
  readonly neverReached: readonly string[];
}

export interface ReviewOptions {
  readonly lawDepth?: number;
  readonly maxStates?: number;
  readonly signal?: AbortSignal;
  readonly onPhase?: (phase: string) => void;
  /** Worker threads of the search for differences (needs both sides' `ref`). */
  readonly workers?: number;
  readonly onProgress?: SearchOptions['onProgress'];
}

function invariantRows(ra: CheckReport, rb: CheckReport): InvariantRow[] {
  return ra.properties.map((p) => {
    const q = rb.properties.find((x) => x.name === p.name);
    const traceA = p.counterexample?.trace.text;
    const traceB = q?.counterexample?.trace.text;
    // A property no call of the bound is one it judges says so: a design that adds the call
    // (brk, execve) is then told apart from one that only keeps it.
    const said = (v: typeof p | undefined) =>
      v === undefined ? 'unknown' : v.vacuous === true ? 'holds vacuously' : v.verdict;
    return {
      name: p.name,
      a: said(p),
      b: said(q),
      ...(traceA === undefined ? {} : { traceA }),
      ...(traceB === undefined ? {} : { traceB }),
    };
  });
}

export async function reviewModels(
  a: ReviewSide,
  b: ReviewSide,
  bound: KernelBound,
  options: ReviewOptions = {},
): Promise<ReviewReport> {
  const phase = options.onPhase ?? (() => undefined);
  const search = {
    ...(options.maxStates === undefined ? {} : { maxStates: options.maxStates }),
    ...(options.signal === undefined ? {} : { signal: options.signal }),
  };
  phase('differences');
  const differences = await differenceKinds(a.model, b.model, bound, {
    ...search,
    ...(options.onProgress === undefined ? {} : { onProgress: options.onProgress }),
    ...(options.workers === undefined ? {} : { workers: options.workers }),
    ...(a.ref === undefined || b.ref === undefined ? {} : { refs: { a: a.ref, b: b.ref } }),
  });
  phase(`invariants on ${a.model.name}`);
  const progress = options.onProgress === undefined ? {} : { onProgress: options.onProgress };
  const boundA = a.checkBound ?? bound;
  const boundB = b.checkBound ?? bound;
  const ra = await checkKernel(a.model, boundA, { ...a.check, ...search, ...progress });
  phase(`invariants on ${b.model.name}`);
  const rb = await checkKernel(b.model, boundB, { ...b.check, ...search, ...progress });
  // Depth 3 costs about half a second a model on the default bound (4,775 states a law is
  // tried from on linux-6.18); depth 4, 64,277 states, about 4 s.
  const lawDepth = Math.min(options.lawDepth ?? 3, bound.depth);
  phase('laws');
  const la = checkLaws(a.model, bound, lawDepth);
  const lb = checkLaws(b.model, bound, lawDepth);
  const laws = la.map((l, i) => ({ name: l.name, statement: l.statement, a: l, b: lb[i] ?? l }));
  phase('flag flow');
  const flagFlow = [flagFlowSection(a.model, a.file), flagFlowSection(b.model, b.file)];
  const overridden = [...new Set(flagFlow.flatMap((f) => f.overrides.map((o) => o.decision)))];
  const reached = (d: string) =>
    (differences.decisionsReached.get(d) ?? 0) +
    (ra.coverage.decisions.get(d) ?? 0) +
    (rb.coverage.decisions.get(d) ?? 0);
  const functionDecisions = new Set(differences.decisionsReached.keys());
  return {
    a: a.model.name,
    b: b.model.name,
    bound,
    differences,
    invariants: invariantRows(ra, rb),
    checkFigures: [
      { states: ra.states, seconds: ra.seconds, bound: boundA },
      { states: rb.states, seconds: rb.seconds, bound: boundB },
    ],
    laws,
    lawDepth,
    ...(options.lawDepth !== undefined && options.lawDepth > lawDepth
      ? { lawDepthAsked: options.lawDepth }
      : {}),
    flagFlow,
    overridden,
    neverReached: overridden.filter((d) => functionDecisions.has(d) && reached(d) === 0),
  };
}

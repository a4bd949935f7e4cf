// `mmspec check --bound ...,threads=2`: the threads system (threadSystem.ts) explored to the
// end (its runs are finite: `depth` calls, each population at most its pages + 1 steps), the
// thread properties judged on every step, and each violation printed as a thread trace with
// its schedule (threadTrace.ts). BFS gives the fewest steps; a thread trace is not shrunk.

import { explore } from '../explore/explore.js';
import { searchFigures } from '../explore/exploreReport.js';
import type { Trace } from '../explore/exploreReport.js';
import type { KernelModel } from '../kernel/model.js';
import type { CheckOptions, CheckReport, PropertyVerdict } from './checkKernel.js';
import type { KernelBound } from './kernelBound.js';
import type { ReplayedStep } from './replayLetters.js';
import {
  DEFAULT_THREAD_REDUCTIONS,
  THREAD_NAMES,
  type ThreadLabel,
  type ThreadSystem,
  type ThreadsState,
  threadSystem,
} from './threadSystem.js';
import { concreteThreadRun } from './threadSymmetry.js';
import { threadTrace } from './threadTrace.js';
import { threadSystemRef } from './threadSystemRef.js';
import type { CoverageCounts } from './coverage.js';
import { counted } from '../trace/counted.js';
import { modelFileHeader } from './modelFileHeader.js';

/** Each step of the run as the call it belongs to (a population step: the call it continues). */
function runSteps(run: Trace<ThreadsState, ThreadLabel>): ReplayedStep[] {
  const current = new Map<number, ReplayedStep['letter']>();
  const out: ReplayedStep[] = [];
  let before = run.initial;
  for (const { label, state } of run.steps) {
    const letter = label.letter ?? current.get(label.thread);
    if (label.letter !== null) current.set(label.thread, label.letter);
    const call = state.base.call ?? out.at(-1)?.call;
    if (letter !== undefined && call !== undefined)
      out.push({
        letter,
        call,
        result: state.base.result ?? { kind: 'value', value: 0n },
        before: before.base,
        after: state.base,
      });
    before = state;
  }
  return out;
}

export function threadCounterexample(
  system: ThreadSystem,
  name: string,
  run: Trace<ThreadsState, ThreadLabel>,
) {
  const model = system.model.name;
  const header = [
    `mmspec check: ${name} fails on ${model} (bound ${system.bound.name})`,
    `shortest run ${counted(run.steps.length, 'step')} at the lock boundaries, threads ${THREAD_NAMES.join(' and ')}; the checks at the end state what ${name} demands`,
    ...modelFileHeader(system.model),
  ];
  return {
    setup: run.initial.base.setup,
    shortest: run.steps.length,
    steps: runSteps(run),
    trace: threadTrace(system, run, name, 'demand', header),
    prediction: threadTrace(system, run, name, 'prediction', [
      `what ${model} predicts for the counterexample of ${name}`,
    ]),
  };
}

export async function checkThreads(
  model: KernelModel,
  bound: KernelBound,
  options: CheckOptions = {},
): Promise<CheckReport> {
  const { properties: only = [], reduce = DEFAULT_THREAD_REDUCTIONS, ...search } = options;
  const system = threadSystem(model, bound, { reduce, properties: only });
  const seconds = new Map<string, number>();
  // The states are packed (threadSystem.ts: encode and decode), so worker threads can explore
  // them; each builds the system from the model's name (the CLI passes a file's path).
  const workers = search.workers ?? 1;
  const systemRef =
    search.systemRef ?? threadSystemRef(model.name, bound, { reduce, properties: only });
  const report = await explore(system, {
    ...search,
    workers,
    ...(workers > 1 ? { systemRef } : {}),
    onViolation: (found) => {
      seconds.set(found.property, found.seconds);
      search.onViolation?.(found);
    },
  });
  // The exploration's own counts (every worker's), taken before counterexamples step the model
  // again.
  const counts = report.statistics as CoverageCounts;
  const coverage = { calls: new Map(counts.calls), decisions: new Map(counts.decisions) };
  const properties = report.properties.map((p): PropertyVerdict => {
    const v = p.verdict;
    if (v.status === 'holds' || (v.status === 'unknown' && v.reason === 'max-depth'))
      return { name: p.name, kind: p.kind, verdict: 'holds' };
    if (v.status === 'unknown')
      return { name: p.name, kind: p.kind, verdict: 'unknown', reason: v.reason };
    const foundAfter =
      v.state === undefined
        ? {}
        : { foundAfter: { states: v.state, seconds: seconds.get(p.name) ?? report.seconds } };
    const counterexample = threadCounterexample(system, p.name, concreteThreadRun(system, v.trace));
    return { name: p.name, kind: p.kind, verdict: 'violated', counterexample, ...foundAfter };
  });
  return {
    model: model.name,
    bound,
    ...searchFigures(report),
    alphabet: system.alphabet.length,
    properties,
    coverage,
  };
}

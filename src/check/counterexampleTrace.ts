// A failing run as a .mmt trace: the directives of its initial process, every call with the
// result the model gave (strace style), and at the end the checks the property demands, which
// fail on the model exactly where the property does (each invariant restates itself as checks:
// spec/invariants), or, for a C reproducer, the checks that state what the model predicts.

import { DEFAULT_MODEL } from '../../models/registry.js';
import type { Program } from '../trace/ast.js';
import type { ProgramBuilder } from '../trace/programBuilder.js';
import { print } from '../trace/printer.js';
import type { TraceView } from '../../spec/invariants/index.js';
import type { KernelBound } from './kernelBound.js';
import { ALL_INVARIANTS, MLOCK_TWICE, SMAPS_LOCK_BITS } from './kernelProperties.js';
import { SMAPS_SHOWS_LOCK_BITS } from '../../spec/invariants/smapsShowsLockBits.js';
import { addStep, replayedTrace } from './replayedTrace.js';
import type { ReplayedStep } from './replayLetters.js';
import { traceView } from './_internals/traceView.js';
import { showResult } from '../trace/show.js';

export type TraceEnding = 'demand' | 'prediction';

export interface TraceText {
  readonly program: Program;
  /** The printed trace, with a comment header. */
  readonly text: string;
}

/**
 * The checks (and comment lines) that end a counterexample of `property` at `last`, and, where
 * the property demands it of the last call's result, that call's expectation in place of what
 * `model` returned. Where nothing the run's last process can read states it, and the run ends
 * in a fork child whose `exit` leaves the parent still failing, the block is closed by that
 * exit and the parent's checks state it. A comment says which of them state the demand, or
 * that none can.
 */
function demand(
  b: ProgramBuilder,
  property: string,
  last: ReplayedStep,
  view: TraceView,
  model: string,
  exit?: ReplayedStep,
): void {
  const after = last.after.kernel;
  if (property === MLOCK_TWICE) {
    b.comment(`${property}: the same call again must change nothing`);
    addStep(b, last);
    b.check(...view.observed(after));
    return;
  }
  if (property === SMAPS_LOCK_BITS) {
    b.comment(`${property}: smaps must show each VMA's lock bits, and only known mnemonics`);
    b.check(...SMAPS_SHOWS_LOCK_BITS.restate(after, view));
    return;
  }
  const invariant = ALL_INVARIANTS.find((i) => i.name === property);
  const transitionOf = (s: ReplayedStep) => ({
    before: s.before.kernel,
    call: s.call,
    result: s.result,
    after: s.after.kernel,
  });
  const restated = invariant?.restate(transitionOf(last), view);
  const notes = restated?.notes ?? [];
  const checks = restated?.checks ?? [];
  const result =
    restated?.result !== undefined &&
    b.expectLast(restated.result, `${model} returned ${showResult(last.result, last.call.call)}`);
  if (result || checks.length > 0) {
    const where = [
      ...(result ? ["the last call's expectation"] : []),
      ...(checks.length > 0 ? ['the checks at the end'] : []),
    ].join(' and ');
    b.comment(
      `${where} ${result && checks.length === 0 ? 'states' : 'state'} what ${property} demands`,
    );
    notes.forEach((n) => b.comment(n));
    b.check(...checks);
    return;
  }
  const inParent =
    exit === undefined ? [] : (invariant?.restate(transitionOf(exit), view).checks ?? []);
  if (exit !== undefined && inParent.length > 0) {
    addStep(b, exit);
    b.comment(
      `the child's block cannot read the parent's pages: after it exits, the checks below state what ${property} demands of the parent`,
    );
    notes.forEach((n) => b.comment(n));
    b.check(...inParent);
    return;
  }
  if (notes.length > 0) {
    b.comment(`no check of a trace can state what ${property} demands; it is this:`);
    notes.forEach((n) => b.comment(n));
    return;
  }
  b.comment(
    `${property}: no observable of a trace can state what it demands; the checks below state what the model shows`,
  );
  b.check(...view.observed(after));
}

export function counterexampleTrace(
  bound: KernelBound,
  setup: number,
  steps: readonly ReplayedStep[],
  property: string,
  ending: TraceEnding,
  header: readonly string[],
  model: string = DEFAULT_MODEL,
  /** The fork child's exit after which the property still fails in the parent (demand only). */
  exit?: ReplayedStep,
): TraceText {
  const file = `<counterexample ${property}>`;
  const b = replayedTrace({ bound, setup, steps, file, model, comments: header });
  const last = steps.at(-1);
  if (last !== undefined) {
    const view = traceView(b, last.after.hints, bound.pages);
    if (ending === 'prediction') b.check(...view.observed(last.after.kernel));
    else demand(b, property, last, view, model, exit);
  }
  const program = b.build();
  return { program, text: print(program) };
}

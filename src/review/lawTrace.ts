// One side of a broken law as a trace to run: the run that reaches the state the sides part
// from, the side's calls with the results the model gives, then checks of what this side
// leaves on each observable where the other side leaves otherwise (in the law's view:
// lawView.ts). The trace passes on the model; the other side's trace checks the other values,
// so running both on a kernel shows whether the kernel breaks the law too.

import type { KernelBound } from '../check/kernelBound.js';
import { replayedTrace } from '../check/replayedTrace.js';
import type { ReplayedStep } from '../check/replayLetters.js';
import type { KernelModel } from '../kernel/model.js';
import type { Result } from '../kernel/result.js';
import { modelFileHeader } from '../check/modelFileHeader.js';
import type { Expr } from '../trace/ast.js';
import { print, printExpr } from '../trace/printer.js';
import { expectationOf, named, num, pageCount, spelled } from '../trace/syntax.js';
import { regionName } from '../check/letter.js';
import type { Law, LawArg, LawCall } from '../../spec/laws/index.js';
import { type Difference } from './observableDifferences.js';
import { checksOf } from './differenceTrace.js';

/** A law's call as it ran, with its result. */
export interface LawSideStep {
  readonly call: LawCall;
  readonly result: Result;
}

export interface LawTraceInput {
  readonly bound: KernelBound;
  readonly setup: number;
  /** The run to the state the sides part from. */
  readonly prefix: readonly ReplayedStep[];
  readonly law: Law;
  readonly side: 'left' | 'right';
  readonly model: KernelModel;
  readonly steps: readonly LawSideStep[];
  /** For each observable the sides leave apart: `a` this side's view, `b` the other's. */
  readonly checks: readonly Difference[];
}

/**
 * An argument as a trace spells it: `a` (the law's region is region a, which the run binds),
 * `4P`, `MCL_CURRENT|MCL_ONFAULT`, `0`.
 */
function argExpr(a: LawArg, pages: number): Expr {
  if (a.kind === 'start') return named(regionName(0));
  if (a.kind === 'length') return pageCount(pages);
  return a.names.length === 0 ? num(0n) : spelled(a.names.join('|'));
}

/** A side's calls as the trace writes them: `mlockall(MCL_FUTURE); munlockall()`. */
const sideText = (calls: readonly LawCall[], pages: number): string =>
  calls.length === 0
    ? 'nothing'
    : calls
        .map((c) => `${c.call}(${c.args.map((a) => printExpr(argExpr(a, pages))).join(', ')})`)
        .join('; ');

export function lawTrace(input: LawTraceInput): string {
  const { law, side } = input;
  const other = side === 'left' ? 'right' : 'left';
  const b = replayedTrace({
    bound: input.bound,
    setup: input.setup,
    steps: input.prefix,
    file: `<law ${law.name} ${side}>`,
    model: input.model.name,
    comments: [
      `law ${law.name} (${law.statement}), broken on ${input.model.name}: the ${side} side, ${sideText(side === 'left' ? law.left : law.right, input.bound.pages)}`,
      `the checks at the end state what this side leaves where the ${other} side leaves otherwise;`,
      `this trace passes on ${input.model.name}; so does the ${other} side's, which checks its own values.`,
      `On a kernel, both passing means the kernel breaks the law too`,
      ...modelFileHeader(input.model),
    ],
  });
  for (const s of input.steps) {
    const expect = expectationOf(s.call.call, s.result);
    b.call(
      s.call.call,
      s.call.args.map((a) => argExpr(a, input.bound.pages)),
      expect === undefined ? {} : { expect },
    );
  }
  for (const d of input.checks) b.check(...checksOf(d, b));
  return print(b.build());
}

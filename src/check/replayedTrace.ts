// A replayed run of letters as the start of a trace: the directives of its initial process,
// the tmpfile `f` when a letter maps it, and every call with the result the model gave, strace
// style. Counterexamples (counterexampleTrace.ts) and diff findings (src/review) append their
// checks to it, inside any fork block still open, and build.

import { DEFAULT_MODEL } from '../../models/registry.js';
import { ProgramBuilder } from '../trace/programBuilder.js';
import type { Expectation } from '../trace/ast.js';
import { NOWHERE, expectationOf, named, num, offset, pageCount } from '../trace/syntax.js';
import { HEAP_NAME, letterArgs, letterInjections } from './describeLetter.js';
import type { KernelBound } from './kernelBound.js';
import { regionName } from './letter.js';
import type { ReplayedStep } from './replayLetters.js';

export interface ReplayedTraceInput {
  readonly bound: KernelBound;
  readonly setup: number;
  readonly steps: readonly ReplayedStep[];
  /** The label of the trace (`<counterexample NAME>`). */
  readonly file: string;
  /** The model the run was made on, named in a `model` line unless it is the default. */
  readonly model: string;
  readonly comments: readonly string[];
  /** State the last call's result even where a trace leaves it out (an mmap's address). */
  readonly stateLastResult?: boolean;
}

/**
 * brk's result as the break relative to where the trace's heap starts (`= h + 1P`): the bound's
 * start_brk is the model's own, a real process's is where its break was when the trace began.
 */
function brkExpectation(s: ReplayedStep, heap: string): Expectation | undefined {
  const area = s.before.kernel.procs.at(-1)?.brkArea;
  if (s.result.kind !== 'value' || area === undefined) return undefined;
  const rel = s.result.value - BigInt(area.startBrk);
  if (rel < 0n) return undefined;
  const value = offset(named(heap), Number(rel / 4096n), Number(rel % 4096n));
  return { kind: 'value', value, pos: NOWHERE };
}

/**
 * The name the trace built by a builder gives its current heap: `h`, then `h1`, `h2` after
 * each execve (the new image's break is elsewhere on a real kernel, so it is bound anew).
 */
const heapNames = new WeakMap<ProgramBuilder, string>();

/** Adds one replayed step; a NULL-hint mmap that succeeds binds its region's name. */
export function addStep(b: ProgramBuilder, s: ReplayedStep, stateResult = false): void {
  const { letter } = s;
  if (letter.call === 'fork') return b.fork();
  if (letter.call === 'exit') return b.exit();
  const heap = heapNames.get(b) ?? HEAP_NAME;
  const args = letterArgs(letter, b.region, heap);
  const expect =
    letter.call === 'brk'
      ? brkExpectation(s, heap)
      : expectationOf(letter.call, s.result, stateResult);
  const places = letter.args.some((a) => a.kind === 'hint') && s.result.kind === 'value';
  const k = s.before.hints;
  const inject = letterInjections(letter, b.region);
  b.call(letter.call, args, {
    ...(places ? { bind: regionName(k), region: k } : {}),
    ...(expect === undefined ? {} : { expect }),
    ...(inject.length === 0 ? {} : { inject }),
  });
}

export function replayedTrace(input: ReplayedTraceInput): ProgramBuilder {
  const { bound, steps } = input;
  const setup = bound.setups[input.setup];
  const b = new ProgramBuilder({
    file: input.file,
    comments: input.comments,
    ...(input.model === DEFAULT_MODEL ? {} : { model: input.model }),
    ...(setup === undefined ? {} : { setup }),
  });
  if (steps.some((s) => s.letter.args.some((a) => a.kind === 'fd')))
    b.call('tmpfile', [pageCount(bound.filePages)], { bind: 'f' });
  const usesHeap = steps.some((s) => s.letter.args.some((a) => a.kind === 'heap'));
  if (usesHeap) b.call('brk', [num(0n)], { bind: HEAP_NAME });
  let images = 0;
  steps.forEach((s, i) => {
    addStep(b, s, input.stateLastResult === true && i === steps.length - 1);
    if (s.letter.call !== 'execve' || !usesHeap || i === steps.length - 1) return;
    images += 1;
    heapNames.set(b, `${HEAP_NAME}${images}`);
    b.call('brk', [num(0n)], { bind: `${HEAP_NAME}${images}` });
  });
  return b;
}

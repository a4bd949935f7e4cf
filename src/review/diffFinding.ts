// What the shortest differing run shows: replayed on each model, the observables (and the
// last call's result) on which the two differ at its end, and the trace that passes on A and
// fails on B at them.

import type { TraceText } from '../check/counterexampleTrace.js';
import { describeLetter } from '../check/describeLetter.js';
import type { KernelSystem } from '../check/kernelSystem.js';
import type { Letter } from '../check/letter.js';
import { type ReplayedStep, replayLetters } from '../check/replayLetters.js';
import { pagesOf, pagesWithin } from '../trace/pattern.js';
import { differenceTrace } from './differenceTrace.js';
import type { DiffSystem } from './diffSystem.js';
import { type Difference, observableDifferences } from './observableDifferences.js';
import { sameResult } from './pairState.js';
import { resultText } from './_internals/resultText.js';
import { counted } from '../trace/counted.js';
import { shellWord } from '../trace/shellWord.js';

/** One observable (or the last call's result) on which the models differ, as text. */
export interface DiffLine {
  readonly observable: string;
  readonly a: string;
  readonly b: string;
}

export interface DiffFinding {
  readonly setup: number;
  /** The run on model A (B makes the same calls). */
  readonly steps: readonly ReplayedStep[];
  readonly differences: readonly DiffLine[];
  readonly trace: TraceText;
}

function replay(system: KernelSystem, setup: number, letters: readonly Letter[]) {
  const r = replayLetters(system, setup, letters, null);
  if (r === null)
    throw new Error(`diffFinding: the differing run does not replay on ${system.name}`);
  return r.steps;
}

/** The last call's result, when it differs on the two (it is then stated in the trace). */
function resultLine(lastA: ReplayedStep | undefined, lastB: ReplayedStep | undefined) {
  if (lastA === undefined || lastB === undefined || sameResult(lastA.result, lastB.result))
    return [];
  return [
    {
      observable: `return of ${describeLetter(lastA.letter)}`,
      a: resultText(lastA.call, lastA.result, 'show'),
      b: resultText(lastB.call, lastB.result, 'show'),
    },
  ];
}

/**
 * Where A allows several outcomes (`[pL]`, a pending munlock) and B's is one of them, no check
 * of A's prediction can fail on B: the trace says so instead of pretending.
 */
function unseparated(d: Difference): string[] {
  if (d.a.observed.kind !== 'pages' || d.b.observed.kind !== 'pages') return [];
  const allowed = pagesOf(d.a.observed.letters);
  if (!pagesWithin(pagesOf(d.b.observed.letters), allowed)) return [];
  return [`${d.name}: ${d.b.value} on B is an outcome A allows, so that check holds on both`];
}

/** A model as a command line names it: a registered name, or a file path as the user gave it. */
export interface ModelNames {
  readonly a: string;
  readonly b: string;
}

function header(
  system: DiffSystem,
  names: ModelNames,
  setup: number,
  steps: number,
  notes: readonly string[],
  separated: boolean,
) {
  const a = system.systemA.model.name;
  const b = system.systemB.model.name;
  // A model file by its absolute path, as a counterexample's header names it
  // (src/check/modelFileHeader.ts): the trace may be run from another directory.
  const runA = `\`mmspec run --model ${shellWord(system.systemA.model.file ?? names.a)}\``;
  const runB = `\`mmspec run --model ${shellWord(system.systemB.model.file ?? names.b)}\``;
  const first = `mmspec diff: ${a} and ${b} differ (bound ${system.bound.name}) after ${counted(steps, 'step')}`;
  // No trace directive sets VM_NOHUGEPAGE in def_flags: `mmspec run` cannot start there.
  if (system.bound.setups[setup]?.defNoHugepage === true)
    return [
      first,
      `the checks at the end state what ${a} predicts from a process whose def_flags starts with`,
      'VM_NOHUGEPAGE (s390 KVM, PR_SET_THP_DISABLE 3.15-4.12); no directive says so, so under',
      '`mmspec run` both models start without it and this trace cannot tell them apart',
      ...notes,
    ];
  return [
    first,
    `the checks at the end state what ${a} predicts: ${runA} passes,`,
    separated
      ? `${runB} fails on them`
      : `and so does ${runB}: every outcome of ${b} here is one ${a} allows`,
    ...notes,
  ];
}

/**
 * A name the trace spells that a model gives another name of its own (`sameValueAs`): the
 * trace writes the name both models read (MAP_SYNC), and says which bit it is to the design
 * (proposal-map-lockonfault's MAP_LOCKONFAULT), or a reviewer reads the wrong flag.
 */
function sharedNames(system: DiffSystem, text: string): string[] {
  return [system.systemA.model, system.systemB.model].flatMap((m) =>
    m.constants
      .filter((c) => c.sameValueAs !== undefined && new RegExp(`\\b${c.sameValueAs}\\b`).test(text))
      .map((c) => `${c.sameValueAs ?? ''} here is the value ${m.name} names ${c.name}`),
  );
}

/**
 * Replays the run on both models and states where they differ at its end. `names`: how the
 * commands in the header name the models (default: their names; a model file by its path).
 */
export function diffFinding(
  system: DiffSystem,
  setup: number,
  letters: readonly Letter[],
  names: ModelNames = { a: system.systemA.model.name, b: system.systemB.model.name },
): DiffFinding {
  const onA = replay(system.systemA, setup, letters);
  const onB = replay(system.systemB, setup, letters);
  const lastA = onA.at(-1);
  const lastB = onB.at(-1);
  const initial = [...system.initial()][setup];
  const endA = lastA?.after ?? initial?.a;
  const endB = lastB?.after ?? initial?.b;
  if (endA === undefined || endB === undefined)
    throw new RangeError(`diffFinding: no initial process ${setup}`);
  const result = resultLine(lastA, lastB);
  const observed = observableDifferences(endA.kernel, endB.kernel, endA.hints, system.bound.pages);
  const traceWith = (notes: readonly string[]) =>
    differenceTrace({
      bound: system.bound,
      setup,
      steps: onA,
      lastResultDiffers: result.length > 0,
      differences: observed,
      model: system.systemA.model.name,
      header: header(
        system,
        names,
        setup,
        onA.length,
        [...observed.flatMap(unseparated), ...notes],
        result.length > 0 || observed.some((d) => unseparated(d).length === 0),
      ),
    });
  const plain = traceWith([]);
  const shared = sharedNames(system, plain.text);
  const trace = shared.length === 0 ? plain : traceWith(shared);
  const differences: DiffLine[] = [
    ...result,
    ...observed.map((d) => ({ observable: d.name, a: d.a.value, b: d.b.value })),
  ];
  return { setup, steps: onA, differences, trace };
}

// The shortest differing run as a .mmt trace: the directives of its initial process, every call
// with the result model A gives (the same as B's, but for the last call maybe), and at the end
// a check of what A predicts for each observable on which B differs. So the trace passes on A
// and fails on B at those checks. Built as text, parsed to a Program, printed by the printer.

import type { TraceText } from '../check/counterexampleTrace.js';
import { describeLetter } from '../check/describeLetter.js';
import type { KernelBound } from '../check/kernelBound.js';
import type { ReplayedStep } from '../check/replayLetters.js';
import { parse } from '../trace/parser.js';
import { print } from '../trace/printer.js';
import { setupDirectives } from '../trace/setupDirectives.js';
import type { Difference } from './observableDifferences.js';
import { resultText, statesResult } from './_internals/resultText.js';
import { DEFAULT_MODEL } from '../../models/registry.js';

export interface DifferenceTraceInput {
  readonly bound: KernelBound;
  readonly setup: number;
  /** The run on model A. */
  readonly steps: readonly ReplayedStep[];
  /** Whether the last call returned differently on B (then A's result is stated, always). */
  readonly lastResultDiffers: boolean;
  readonly differences: readonly Difference[];
  /** Model A, named in a `model` directive unless it is the default. */
  readonly model: string;
  readonly header: readonly string[];
}

const mnemonicsOf = (d: Difference['a']): readonly string[] | null =>
  d.observed.kind === 'vmflags' || d.observed.kind === 'def_flags' ? d.observed.mnemonics : null;

/** The checks that hold on A and fail on B for one differing observable. */
function checksOf(d: Difference): string[] {
  const have = mnemonicsOf(d.a);
  const other = mnemonicsOf(d.b);
  if (d.a.what.kind !== 'vmflags' && d.a.what.kind !== 'def_flags')
    return [`check ${d.name} = ${d.a.value}`];
  // No VMA on one side: the vma(...) check at the same address already states it.
  if (have === null || other === null) return [];
  const has = have.filter((m) => !other.includes(m));
  const lacks = other.filter((m) => !have.includes(m));
  return [
    ...(has.length > 0 ? [`check ${d.name} has ${has.join(' ')}`] : []),
    ...(lacks.length > 0 ? [`check ${d.name} lacks ${lacks.join(' ')}`] : []),
  ];
}

function callLine(s: ReplayedStep, last: boolean, lastResultDiffers: boolean): string {
  const line = describeLetter(s.letter, s.before.hints);
  if (s.letter.call === 'fork' || s.letter.call === 'exit') return line;
  const stated = (last && lastResultDiffers) || statesResult(s.call, s.result);
  return stated ? `${line} = ${resultText(s.call, s.result, 'expect')}` : line;
}

export function differenceTrace(input: DifferenceTraceInput): TraceText {
  const { bound, steps } = input;
  const body: string[] = [];
  let depth = 0;
  const indent = () => '  '.repeat(depth);
  if (steps.some((s) => s.letter.args.some((a) => a.kind === 'fd')))
    body.push(`f = tmpfile(${bound.filePages}P)`);
  steps.forEach((s, i) => {
    if (s.letter.call === 'exit') depth = Math.max(0, depth - 1);
    body.push(`${indent()}${callLine(s, i === steps.length - 1, input.lastResultDiffers)}`);
    if (s.letter.call === 'fork') depth++;
  });
  for (const d of input.differences) body.push(...checksOf(d).map((c) => `${indent()}${c}`));
  while (depth > 0) {
    depth--;
    body.push(`${indent()}}`);
  }
  const setup = bound.setups[input.setup];
  const head = [
    ...(input.model === DEFAULT_MODEL ? [] : [`model ${input.model}`]),
    ...(setup === undefined ? [] : setupDirectives(setup)),
  ];
  const source = [...head, ...(head.length > 0 ? [''] : []), ...body].map((l) => `${l}\n`).join('');
  const program = parse(source, '<difference>');
  const text = [...input.header.map((h) => `# ${h}`), print(program)].join('\n');
  return { program, text: text.endsWith('\n') ? text : `${text}\n` };
}

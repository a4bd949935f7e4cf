// A failing run as a .mmt trace: the directives of its initial process, every call with the
// result the model gave (strace style), and at the end the checks the property demands, which
// fail on the model exactly where the property does (or, for a C reproducer, the checks that
// state what the model predicts). Built as text, parsed to a Program, printed by the printer.

import { setupDirectives } from '../trace/setupDirectives.js';
import type { Result } from '../kernel/result.js';
import type { Program } from '../trace/ast.js';
import { parse } from '../trace/parser.js';
import { print } from '../trace/printer.js';
import { describeLetter } from './describeLetter.js';
import type { KernelBound } from './kernelBound.js';
import { MLOCK_TWICE } from './kernelProperties.js';
import type { ReplayedStep } from './replayLetters.js';
import { demandLines } from './_internals/demands.js';
import { observeRegions } from './_internals/observeRegions.js';
import { DEFAULT_MODEL } from '../../models/registry.js';

export type TraceEnding = 'demand' | 'prediction';

function expectation(step: ReplayedStep, r: Result): string {
  if (r.kind === 'errno') return ` = -1 ${r.errno}`;
  if (r.kind === 'signal') return ` = ${r.signal}`;
  if (step.call.call === 'mmap' || step.call.call === 'mremap') return '';
  return ` = ${BigInt.asIntN(64, r.value)}`;
}

function directives(bound: KernelBound, setup: number, model: string): string[] {
  const s = bound.setups[setup];
  if (s === undefined) return [];
  // The trace runs on the model that produced it (mmspec run resolves planted:NAME too).
  return [...(model === DEFAULT_MODEL ? [] : [`model ${model}`]), ...setupDirectives(s)];
}

export interface TraceText {
  readonly program: Program;
  /** The printed trace, with a comment header. */
  readonly text: string;
}

export function counterexampleTrace(
  bound: KernelBound,
  setup: number,
  steps: readonly ReplayedStep[],
  property: string,
  ending: TraceEnding,
  header: readonly string[],
  model: string = DEFAULT_MODEL,
): TraceText {
  const body: string[] = [];
  let depth = 0;
  const indent = () => '  '.repeat(depth);
  if (steps.some((s) => s.letter.args.some((a) => a.kind === 'fd')))
    body.push(`f = tmpfile(${bound.filePages}P)`);
  for (const s of steps) {
    if (s.letter.call === 'exit') depth = Math.max(0, depth - 1);
    const line = describeLetter(s.letter, s.before.hints);
    body.push(
      `${indent()}${line}${s.letter.call === 'fork' || s.letter.call === 'exit' ? '' : expectation(s, s.result)}`,
    );
    if (s.letter.call === 'fork') depth++;
  }
  const last = steps.at(-1);
  if (last !== undefined) {
    const ctx = { last, hints: last.after.hints, pages: bound.pages };
    let checks: string[];
    if (ending === 'prediction') checks = observeRegions(last.after.kernel, ctx.hints, ctx.pages);
    else if (property === MLOCK_TWICE) {
      const again = `${describeLetter(last.letter, null)}${expectation(last, last.result)}`;
      checks = [
        `# ${property}: the same call again must change nothing`,
        again,
        ...observeRegions(last.after.kernel, ctx.hints, ctx.pages),
      ];
    } else checks = demandLines(property, ctx);
    body.push(...checks.map((c) => `${indent()}${c}`));
  }
  while (depth > 0) {
    depth--;
    body.push(`${indent()}}`);
  }
  const head = directives(bound, setup, model);
  const source = [...head, ...(head.length > 0 ? [''] : []), ...body].map((l) => `${l}\n`).join('');
  const program = parse(source, `<counterexample ${property}>`);
  // Comments are not part of the syntax tree: the trailing ones a demand adds are kept apart.
  const notes = body.filter((l) => l.trim().startsWith('#')).map((l) => l.trim());
  const text = [...header.map((h) => `# ${h}`), ...notes, print(program)].join('\n');
  return { program, text: text.endsWith('\n') ? text : `${text}\n` };
}

// A disagreement as a trace to re-run: the statements up to the end, each call expecting what
// the reference (the kernel) returned, and only the checks that differed, stating what the
// reference observed. So `mmspec run FILE` fails on the model exactly where it is wrong,
// `mmspec run --kernel FILE` holds, and `mmspec run --compare FILE` shows both sides.

import type { CallStmt, CheckStmt, Program } from '../trace/ast.js';
import type { Bindings, Constants } from '../trace/bindings.js';
import { ADDRESS_CALLS, FD_CALLS } from '../trace/bindings.js';
import type { ComparedStatement } from '../trace/compare.js';
import type { CallResult, Observed } from '../uapi/outcome.js';
import {
  printDirectives,
  printExpr,
  printObservable,
  printStatementHead,
} from '../trace/printer.js';
import { hex, showBytes } from '../trace/show.js';
import { trail, type TrailEntry } from '../trace/trail.js';
import { MODELLED_MNEMONICS } from '../uapi/vmFlags.js';
import type { Verdict } from './differential.js';

type Disagreeing = Extract<Verdict, { kind: 'disagree' }>;

function expectation(call: CallStmt, result: CallResult): string {
  switch (result.kind) {
    case 'errno':
      return ` = -1 ${result.errno}`;
    case 'signal':
      return ` = ${result.signal}`;
    case 'value':
      // An address or fd depends on the engine; the name binds it instead.
      return ADDRESS_CALLS.has(call.call) || FD_CALLS.has(call.call)
        ? ''
        : ` = ${BigInt.asIntN(64, result.value)}`;
  }
}

function modelled(list: readonly string[] | null): string[] {
  return (list ?? []).filter((m) => MODELLED_MNEMONICS.includes(m));
}

/** `has` what the reference has and the model lacks, `lacks` the reverse. */
function mnemonicChecks(head: string, ref: string[], model: string[]): string[] {
  const has = ref.filter((m) => !model.includes(m));
  const lacks = model.filter((m) => !ref.includes(m));
  const lines: string[] = [];
  if (has.length > 0) lines.push(`${head} has ${has.join(' ')}`);
  if (lacks.length > 0) lines.push(`${head} lacks ${lacks.join(' ')}`);
  return lines;
}

function checkLines(stmt: CheckStmt, ref: Observed, model: Observed, names: Bindings): string[] {
  const o = stmt.observable;
  const head = `check ${printObservable(o)}`;
  const address = (a: bigint) => names.describeAddress(a) ?? hex(a);
  switch (ref.kind) {
    case 'pages':
      return [`${head} = "${ref.letters}"`];
    case 'vmflags': {
      const at = o.kind === 'vmflags' ? printExpr(o.addr) : '?';
      if (ref.mnemonics === null) return [`check vma(${at}) = none`];
      const other = model.kind === 'vmflags' ? model.mnemonics : null;
      const lines = mnemonicChecks(head, modelled(ref.mnemonics), modelled(other));
      return lines.length > 0 ? lines : [`check vma(${at}) != none`];
    }
    case 'def_flags': {
      const other = model.kind === 'def_flags' ? model.mnemonics : [];
      return mnemonicChecks(head, modelled(ref.mnemonics), modelled(other));
    }
    case 'vma':
      return ref.extent === null
        ? [`${head} = none`]
        : [`${head} = ${address(ref.extent.start)} .. ${address(ref.extent.end)}`];
    case 'vmas':
      return [`${head} = ${ref.count}`];
    case 'VmLck':
      return [`${head} = ${showBytes(ref.bytes)}`];
  }
}

function statementLines(
  e: TrailEntry,
  m: TrailEntry | undefined,
  s: ComparedStatement,
  sides: readonly [string, string],
): string[] {
  const note = s.same ? [] : [`# ${sides[0]}: ${s.kernel} | ${sides[1]}: ${s.model}`];
  const step = e.step;
  if (e.stmt.kind === 'call') {
    const expect = step?.kind === 'call' ? expectation(e.stmt, step.result) : '';
    return [...note, `${printStatementHead(e.stmt)}${expect}`];
  }
  if (e.stmt.kind === 'check') {
    if (s.same) return [];
    const mine = m?.step;
    if (step?.kind !== 'check' || mine?.kind !== 'check')
      return [...note, printStatementHead(e.stmt)];
    return [...note, ...checkLines(e.stmt, step.observed, mine.observed, e.before)];
  }
  // A fork block: its statements, indented, then its end.
  const inner = block(e.body, m?.body ?? [], s.body, sides).map((l) => `  ${l}`);
  return [...note, printStatementHead(e.stmt), ...inner, '}'];
}

function block(
  ref: readonly TrailEntry[],
  model: readonly TrailEntry[],
  compared: readonly ComparedStatement[],
  sides: readonly [string, string],
): string[] {
  return ref.flatMap((e, i) => {
    const s = compared[i];
    return s === undefined ? [] : statementLines(e, model[i], s, sides);
  });
}

/** The reproducer text of a disagreement found on a generated trace. */
export function reproducer(program: Program, verdict: Disagreeing, constants: Constants): string {
  const ref = trail(program, verdict.reference, constants);
  const model = trail(program, verdict.candidate, constants);
  const sides = [verdict.reference.engine, verdict.candidate.engine] as const;
  const body = block(ref, model, verdict.comparison.statements, sides);
  const d = verdict.comparison.differences;
  const head = [
    `# conform: ${sides[1]} disagrees with ${sides[0]} on ${d} statement${d === 1 ? '' : 's'};`,
    '# calls expect and checks state what the reference did. Re-run: mmspec run --compare FILE',
    ...printDirectives(program.directives),
  ];
  return [...head, '', ...body].map((l) => `${l}\n`).join('');
}

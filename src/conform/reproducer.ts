// A disagreement as a trace to re-run: the statements up to the end, each call expecting what
// the reference (the kernel) returned, and only the checks that differed, stating what the
// reference observed. So `mmspec run FILE` fails on the model exactly where it is wrong,
// `mmspec run --kernel FILE` holds, and `mmspec run --compare FILE` shows both sides.

import type { CallStmt, CheckStmt, Observable, Program } from '../trace/ast.js';
import type { Bindings, Constants } from '../trace/bindings.js';
import { FD_CALLS } from '../trace/bindings.js';
import type { ComparedStatement } from '../trace/compare.js';
import type { CallResult, Observed } from '../uapi/outcome.js';
import { print } from '../trace/printer.js';
import { ProgramBuilder } from '../trace/programBuilder.js';
import { hex } from '../trace/show.js';
import {
  byteCount,
  check,
  checkExtent,
  checkMnemonics,
  expectationOf,
  NOWHERE,
  num,
  spelled,
} from '../trace/syntax.js';
import { trail, type TrailEntry } from '../trace/trail.js';
import { MODELLED_MNEMONICS } from '../uapi/vmFlags.js';
import type { Verdict } from './differential.js';

type Disagreeing = Extract<Verdict, { kind: 'disagree' }>;

/** The reference's result as the call's expectation; an address or fd, which depends on the engine, is left to the name it binds. */
function addCall(b: ProgramBuilder, stmt: CallStmt, result: CallResult | undefined): void {
  const expect =
    result === undefined || (result.kind === 'value' && FD_CALLS.has(stmt.call))
      ? undefined
      : expectationOf(stmt.call, result);
  b.call(stmt.call, stmt.args, {
    ...(stmt.bind === undefined ? {} : { bind: stmt.bind.name }),
    ...(expect === undefined ? {} : { expect }),
  });
}

function modelled(list: readonly string[] | null): string[] {
  return (list ?? []).filter((m) => MODELLED_MNEMONICS.includes(m));
}

/** `has` what the reference has and the model lacks, `lacks` the reverse. */
function mnemonicChecks(
  o: Extract<Observable, { kind: 'vmflags' | 'def_flags' }>,
  ref: string[],
  model: string[],
): CheckStmt[] {
  const has = ref.filter((m) => !model.includes(m));
  const lacks = model.filter((m) => !ref.includes(m));
  return [
    ...(has.length > 0 ? [checkMnemonics(o, 'has', has)] : []),
    ...(lacks.length > 0 ? [checkMnemonics(o, 'lacks', lacks)] : []),
  ];
}

/** The checks stating what the reference observed where `stmt` looked. */
function referenceChecks(
  stmt: CheckStmt,
  ref: Observed,
  model: Observed,
  names: Bindings,
): CheckStmt[] {
  const o = stmt.observable;
  const equals = (value: bigint) =>
    check(o, { kind: 'numeric', op: '=', value: num(value), pos: NOWHERE });
  if (ref.kind === 'pages')
    return [check(o, { kind: 'pattern', op: '=', pattern: ref.letters, pos: NOWHERE })];
  if (ref.kind === 'vmas') return [equals(BigInt(ref.count))];
  if (ref.kind === 'VmLck')
    return [check(o, { kind: 'numeric', op: '=', value: byteCount(ref.bytes), pos: NOWHERE })];
  if (ref.kind === 'vma' && o.kind === 'vma') {
    if (ref.extent === null) return [checkExtent(o.addr, 'none')];
    const address = (a: bigint) => spelled(names.describeAddress(a) ?? hex(a));
    return [
      checkExtent(o.addr, { start: address(ref.extent.start), end: address(ref.extent.end) }),
    ];
  }
  if (ref.kind === 'vmflags' && o.kind === 'vmflags') {
    if (ref.mnemonics === null) return [checkExtent(o.addr, 'none')];
    const other = model.kind === 'vmflags' ? model.mnemonics : null;
    const checks = mnemonicChecks(o, modelled(ref.mnemonics), modelled(other));
    return checks.length > 0 ? checks : [checkExtent(o.addr, 'none', '!=')];
  }
  if (ref.kind === 'def_flags' && o.kind === 'def_flags') {
    const other = model.kind === 'def_flags' ? model.mnemonics : [];
    return mnemonicChecks(o, modelled(ref.mnemonics), modelled(other));
  }
  return [stmt];
}

function addStatement(
  b: ProgramBuilder,
  e: TrailEntry,
  m: TrailEntry | undefined,
  s: ComparedStatement,
  sides: readonly [string, string],
): void {
  if (e.stmt.kind === 'check' && s.same) return;
  if (!s.same) b.note(`${sides[0]}: ${s.kernel} | ${sides[1]}: ${s.model}`);
  const step = e.step;
  if (e.stmt.kind === 'call')
    return addCall(b, e.stmt, step?.kind === 'call' ? step.result : undefined);
  if (e.stmt.kind === 'check') {
    const mine = m?.step;
    if (step?.kind !== 'check' || mine?.kind !== 'check') return b.check(e.stmt);
    return b.check(...referenceChecks(e.stmt, step.observed, mine.observed, e.before));
  }
  b.fork();
  addBlock(b, e.body, m?.body ?? [], s.body, sides);
  b.exit();
}

function addBlock(
  b: ProgramBuilder,
  ref: readonly TrailEntry[],
  model: readonly TrailEntry[],
  compared: readonly ComparedStatement[],
  sides: readonly [string, string],
): void {
  ref.forEach((e, i) => {
    const s = compared[i];
    if (s !== undefined) addStatement(b, e, model[i], s, sides);
  });
}

/** The reproducer text of a disagreement found on a generated trace. */
export function reproducer(program: Program, verdict: Disagreeing, constants: Constants): string {
  const ref = trail(program, verdict.reference, constants);
  const model = trail(program, verdict.candidate, constants);
  const sides = [verdict.reference.engine, verdict.candidate.engine] as const;
  const d = verdict.comparison.differences;
  const b = new ProgramBuilder({
    file: program.file,
    comments: [
      `conform: ${sides[1]} disagrees with ${sides[0]} on ${d} statement${d === 1 ? '' : 's'};`,
      'calls expect and checks state what the reference did. Re-run: mmspec run --compare FILE',
    ],
  });
  addBlock(b, ref, model, verdict.comparison.statements, sides);
  // The reproducer runs as the trace did: the same model, rlimit and capability lines.
  return print({ ...b.draft(), directives: program.directives });
}

// Judges a run: every expectation (`= -1 EINVAL`) and check (`check pages(a, 4P) = "L..."`)
// against what the engine saw. A verdict says held or failed, and what was expected and seen,
// so a failure is reported with its line and the value seen and the run's other verdicts stand.

import type { CallStmt, CheckSpec, CheckStmt, Expectation, Program } from './ast.js';
import type { PositiveExpectation, SingleExpectation, Stmt } from './ast.js';
import { combineVerdicts } from './_internals/combineVerdicts.js';
import { checkSpecOn, expectationOn, versionOfEngine } from './versionExpectation.js';
import type { Bindings, Constants } from './bindings.js';
import { evaluate } from './evaluate.js';
import type { CallResult, Observed, Outcome, Step } from '../uapi/outcome.js';
import { pagesDiffer, pagesOf, pagesWithin } from './pattern.js';
import { printCheckSpec, printExpectation } from './printer.js';
import { showObserved, showResult } from './show.js';
import { trail, type TrailEntry } from './trail.js';

export interface Verdict {
  readonly line: number;
  readonly column: number;
  readonly subject: 'expectation' | 'check' | 'fork';
  readonly held: boolean;
  /** What the trace asked for: `-1 EINVAL`, `= "L..."`, `has lo lf`, `exit 0`. */
  readonly expected: string;
  /** What the engine gave: `0`, `"LL.."`, `rd wr mr mw me ac`, `exit 1`. */
  readonly seen: string;
  /**
   * A `check some` that none of this many runs of a kernel witnessed (Outcome.repeated): not
   * a failure, the race just did not happen to go that way.
   */
  readonly unwitnessedIn?: number;
}

export function judge(program: Program, outcome: Outcome, constants?: Constants): Verdict[] {
  const version = versionOfEngine(outcome.engine);
  const runs = outcome.interleavings;
  if (runs === undefined) return judgeTrail(trail(program, outcome, constants), version);
  const verdicts = runs.map((steps) =>
    judgeTrail(trail(program, { ...outcome, steps }, constants), version),
  );
  const some = someChecks(program.body);
  const combined = combineVerdicts(verdicts, some);
  const repeated = outcome.repeated;
  if (repeated === undefined) return combined;
  return combined.map((v) =>
    !v.held && v.subject === 'check' && some.has(v.line) ? { ...v, unwitnessedIn: repeated } : v,
  );
}

/** The lines of `check some` statements. */
function someChecks(body: readonly Stmt[]): Set<number> {
  const lines = new Set<number>();
  const visit = (b: readonly Stmt[]): void => {
    for (const s of b) {
      if (s.kind === 'check' && s.some === true) lines.add(s.pos.line);
      if (s.kind === 'fork') visit(s.body);
    }
  };
  visit(body);
  return lines;
}

/** Verdicts in program order; statements the run never reached get none. */
/** `version`: the engine's version name, whose `on` clauses replace the statements' own. */
export function judgeTrail(entries: readonly TrailEntry[], version?: string): Verdict[] {
  return entries.flatMap((entry): Verdict[] => {
    const { stmt, step } = entry;
    if (stmt.kind === 'fork') {
      const inner = judgeTrail(entry.body, version);
      if (step?.kind !== 'fork') return inner;
      const held = step.exitStatus === 0;
      const fork: Verdict = {
        ...at(stmt.pos),
        subject: 'fork',
        held,
        expected: 'exit 0',
        seen: `exit ${step.exitStatus}`,
      };
      return [...inner, fork];
    }
    if (stmt.kind === 'threads') return judgeTrail(entry.body, version);
    if (step === undefined) return [];
    if (stmt.kind === 'call') {
      const expect = expectationOn(stmt, version);
      return expect ? [judgeCall(stmt, expect, step, entry.before)] : [];
    }
    return [judgeCheck(stmt, checkSpecOn(stmt, version), step, entry.before)];
  });
}

function at(pos: { line: number; column: number }): { line: number; column: number } {
  return { line: pos.line, column: pos.column };
}

function judgeCall(stmt: CallStmt, expect: Expectation, step: Step, names: Bindings): Verdict {
  const base = {
    ...at(expect.pos),
    subject: 'expectation' as const,
    expected: printExpectation(expect),
  };
  if (step.kind !== 'call')
    return { ...base, held: false, seen: `engine recorded a ${step.kind} step` };
  if (expect.kind !== 'not') return { ...base, ...judgePositive(stmt, expect, step.result, names) };
  const inner = judgePositive(stmt, expect.of, step.result, names);
  return {
    ...base,
    held: !inner.held,
    seen: inner.seen,
    ...(inner.expected !== undefined && { expected: `anything but ${inner.expected}` }),
  };
}

function judgePositive(
  stmt: CallStmt,
  expect: PositiveExpectation,
  result: CallResult,
  names: Bindings,
): { held: boolean; seen: string; expected?: string } {
  if (expect.kind !== 'set') return judgeResult(stmt, expect, result, names);
  const held = expect.members.some((m) => judgeResult(stmt, m, result, names).held);
  return { held, seen: showResult(result, stmt.call) };
}

function judgeResult(
  stmt: CallStmt,
  expect: SingleExpectation,
  result: CallResult,
  names: Bindings,
): { held: boolean; seen: string; expected?: string } {
  const seen = showResult(result, stmt.call);
  switch (expect.kind) {
    case 'errno':
      return { held: result.kind === 'errno' && result.errno === expect.errno, seen };
    case 'signal':
      return { held: result.kind === 'signal' && result.signal === expect.signal, seen };
    case 'hang':
      return { held: result.kind === 'hang', seen };
    case 'value': {
      const want = evaluate(expect.value, names.lookup);
      const expected = showResult({ kind: 'value', value: want }, stmt.call);
      return { expected, held: result.kind === 'value' && result.value === want, seen };
    }
  }
}

function judgeCheck(stmt: CheckStmt, spec: CheckSpec, step: Step, names: Bindings): Verdict {
  const expected = printCheckSpec(spec);
  const base = { ...at(stmt.pos), subject: 'check' as const, expected };
  if (step.kind !== 'check')
    return { ...base, held: false, seen: `engine recorded a ${step.kind} step` };
  const held = holds(spec, step.observed, names);
  return { ...base, held: held ?? false, seen: showObserved(step.observed, names) };
}

/** Whether the observation satisfies the spec; undefined when they do not fit each other. */
export function holds(spec: CheckSpec, observed: Observed, names: Bindings): boolean | undefined {
  const value = (e: Parameters<typeof evaluate>[0]) => evaluate(e, names.lookup);
  switch (spec.kind) {
    case 'pattern': {
      if (observed.kind !== 'pages') return undefined;
      const seen = pagesOf(observed.letters);
      const allowed = pagesOf(spec.pattern);
      return spec.op === '=' ? pagesWithin(seen, allowed) : pagesDiffer(seen, allowed);
    }
    case 'mnemonics': {
      const have =
        observed.kind === 'vmflags' || observed.kind === 'def_flags'
          ? observed.mnemonics
          : observed.kind === 'page'
            ? observed.flags
            : undefined;
      if (have === undefined || have === null) return undefined;
      return spec.op === 'has'
        ? spec.mnemonics.every((m) => have.includes(m))
        : spec.mnemonics.every((m) => !have.includes(m));
    }
    case 'absent':
      if (observed.kind !== 'vmflags') return undefined;
      return (observed.mnemonics === null) === (spec.op === '=');
    case 'extent': {
      if (observed.kind !== 'vma') return undefined;
      const e = spec.extent;
      const same =
        e === 'none'
          ? observed.extent === null
          : observed.extent !== null &&
            observed.extent.start === value(e.start) &&
            observed.extent.end === value(e.end);
      return spec.op === '=' ? same : !same;
    }
    case 'numeric': {
      const seen =
        observed.kind === 'vmas'
          ? BigInt(observed.count)
          : observed.kind === 'VmLck' ||
              observed.kind === 'AnonHugePages' ||
              observed.kind === 'VmData' ||
              observed.kind === 'Mlocked' ||
              observed.kind === 'Unevictable'
            ? observed.bytes
            : undefined;
      return seen === undefined ? undefined : compareNumbers(spec.op, seen, value(spec.value));
    }
  }
}

export function compareNumbers(
  op: '=' | '!=' | '<' | '<=' | '>' | '>=',
  a: bigint,
  b: bigint,
): boolean {
  switch (op) {
    case '=':
      return a === b;
    case '!=':
      return a !== b;
    case '<':
      return a < b;
    case '<=':
      return a <= b;
    case '>':
      return a > b;
    case '>=':
      return a >= b;
  }
}

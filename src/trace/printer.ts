// Program -> canonical .mmt text. Counterexamples, distinguishing traces and the `run` echo
// are printed with it, so `parse(print(p))` gives back `p` (positions and comments aside).

import type {
  CheckSpec,
  Directives,
  Expectation,
  Expr,
  InjectClause,
  Observable,
  Program,
  Stmt,
} from './ast.js';
import type { ThreadsStmt } from './ast.js';
import { observableOperands } from '../uapi/engine.js';
import { foldExpr, type LeafExpr } from './_internals/foldExpr.js';
import { showNoValue } from './show.js';

// C precedence of the binary operators a trace may use; unary binds tighter than all.
const PRECEDENCE = { '|': 1, '+': 2, '-': 2, '*': 3 } as const;
const UNARY = 4;

export function printExpr(expr: Expr): string {
  return foldExpr<string>(expr, {
    leaf: printLeaf,
    // `- -1` would read as a typo: a unary operand that is itself unary gets parentheses.
    unary: (e, arg) => `${e.op}${parenthesize(e.arg, arg, UNARY + 1)}`,
    binary: (e, l, r) => {
      const p = PRECEDENCE[e.op];
      // Left-associative: the right operand needs parentheses at the same precedence.
      const left = parenthesize(e.left, l, p);
      const right = parenthesize(e.right, r, p + 1);
      return e.op === '|' ? `${left}|${right}` : `${left} ${e.op} ${right}`;
    },
  });
}

function precedenceOf(expr: Expr): number {
  if (expr.kind === 'binary') return PRECEDENCE[expr.op];
  return expr.kind === 'unary' ? UNARY : UNARY + 1;
}

/** `text` (the printed `expr`) where an operand of precedence at least `min` needs no parentheses. */
function parenthesize(expr: Expr, text: string, min: number): string {
  return precedenceOf(expr) < min ? `(${text})` : text;
}

function printLeaf(expr: LeafExpr): string {
  switch (expr.kind) {
    case 'number':
      return expr.hex === true ? `0x${expr.value.toString(16)}` : expr.value.toString();
    case 'pages':
      return `${expr.count.toString()}P`;
    case 'name':
      return expr.name;
    case 'string':
      return `"${expr.value}"`;
  }
}

/**
 * What a call is expected to return, as a reader says it: `-1 ENOMEM`, `{0, -1 EAGAIN}`, and for
 * `!=`, `anything but -1 ENOMEM`. A statement writes it with its operator (`printResultClause`).
 */
export function printExpectation(expect: Expectation): string {
  switch (expect.kind) {
    case 'not':
      return `anything but ${printExpectation(expect.of)}`;
    case 'errno':
    case 'signal':
    case 'hang':
      return showNoValue(expect);
    case 'set':
      return `{${expect.members.map(printExpectation).join(', ')}}`;
    case 'value': {
      // `= -1` alone would read as a missing errno, so a negative value keeps its parentheses.
      const text = printExpr(expect.value);
      return expect.value.kind === 'unary' ? `(${text})` : text;
    }
  }
}

/** `= -1 ENOMEM`, or `!= -1 ENOMEM`: an expectation as a statement writes it. */
export function printResultClause(expect: Expectation): string {
  return expect.kind === 'not'
    ? `!= ${printExpectation(expect.of)}`
    : `= ${printExpectation(expect)}`;
}

export function printObservable(o: Observable): string {
  const operands = observableOperands(o);
  return operands.length === 0 ? o.kind : `${o.kind}(${operands.map(printExpr).join(', ')})`;
}

export function printCheckSpec(spec: CheckSpec): string {
  switch (spec.kind) {
    case 'pattern':
      return `${spec.op} "${spec.pattern}"`;
    case 'mnemonics':
      return `${spec.op} ${spec.mnemonics.join(' ')}`;
    case 'absent':
      return `${spec.op} none`;
    case 'extent':
      return spec.extent === 'none'
        ? `${spec.op} none`
        : `${spec.op} ${printExpr(spec.extent.start)} .. ${printExpr(spec.extent.end)}`;
    case 'numeric':
      return `${spec.op} ${printExpr(spec.value)}`;
  }
}

/** One statement on one line; a fork prints as `fork {` (its body and `}` are separate lines). */
export function printStatementHead(stmt: Stmt): string {
  switch (stmt.kind) {
    case 'call': {
      const bind = stmt.bind ? `${stmt.bind.name} = ` : '';
      const expect = stmt.expect ? ` ${printResultClause(stmt.expect)}` : '';
      const on = (stmt.versions ?? []).map(
        (v) => ` on ${v.versions.join(', ')} ${printResultClause(v.expect)}`,
      );
      return `${bind}${stmt.call}(${stmt.args.map(printExpr).join(', ')})${expect}${on.join('')}`;
    }
    case 'check': {
      const on = (stmt.versions ?? []).map(
        (v) => ` on ${v.versions.join(', ')} ${printCheckSpec(v.spec)}`,
      );
      const some = stmt.some === true ? 'some ' : '';
      return `check ${some}${printObservable(stmt.observable)} ${printCheckSpec(stmt.spec)}${on.join('')}`;
    }
    case 'fork':
      return 'fork {';
    case 'threads':
      return `thread ${stmt.threads[0]?.name ?? ''} {`;
  }
}

/** `inject VM_FAULT_SIGBUS at a + 2P`: a line of its own above its call. */
export function printInject(j: InjectClause): string {
  return `inject ${j.fault} at ${printExpr(j.addr)}`;
}

/** A `schedule` line: `schedule A until fault(a + 4P), B, A`. */
export function printSchedule(steps: NonNullable<ThreadsStmt['schedule']>['steps']): string {
  const step = (s: (typeof steps)[number]) =>
    s.until === 'fault' ? `${s.thread} until fault(${printExpr(s.addr)})` : s.thread;
  return `schedule ${steps.map(step).join(', ')}`;
}

function printThreads(stmt: ThreadsStmt, indent: string): string[] {
  const blocks = stmt.threads.flatMap((t) => [
    `${indent}thread ${t.name} {`,
    ...printStatements(t.body, `${indent}  `),
    `${indent}}`,
  ]);
  return stmt.schedule ? [...blocks, `${indent}${printSchedule(stmt.schedule.steps)}`] : blocks;
}

/** Statements a line each, a fork block's body indented, each below its comment lines. */
export function printStatements(body: readonly Stmt[], indent = ''): string[] {
  return body.flatMap((stmt) => [
    ...(stmt.comments ?? []).map((c) => `${indent}# ${c}`),
    ...(stmt.kind === 'call' ? (stmt.inject ?? []).map((j) => `${indent}${printInject(j)}`) : []),
    ...(stmt.kind === 'fork'
      ? [`${indent}fork {`, ...printStatements(stmt.body, `${indent}  `), `${indent}}`]
      : stmt.kind === 'threads'
        ? printThreads(stmt, indent)
        : [`${indent}${printStatementHead(stmt)}`]),
  ]);
}

export function printDirectives(d: Directives): string[] {
  const lines: string[] = [];
  if (d.model) lines.push(`model ${d.model.name}`);
  if (d.rlimitMemlock) {
    const v = d.rlimitMemlock.value;
    lines.push(`rlimit MEMLOCK ${v === 'unlimited' ? v : printExpr(v)}`);
  }
  if (d.rlimitData) {
    const v = d.rlimitData.value;
    lines.push(`rlimit DATA ${v === 'unlimited' ? v : printExpr(v)}`);
  }
  if (d.capIpcLock) lines.push(`cap CAP_IPC_LOCK ${d.capIpcLock.on ? 'on' : 'off'}`);
  if (d.thp) lines.push(`thp ${d.thp.on ? 'on' : 'off'}`);
  return lines;
}

/** The whole trace, comments and directives first, ending with a newline. */
export function print(program: Program): string {
  const comments = (program.comments ?? []).map((c) => `# ${c}`);
  const head = printDirectives(program.directives);
  const body = printStatements(program.body);
  const lines = head.length > 0 && body.length > 0 ? [...head, '', ...body] : [...head, ...body];
  return [...comments, ...lines].map((l) => `${l}\n`).join('');
}

// Syntax-tree nodes made from values, for traces mmspec writes itself (counterexamples, diff
// findings, conformance traces, statechart paths). Positions are placeholders here: the
// builder (programBuilder.ts) gives a finished program the positions of its printed text.

import type { CallResult } from '../uapi/outcome.js';
import type { CheckSpec, CheckStmt, Expectation, Expr, Observable, Pos } from './ast.js';
import type { PositiveExpectation, SingleExpectation } from './ast.js';
import { ADDRESS_CALLS } from './bindings.js';
import { PAGE_SIZE } from '../uapi/constants.js';
import { parseExpression } from './parser.js';

export const NOWHERE: Pos = { line: 0, column: 0 };

/** A number; a negative one as unary minus, the way a trace writes and reads it. */
export function num(value: bigint | number, hex = false): Expr {
  const v = BigInt(value);
  if (v < 0n) return { kind: 'unary', op: '-', arg: num(-v, hex), pos: NOWHERE };
  return hex
    ? { kind: 'number', value: v, hex, pos: NOWHERE }
    : { kind: 'number', value: v, pos: NOWHERE };
}

/** `nP`: n pages; a negative count as unary minus (`-2P`). */
export function pageCount(n: number | bigint): Expr {
  const count = BigInt(n);
  if (count < 0n) return { kind: 'unary', op: '-', arg: pageCount(-count), pos: NOWHERE };
  return { kind: 'pages', count, pos: NOWHERE };
}

/** A number of bytes as a person writes it: a whole, non-zero number of pages as pages (`2P`). */
export function byteCount(bytes: number | bigint): Expr {
  const b = BigInt(bytes);
  const page = BigInt(PAGE_SIZE);
  return b > 0n && b % page === 0n ? pageCount(b / page) : num(b);
}

export const named = (name: string): Expr => ({ kind: 'name', name, pos: NOWHERE });

export const plus = (left: Expr, right: Expr): Expr => ({
  kind: 'binary',
  op: '+',
  left,
  right,
  pos: NOWHERE,
});

const spellings = new Map<string, Expr>();

/** An argument as an alphabet spells it: `PROT_READ|PROT_WRITE`, `4P`, `-1`, `MCL_CURRENT|0x8`. */
export function spelled(text: string): Expr {
  let expr = spellings.get(text);
  if (expr === undefined) {
    expr = parseExpression(text, '<argument>');
    spellings.set(text, expr);
  }
  return expr;
}

/** `base`, `base + 2P`, `base + 2P + 5`, `base + 5`: an address `page` pages and `byte` bytes in. */
export function offset(base: Expr, page: number, byte = 0): Expr {
  const paged = page === 0 ? base : plus(base, pageCount(page));
  return byte === 0 ? paged : plus(paged, num(byte));
}

/**
 * A call's result as its expectation, strace style: `-1 ENOMEM`, `SIGSEGV`, a value. An address
 * (mmap, mremap) is stated only when `address` says so, in hex: where it lands is the engine's
 * business, and the name it binds says what a reader needs.
 */
export function expectationOf(
  call: string,
  result: CallResult,
  address = false,
): SingleExpectation | undefined {
  switch (result.kind) {
    case 'errno':
      return { kind: 'errno', errno: result.errno, pos: NOWHERE };
    case 'signal':
      return { kind: 'signal', signal: result.signal, pos: NOWHERE };
    case 'hang':
      return { kind: 'hang', pos: NOWHERE };
    case 'value':
      if (!ADDRESS_CALLS.has(call))
        return { kind: 'value', value: num(BigInt.asIntN(64, result.value)), pos: NOWHERE };
      return address ? { kind: 'value', value: num(result.value, true), pos: NOWHERE } : undefined;
  }
}

/** `= 0`, `= 3`: the value a call must return. */
export const expectValue = (value: bigint | number): SingleExpectation => ({
  kind: 'value',
  value: num(value),
  pos: NOWHERE,
});

/** `= -1 ENOMEM`: the errno a call must fail with. */
export const expectErrno = (errno: string): SingleExpectation => ({
  kind: 'errno',
  errno,
  pos: NOWHERE,
});

/** `= {0, -1 ENOMEM}`: one of these; a single member is written alone. */
export function expectOneOf(members: readonly PositiveExpectation[]): PositiveExpectation {
  const singles = members.flatMap((m) => (m.kind === 'set' ? m.members : [m]));
  const [only] = singles;
  if (only !== undefined && singles.length === 1) return only;
  return { kind: 'set', members: singles, pos: NOWHERE };
}

/** `!= {0, -1 ENOMEM}`: anything but these; a single member is written alone. */
export const expectNoneOf = (members: readonly PositiveExpectation[]): Expectation => ({
  kind: 'not',
  of: expectOneOf(members),
  pos: NOWHERE,
});

export const check = (observable: Observable, spec: CheckSpec): CheckStmt => ({
  kind: 'check',
  observable,
  observablePos: NOWHERE,
  spec,
  pos: NOWHERE,
});

/** `check pages(addr, nP) = "pattern"`. */
export const checkPages = (addr: Expr, pages: number, pattern: string): CheckStmt =>
  check(
    { kind: 'pages', addr, len: pageCount(pages) },
    { kind: 'pattern', op: '=', pattern, pos: NOWHERE },
  );

/** `check vmflags(addr) has lo`, `check def_flags lacks lo lf`, `check page(a) has dirty`. */
export const checkMnemonics = (
  observable: Extract<Observable, { kind: 'vmflags' | 'def_flags' | 'page' }>,
  op: 'has' | 'lacks',
  mnemonics: readonly string[],
): CheckStmt => check(observable, { kind: 'mnemonics', op, mnemonics, pos: NOWHERE });

/** `check vma(addr) = start .. end`, or `= none`. */
export const checkExtent = (
  addr: Expr,
  extent: { readonly start: Expr; readonly end: Expr } | 'none',
  op: '=' | '!=' = '=',
): CheckStmt => check({ kind: 'vma', addr }, { kind: 'extent', op, extent, pos: NOWHERE });

/** `check VmLck = 2P`, `check VmLck >= 0`. */
export const checkVmLck = (
  value: Expr,
  op: Extract<CheckSpec, { kind: 'numeric' }>['op'] = '=',
): CheckStmt => check({ kind: 'VmLck' }, { kind: 'numeric', op, value, pos: NOWHERE });

/** `check Mlocked = 2P`, `check Unevictable = 0`: a system counter, in pages. */
export const checkCounter = (kind: 'Mlocked' | 'Unevictable', pages: number): CheckStmt =>
  check({ kind }, { kind: 'numeric', op: '=', value: pageCount(pages), pos: NOWHERE });

const LOCK_MNEMONICS = ['lo', 'lf'] as const;

/** The lock bits `present` has as `has` and `lacks` checks: `has lo`, `lacks lf`. */
export function lockBitChecks(
  observable: Extract<Observable, { kind: 'vmflags' | 'def_flags' }>,
  present: readonly string[],
): CheckStmt[] {
  const has = LOCK_MNEMONICS.filter((m) => present.includes(m));
  const lacks = LOCK_MNEMONICS.filter((m) => !present.includes(m));
  return [
    ...(has.length > 0 ? [checkMnemonics(observable, 'has', has)] : []),
    ...(lacks.length > 0 ? [checkMnemonics(observable, 'lacks', lacks)] : []),
  ];
}

// Expressions, with C's precedence for the operators a trace may use:
// `*` binds tighter than `+ -`, which bind tighter than `|` (PROT_READ|PROT_WRITE, a + 1P);
// unary `-` and `~` bind tightest.
//
// Operator precedence parsing with explicit stacks rather than recursive descent: chains of
// 10,000 operators, unary minuses or parentheses are legal input, and a recursive parser would
// overflow the JavaScript stack on them. Each token is pushed and popped once: linear time.

import type { BinaryOp, Expr, Pos, UnaryOp } from '../ast.js';
import type { Token } from '../lexer.js';
import type { TokenStream } from './tokenStream.js';

export const EXPR_EXPECTED = "an expression (a number such as 4P, a name, or '(')";

const PRECEDENCE: Readonly<Record<BinaryOp, number>> = { '|': 1, '+': 2, '-': 2, '*': 3 };

/** What waits on the operator stack for its operands. */
type Pending =
  | { readonly kind: 'unary'; readonly op: UnaryOp; readonly pos: Pos }
  | { readonly kind: 'binary'; readonly op: BinaryOp }
  | { readonly kind: 'paren'; readonly pos: Pos };

export function parseExpr(ts: TokenStream): Expr {
  const operands: Expr[] = [];
  const pending: Pending[] = [];
  let openParens = 0;
  for (;;) {
    // An operand: any unary operators and '(' first, then a leaf.
    for (let token = ts.next(); ; token = ts.next()) {
      if (isPunct(token, '-') || isPunct(token, '~')) {
        pending.push({ kind: 'unary', op: token.text, pos: token.pos });
      } else if (isPunct(token, '(')) {
        pending.push({ kind: 'paren', pos: token.pos });
        openParens++;
      } else {
        operands.push(leaf(ts, token));
        break;
      }
    }
    // After an operand: close parentheses, then a binary operator or the end.
    for (;;) {
      reduceUnary(operands, pending);
      if (openParens === 0 || !ts.isPunct(')')) break;
      ts.next();
      while (reduceBinary(operands, pending, 0));
      pending.pop(); // the '('
      openParens--;
    }
    const token = ts.peek();
    const op = binaryOp(token);
    if (op === undefined) break;
    ts.next();
    while (reduceBinary(operands, pending, PRECEDENCE[op]));
    pending.push({ kind: 'binary', op });
  }
  const open = openParens > 0 ? pending.findLast((p) => p.kind === 'paren') : undefined;
  if (open !== undefined) ts.expectPunct(')', ` closing the '(' at column ${open.pos.column}`);
  while (reduceBinary(operands, pending, 0));
  return popOperand(operands);
}

function isPunct<T extends string>(token: Token, text: T): token is Token & { text: T } {
  return token.kind === 'punct' && token.text === text;
}

function binaryOp(token: Token): BinaryOp | undefined {
  if (token.kind !== 'punct') return undefined;
  const text: string = token.text;
  return text === '|' || text === '+' || text === '-' || text === '*' ? text : undefined;
}

function leaf(ts: TokenStream, token: Token): Expr {
  switch (token.kind) {
    case 'number':
      return token.hex
        ? { kind: 'number', value: token.value, hex: true, pos: token.pos }
        : { kind: 'number', value: token.value, pos: token.pos };
    case 'pages':
      return { kind: 'pages', count: token.count, pos: token.pos };
    case 'ident':
      return { kind: 'name', name: token.text, pos: token.pos };
    case 'string':
      return { kind: 'string', value: token.value, pos: token.pos };
    default:
      return ts.unexpected(EXPR_EXPECTED, token);
  }
}

/** Applies the unary operators waiting on top of the stack to the operand just read. */
function reduceUnary(operands: Expr[], pending: Pending[]): void {
  for (let top = pending.at(-1); top?.kind === 'unary'; top = pending.at(-1)) {
    pending.pop();
    operands.push({ kind: 'unary', op: top.op, arg: popOperand(operands), pos: top.pos });
  }
}

/** Combines the top binary operator if it binds at least as tight as `min` (left to right). */
function reduceBinary(operands: Expr[], pending: Pending[], min: number): boolean {
  const top = pending.at(-1);
  if (top?.kind !== 'binary' || PRECEDENCE[top.op] < min) return false;
  pending.pop();
  const right = popOperand(operands);
  const left = popOperand(operands);
  operands.push({ kind: 'binary', op: top.op, left, right, pos: left.pos });
  return true;
}

function popOperand(operands: Expr[]): Expr {
  const e = operands.pop();
  if (e === undefined) throw new Error('parseExpr: operand stack empty (a parser bug)');
  return e;
}

// Expressions, with C's precedence for the operators a trace may use:
// `*` binds tighter than `+ -`, which bind tighter than `|` (PROT_READ|PROT_WRITE, a + 1P).

import type { BinaryOp, Expr } from '../ast.js';
import type { TokenStream } from './tokenStream.js';

export const EXPR_EXPECTED = "an expression (a number such as 4P, a name, or '(')";

const LEVELS: readonly (readonly BinaryOp[])[] = [['|'], ['+', '-'], ['*']];

export function parseExpr(ts: TokenStream): Expr {
  return parseLevel(ts, 0);
}

function parseLevel(ts: TokenStream, level: number): Expr {
  const ops = LEVELS[level];
  if (ops === undefined) return parseUnary(ts);
  let left = parseLevel(ts, level + 1);
  for (;;) {
    const op = ops.find((o) => ts.isPunct(o));
    if (op === undefined) return left;
    ts.next();
    const right = parseLevel(ts, level + 1);
    left = { kind: 'binary', op, left, right, pos: left.pos };
  }
}

function parseUnary(ts: TokenStream): Expr {
  const token = ts.peek();
  if (token.kind === 'punct' && (token.text === '-' || token.text === '~')) {
    ts.next();
    return { kind: 'unary', op: token.text, arg: parseUnary(ts), pos: token.pos };
  }
  return parsePrimary(ts);
}

function parsePrimary(ts: TokenStream): Expr {
  const token = ts.next();
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
    case 'punct':
      if (token.text === '(') {
        const inner = parseExpr(ts);
        ts.expectPunct(')', ` closing the '(' at column ${token.pos.column}`);
        return inner;
      }
      return ts.unexpected(EXPR_EXPECTED, token);
    default:
      return ts.unexpected(EXPR_EXPECTED, token);
  }
}

// Expression -> the unsigned 64-bit value C would pass. Arithmetic wraps like C's unsigned
// long: `-1` is 2^64 - 1 (mmap's fd of an anonymous mapping), `~0` all ones, and `a - 1P`
// below zero wraps, so a negative length reaches the engine as the huge value it is.

import type { Expr } from './ast.js';
import { PAGE_SIZE } from '../uapi/constants.js';

const wrap = (v: bigint): bigint => BigInt.asUintN(64, v);

/** What a name means at this point of the trace, or undefined for a name never bound. */
export type Lookup = (name: string) => bigint | undefined;

export function evaluate(expr: Expr, lookup: Lookup): bigint {
  switch (expr.kind) {
    case 'number':
      return wrap(expr.value);
    case 'pages':
      return wrap(expr.count * BigInt(PAGE_SIZE));
    case 'name': {
      const value = lookup(expr.name);
      if (value === undefined) {
        throw new Error(
          `evaluate: unknown name '${expr.name}' (resolve the program before running it)`,
        );
      }
      return wrap(value);
    }
    case 'string':
      throw new Error(
        `evaluate: the string "${expr.value}" is not a number (resolve the program first)`,
      );
    case 'unary':
      return wrap(expr.op === '-' ? -evaluate(expr.arg, lookup) : ~evaluate(expr.arg, lookup));
    case 'binary': {
      const l = evaluate(expr.left, lookup);
      const r = evaluate(expr.right, lookup);
      switch (expr.op) {
        case '+':
          return wrap(l + r);
        case '-':
          return wrap(l - r);
        case '*':
          return wrap(l * r);
        case '|':
          return l | r;
      }
    }
  }
}

/** The value as C's signed long would read it: 2^64 - 1 is -1. */
export function signed(value: bigint): bigint {
  return BigInt.asIntN(64, value);
}

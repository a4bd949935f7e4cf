// Expression -> the unsigned 64-bit value C would pass. Arithmetic wraps like C's unsigned
// long: `-1` is 2^64 - 1 (mmap's fd of an anonymous mapping), `~0` all ones, and `a - 1P`
// below zero wraps, so a negative length reaches the engine as the huge value it is.

import type { Expr } from './ast.js';
import { PAGE_SIZE } from '../uapi/constants.js';
import { foldExpr, type LeafExpr } from './_internals/foldExpr.js';

const wrap = (v: bigint): bigint => BigInt.asUintN(64, v);

/** What a name means at this point of the trace, or undefined for a name never bound. */
export type Lookup = (name: string) => bigint | undefined;

export function evaluate(expr: Expr, lookup: Lookup): bigint {
  return foldExpr<bigint>(expr, {
    leaf: (e) => wrap(leafValue(e, lookup)),
    unary: (e, arg) => wrap(e.op === '-' ? -arg : ~arg),
    binary: (e, l, r) => {
      switch (e.op) {
        case '+':
          return wrap(l + r);
        case '-':
          return wrap(l - r);
        case '*':
          return wrap(l * r);
        case '|':
          return l | r;
      }
    },
  });
}

function leafValue(expr: LeafExpr, lookup: Lookup): bigint {
  switch (expr.kind) {
    case 'number':
      return expr.value;
    case 'pages':
      return expr.count * BigInt(PAGE_SIZE);
    case 'name': {
      const value = lookup(expr.name);
      if (value === undefined) {
        throw new Error(
          `evaluate: unknown name '${expr.name}' (resolve the program before running it)`,
        );
      }
      return value;
    }
    case 'string':
      throw new Error(
        `evaluate: the string "${expr.value}" is not a number (resolve the program first)`,
      );
  }
}

/** The value as C's signed long would read it: 2^64 - 1 is -1. */
export function signed(value: bigint): bigint {
  return BigInt.asIntN(64, value);
}

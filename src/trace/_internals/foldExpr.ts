// A bottom-up walk over an expression tree with an explicit stack instead of recursion: a
// trace may chain 10,000 operators (`1 - 1 - 1 ...`) or stack as many unary minuses, which
// nest the tree that deep, and a recursive walk would overflow the JavaScript stack. The
// evaluator, the resolver and the printer all walk expressions through this one function.

import type { Expr } from '../ast.js';

export type LeafExpr = Exclude<Expr, { kind: 'unary' } | { kind: 'binary' }>;
export type UnaryExpr = Extract<Expr, { kind: 'unary' }>;
export type BinaryExpr = Extract<Expr, { kind: 'binary' }>;

export interface ExprFold<T> {
  leaf(expr: LeafExpr): T;
  unary(expr: UnaryExpr, arg: T): T;
  binary(expr: BinaryExpr, left: T, right: T): T;
}

/** A node still to visit, or an operator whose operands are done and await combining. */
type Work = { readonly visit: Expr } | { readonly combine: UnaryExpr | BinaryExpr };

/**
 * Folds `root` bottom up, leaves left to right (so a fold that throws at a bad leaf stops at
 * the leftmost one, as a recursive walk would). Time and memory are linear in the tree.
 */
export function foldExpr<T>(root: Expr, fold: ExprFold<T>): T {
  const values: T[] = [];
  const work: Work[] = [{ visit: root }];
  for (let item = work.pop(); item !== undefined; item = work.pop()) {
    if ('combine' in item) {
      const e = item.combine;
      if (e.kind === 'unary') values.push(fold.unary(e, pop(values)));
      else {
        const right = pop(values);
        values.push(fold.binary(e, pop(values), right));
      }
      continue;
    }
    const e = item.visit;
    if (e.kind === 'unary') work.push({ combine: e }, { visit: e.arg });
    else if (e.kind === 'binary') work.push({ combine: e }, { visit: e.right }, { visit: e.left });
    else values.push(fold.leaf(e));
  }
  return pop(values);
}

function pop<T>(values: T[]): T {
  if (values.length === 0) throw new Error('foldExpr: operand stack empty (a malformed tree)');
  return values.pop() as T;
}

// A letter as the statement a trace makes: `mlock(a + 1P, 1P)`, `c = mmap(NULL, ...)`. Its
// arguments as syntax (letterArgs) serve the traces built from runs; as text (describeLetter),
// the labels of reports.

import type { Expr, InjectClause } from '../trace/ast.js';
import { printExpr } from '../trace/printer.js';
import { NOWHERE, named, offset, spelled } from '../trace/syntax.js';
import { type Letter, regionName } from './letter.js';

/** The name a trace binds to the start of the heap (`h = brk(0)`): no region is called h. */
export const HEAP_NAME = 'h';

/** How a region is written: `(k, page, byte) => a + 1P + 5`. */
export type RegionExpr = (region: number, page: number, byte: number) => Expr;

const byName: RegionExpr = (k, page, byte) => offset(named(regionName(k)), page, byte);

/** The arguments of a call letter, each address written by `region`. */
export function letterArgs(l: Letter, region: RegionExpr = byName, heap = HEAP_NAME): Expr[] {
  return l.args.map((a) => {
    switch (a.kind) {
      case 'int':
        return spelled(a.text);
      case 'at':
        return region(l.region ?? 0, a.page, a.byte);
      case 'target':
        return region(l.target ?? 0, 0, 0);
      case 'hint':
        return named('NULL');
      case 'fd':
        return named('f');
      case 'heap':
        return offset(named(heap), a.page, a.byte);
    }
  });
}

/** The inject lines of a call letter, each address written by `region`. */
export function letterInjections(l: Letter, region: RegionExpr = byName): InjectClause[] {
  return (l.inject ?? []).map((j) => ({
    fault: j.fault,
    addr: region(l.region ?? 0, j.page, 0),
    pos: NOWHERE,
  }));
}

/** The call without a binding: `mmap(NULL, 1P, ...)`, `fork {`, `}`. */
export function describeLetter(l: Letter): string {
  if (l.call === 'fork') return 'fork {';
  if (l.call === 'exit') return '}';
  const inject = (l.inject ?? []).map(
    (j) => `inject ${j.fault} at ${printExpr(byName(l.region ?? 0, j.page, 0))}; `,
  );
  return `${inject.join('')}${l.call}(${letterArgs(l).map(printExpr).join(', ')})`;
}

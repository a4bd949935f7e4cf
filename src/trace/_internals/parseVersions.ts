// `on VERSION[, VERSION...] RESULT` clauses at the end of a call or a check: what the statement
// states on other kernel versions (spec/trace-format.md, Extensions). The result after the
// names is parsed by the caller's own grammar: an expectation for a call, a check's comparison.

import type { Pos, VersionClause } from '../ast.js';
import type { TokenStream } from './tokenStream.js';

const VERSION_EXPECTED = 'a model or kernel version name such as linux-5.10';

/** Zero or more clauses up to the end of the line. */
export function parseVersionClauses<T>(
  ts: TokenStream,
  body: (ts: TokenStream) => T,
): (VersionClause & { readonly body: T })[] {
  const clauses: (VersionClause & { readonly body: T })[] = [];
  while (ts.isIdent('on')) {
    const pos: Pos = ts.next().pos;
    const versions: string[] = [];
    do {
      const token = ts.next();
      if (token.kind !== 'word' && token.kind !== 'ident')
        return ts.unexpected(VERSION_EXPECTED, token);
      versions.push(token.text);
    } while (ts.eatPunct(','));
    clauses.push({ versions, pos, body: body(ts) });
  }
  return clauses;
}

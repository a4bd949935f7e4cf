// `on VERSION[, VERSION...] RESULT` clauses at the end of a call or a check: what the statement
// states on other kernel versions (spec/trace-format.md, Extensions). The result after the
// names is parsed by the caller's own grammar: an expectation for a call, a check's comparison.

import type { Pos, VersionClause } from '../ast.js';
import type { TokenStream } from './tokenStream.js';

const VERSION_EXPECTED = 'a model or kernel version name such as linux-5.10';

/**
 * A proposal's name written without spaces (`rfc-vm-populate`), which the lexer reads as
 * identifiers and minus signs: joined back while each piece touches the one before.
 */
function proposalName(ts: TokenStream, first: { text: string; pos: Pos }): string {
  let name = first.text;
  const touches = (ahead: number, column: number) => {
    const t = ts.peek(ahead);
    return t.pos.line === first.pos.line && t.pos.column === column;
  };
  for (;;) {
    const end = first.pos.column + name.length;
    const after = ts.peek(1);
    if (!ts.isPunct('-') || !touches(0, end) || after.kind !== 'ident' || !touches(1, end + 1))
      return name;
    ts.next();
    name += `-${ts.next().text}`;
  }
}

/** Zero or more clauses up to the end of the line. */
export function parseVersionClauses<T>(
  ts: TokenStream,
  body: (ts: TokenStream) => T,
): (VersionClause & { readonly body: T })[] {
  const clauses: (VersionClause & { readonly body: T })[] = [];
  while (ts.isIdent('on')) {
    const pos: Pos = ts.next().pos;
    const versions: string[] = [];
    const versionPos: Pos[] = [];
    do {
      const token = ts.next();
      if (token.kind !== 'word' && token.kind !== 'ident')
        return ts.unexpected(VERSION_EXPECTED, token);
      versions.push(token.kind === 'ident' ? proposalName(ts, token) : token.text);
      versionPos.push(token.pos);
    } while (ts.eatPunct(','));
    clauses.push({ versions, pos, versionPos, body: body(ts) });
  }
  return clauses;
}

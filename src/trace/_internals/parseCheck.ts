// `check OBSERVABLE OP VALUE`: which observables exist, how many arguments each takes, and
// which comparisons fit each (a page pattern, mnemonics, an extent, a number).

import type { CheckSpec, CheckStmt, Expr, NumericOp, Observable, Pos } from '../ast.js';
import { parsePattern } from '../pattern.js';
import { EXPR_EXPECTED, parseExpr } from './parseExpr.js';
import type { TokenStream } from './tokenStream.js';
import { parseVersionClauses } from './parseVersions.js';

const OBSERVABLES: Readonly<Record<Observable['kind'], readonly string[]>> = {
  pages: ['ADDR', 'LEN'],
  vmflags: ['ADDR'],
  vma: ['ADDR'],
  vmas: ['ADDR', 'LEN'],
  page: ['ADDR'],
  VmLck: [],
  AnonHugePages: [],
  VmData: [],
  Mlocked: [],
  Unevictable: [],
  def_flags: [],
};
const OBSERVABLE_EXPECTED =
  'an observable: pages(ADDR, LEN), vmflags(ADDR), vma(ADDR), vmas(ADDR, LEN), page(ADDR), VmLck, AnonHugePages, VmData, Mlocked, Unevictable or def_flags';
const NUMERIC_OPS: readonly NumericOp[] = ['=', '!=', '<', '<=', '>', '>='];

function isObservable(name: string): name is Observable['kind'] {
  return Object.prototype.hasOwnProperty.call(OBSERVABLES, name);
}

/** Parses the statement after the `check` keyword (already consumed, at `pos`). */
export function parseCheck(ts: TokenStream, pos: Pos): CheckStmt {
  // `check some ...`: holds in at least one interleaving of the threads before it.
  const some = ts.isIdent('some') && ts.peek(1).kind === 'ident';
  if (some) ts.next();
  const nameToken = ts.next();
  if (nameToken.kind !== 'ident') return ts.unexpected(OBSERVABLE_EXPECTED, nameToken);
  const name = nameToken.text;
  if (!isObservable(name)) {
    return ts.fail(nameToken.pos, `unknown observable '${name}'`, OBSERVABLE_EXPECTED, name.length);
  }
  const params = OBSERVABLES[name];
  const args = params.length > 0 ? parseArgs(ts, name, params, nameToken.pos) : [];
  const observable = makeObservable(name, args);
  const spec = parseSpec(ts, name);
  const versions = parseVersionClauses(ts, (t) => parseSpec(t, name)).map(
    ({ body, ...clause }) => ({ ...clause, spec: body }),
  );
  ts.expectEnd();
  const stmt: CheckStmt = { kind: 'check', observable, observablePos: nameToken.pos, spec, pos };
  const quantified = some ? { ...stmt, some } : stmt;
  return versions.length > 0 ? { ...quantified, versions } : quantified;
}

function parseArgs(ts: TokenStream, name: string, params: readonly string[], at: Pos): Expr[] {
  const signature = `${name}(${params.join(', ')})`;
  ts.expectPunct('(', ` after '${name}': ${signature}`);
  const args: Expr[] = [];
  if (!ts.isPunct(')')) {
    do args.push(parseExpr(ts));
    while (ts.eatPunct(','));
  }
  ts.expectPunct(')', ` closing ${signature}`);
  if (args.length !== params.length) {
    const s = params.length === 1 ? '' : 's';
    ts.fail(
      at,
      `${name} takes ${params.length} argument${s}, got ${args.length}`,
      signature,
      name.length,
    );
  }
  return args;
}

function makeObservable(kind: Observable['kind'], args: readonly Expr[]): Observable {
  const [addr, len] = args;
  switch (kind) {
    case 'VmLck':
    case 'AnonHugePages':
    case 'VmData':
    case 'Mlocked':
    case 'Unevictable':
    case 'def_flags':
      return { kind };
    case 'vmflags':
    case 'vma':
    case 'page':
      if (addr === undefined) break;
      return { kind, addr };
    case 'pages':
    case 'vmas':
      if (addr === undefined || len === undefined) break;
      return { kind, addr, len };
  }
  throw new Error(`makeObservable: ${kind} given ${args.length} arguments`);
}

function parseSpec(ts: TokenStream, name: Observable['kind']): CheckSpec {
  switch (name) {
    case 'pages':
      return parsePatternSpec(ts);
    case 'vmflags':
      return ts.isPunct('=') || ts.isPunct('!=') ? parseAbsent(ts) : parseMnemonics(ts);
    case 'def_flags':
      return parseMnemonics(ts);
    case 'page':
      return parseMnemonics(ts, PAGE_WORDS);
    case 'vma':
      return parseExtent(ts);
    case 'vmas':
    case 'VmLck':
    case 'AnonHugePages':
    case 'VmData':
    case 'Mlocked':
    case 'Unevictable':
      return parseNumeric(ts);
  }
}

function parseEqOp(ts: TokenStream, expected: string): { op: '=' | '!='; pos: Pos } {
  const token = ts.peek();
  if (token.kind === 'punct' && (token.text === '=' || token.text === '!=')) {
    ts.next();
    return { op: token.text, pos: token.pos };
  }
  return ts.unexpected(expected);
}

function parsePatternSpec(ts: TokenStream): CheckSpec {
  const { op, pos } = parseEqOp(ts, `'=' or '!=' and a page pattern such as "L.?[pz]"`);
  const token = ts.next();
  if (token.kind !== 'string')
    return ts.unexpected('a page pattern in quotes, such as "L.?[pz]"', token);
  const parsed = parsePattern(token.value);
  if (!parsed.ok) {
    const at = { line: token.pos.line, column: token.pos.column + 1 + parsed.index };
    ts.fail(at, parsed.message, parsed.expected);
  }
  return { kind: 'pattern', op, pattern: token.value, pos };
}

/** What follows `has`/`lacks`: VmFlags mnemonics, or the page flags of `page(ADDR)`. */
interface Words {
  readonly one: string;
}
const VMFLAGS_WORDS: Words = { one: 'a VmFlags mnemonic such as lo, lf, io, pf' };
const PAGE_WORDS: Words = { one: 'a page flag: present, zero, anon, dirty' };

function parseMnemonics(ts: TokenStream, words: Words = VMFLAGS_WORDS): CheckSpec {
  const token = ts.next();
  const op = token.kind === 'ident' ? token.text : '';
  if (op !== 'has' && op !== 'lacks')
    return words === VMFLAGS_WORDS
      ? ts.unexpected("'has' or 'lacks' and VmFlags mnemonics (has lo lf)", token)
      : ts.unexpected("'has' or 'lacks' and page flags (has dirty)", token);
  const mnemonics: string[] = [];
  while (!ts.atEnd() && !ts.isIdent('on')) {
    const m = ts.next();
    if (m.kind !== 'ident') return ts.unexpected(words.one, m);
    mnemonics.push(m.text);
  }
  if (mnemonics.length === 0)
    ts.unexpected(
      words === VMFLAGS_WORDS
        ? `at least one VmFlags mnemonic after '${op}' (lo, lf, ...)`
        : `at least one page flag after '${op}' (present, zero, anon, dirty)`,
    );
  return { kind: 'mnemonics', op, mnemonics, pos: token.pos };
}

/** `vmflags(a) = none`: a version where no VMA is there (a mapping it cannot make). */
function parseAbsent(ts: TokenStream): CheckSpec {
  const { op, pos } = parseEqOp(ts, "'=' or '!=' and none");
  const token = ts.next();
  if (token.kind !== 'ident' || token.text !== 'none')
    return ts.unexpected("none (no VMA there), or 'has'/'lacks' and mnemonics", token);
  return { kind: 'absent', op, pos };
}

function parseExtent(ts: TokenStream): CheckSpec {
  const { op, pos } = parseEqOp(ts, "'=' or '!=' and an extent (a + 0P .. a + 4P) or none");
  if (ts.isIdent('none')) {
    ts.next();
    return { kind: 'extent', op, extent: 'none', pos };
  }
  const start = parseExpr(ts);
  ts.expectPunct('..', ' between the start and end of the extent (a + 0P .. a + 4P)');
  if (ts.atEnd()) ts.unexpected(`${EXPR_EXPECTED} for the end of the extent`);
  const end = parseExpr(ts);
  return { kind: 'extent', op, extent: { start, end }, pos };
}

function parseNumeric(ts: TokenStream): CheckSpec {
  const token = ts.next();
  const op = NUMERIC_OPS.find((o) => token.kind === 'punct' && token.text === o);
  if (op === undefined) return ts.unexpected('a comparison (= != < <= > >=) and a number', token);
  return { kind: 'numeric', op, value: parseExpr(ts), pos: token.pos };
}

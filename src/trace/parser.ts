// .mmt text -> Program (spec/trace-format.md). The parser checks shape only: which names
// mean what, and how many arguments a call takes, is the resolver's business (resolve.ts).

import type {
  CallStmt,
  InjectClause,
  Directives,
  Expectation,
  Expr,
  ForkStmt,
  Pos,
  Program,
  PositiveExpectation,
  SingleExpectation,
  Stmt,
} from './ast.js';
import { CALL_NAMES, type CallName } from '../uapi/callName.js';
import { isErrno } from '../uapi/errno.js';
import { ENV_FAULTS, isEnvFault } from '../uapi/injection.js';
import { parseVersionClauses } from './_internals/parseVersions.js';
import { parseCheck } from './_internals/parseCheck.js';
import { parseDirective } from './_internals/parseDirective.js';
import { parseExpr } from './_internals/parseExpr.js';
import { TokenStream } from './_internals/tokenStream.js';
// Fork blocks nest at most MAX_FORK_DEPTH deep (forkLimits.ts, the executor's budget): the
// parser refuses deeper nesting as it reads, so no later pass recurses past it.
import { MAX_FORK_DEPTH, forkLimitWords } from './forkLimits.js';
import { tokenize } from './lexer.js';
import { atThread, parseThreads } from './_internals/parseThreads.js';

const DIRECTIVES = ['model', 'rlimit', 'cap', 'thp'];
const STATEMENT_EXPECTED =
  'a statement: a call such as mlock(a, 1P), NAME = call(...), check ..., fork { or thread NAME {';
const CALL_EXPECTED = `a system call: ${CALL_NAMES.join(', ')}`;

/** Parses a trace; throws a TraceError (with file, line and column) at the first fault. */
export function parse(source: string, file: string): Program {
  const ts = new TokenStream(tokenize(source, file), file, source);
  let directives: Directives = {};
  const body: Stmt[] = [];
  for (;;) {
    skipBlankLines(ts);
    const token = ts.peek();
    if (token.kind === 'eof') break;
    if (isDirective(ts)) {
      if (body.length > 0) {
        ts.fail(
          token.pos,
          `directive '${token.text}' after the first statement`,
          'directives (model, rlimit, cap, thp) before the first statement',
          token.text.length,
        );
      }
      directives = parseDirective(ts, directives);
    } else if (token.kind === 'punct' && token.text === '}') {
      ts.fail(token.pos, "unexpected '}' with no open fork block", STATEMENT_EXPECTED);
    } else {
      body.push(parseStatement(ts, 0));
    }
  }
  return { file, source, directives, body };
}

/**
 * One expression as a trace spells it (`MAP_PRIVATE|MAP_ANONYMOUS`, `4P`, `-1`, `0x2`): the
 * spelling an alphabet keeps for an argument, read into the syntax tree.
 */
export function parseExpression(text: string, file = '<expression>'): Expr {
  const ts = new TokenStream(tokenize(text, file), file, text);
  const expr = parseExpr(ts);
  ts.expectEnd();
  return expr;
}

function skipBlankLines(ts: TokenStream): void {
  while (ts.peek().kind === 'newline') ts.next();
}

function isDirective(ts: TokenStream): boolean {
  const token = ts.peek();
  return (
    token.kind === 'ident' &&
    DIRECTIVES.includes(token.text) &&
    !ts.isPunct('=', 1) &&
    !ts.isPunct('(', 1)
  );
}

function isCallName(name: string): name is CallName {
  return (CALL_NAMES as readonly string[]).includes(name);
}

function parseStatement(ts: TokenStream, depth: number): Stmt {
  const token = ts.peek();
  if (token.kind !== 'ident') return ts.unexpected(STATEMENT_EXPECTED);
  if (ts.isPunct('=', 1)) {
    ts.next();
    ts.next();
    return parseCall(ts, token.pos, { name: token.text, pos: token.pos });
  }
  if (ts.isPunct('(', 1)) return parseCall(ts, token.pos);
  if (token.text === 'check') {
    ts.next();
    return parseCheck(ts, token.pos);
  }
  if (token.text === 'fork') return parseFork(ts, depth + 1);
  if (token.text === 'inject') return parseInjected(ts);
  if (atThread(ts)) return parseThreads(ts, (t) => parseStatement(t, depth));
  if (isCallName(token.text)) {
    ts.next();
    return ts.unexpected(`'(' after '${token.text}'`);
  }
  return ts.fail(
    token.pos,
    `unknown statement or directive '${token.text}'`,
    `${STATEMENT_EXPECTED}, or a directive (model, rlimit, cap, thp)`,
    token.text.length,
  );
}

function parseCall(ts: TokenStream, pos: Pos, bind?: CallStmt['bind']): CallStmt {
  const token = ts.next();
  if (token.kind !== 'ident') return ts.unexpected(CALL_EXPECTED, token);
  const call = token.text;
  if (!isCallName(call))
    return ts.fail(token.pos, `unknown call '${call}'`, CALL_EXPECTED, call.length);
  ts.expectPunct('(', ` after '${call}'`);
  const args = [];
  if (!ts.isPunct(')')) {
    do args.push(parseExpr(ts));
    while (ts.eatPunct(','));
  }
  ts.expectPunct(')', ` or ',' in the arguments of ${call}`);
  const expect = ts.isPunct('=') || ts.isPunct('!=') ? parseResultClause(ts) : undefined;
  const versions = parseVersionClauses(ts, (t) =>
    parseResultClause(t, ' and the result on those versions (= -1 EINVAL)'),
  ).map(({ body, ...clause }) => ({ ...clause, expect: body }));
  ts.expectEnd();
  const stmt: CallStmt = { kind: 'call', call, callPos: token.pos, args, pos };
  return {
    ...stmt,
    ...(bind && { bind }),
    ...(expect && { expect }),
    ...(versions.length > 0 && { versions }),
  };
}

const INJECT_EXPECTED = `inject FAULT at ADDRESS, FAULT one of ${ENV_FAULTS.join(', ')}`;

/**
 * `inject FAULT at ADDR` lines and the call below them, which they belong to: the
 * environment's answers to that call's faults (spec/trace-format.md).
 */
function parseInjected(ts: TokenStream): CallStmt {
  const inject: InjectClause[] = [];
  while (ts.isIdent('inject') && !ts.isPunct('=', 1) && !ts.isPunct('(', 1)) {
    const keyword = ts.next();
    const fault = ts.next();
    if (fault.kind !== 'ident') return ts.unexpected(INJECT_EXPECTED, fault);
    if (!isEnvFault(fault.text))
      return ts.fail(
        fault.pos,
        `unknown fault '${fault.text}'`,
        INJECT_EXPECTED,
        fault.text.length,
      );
    const at = ts.next();
    if (at.kind !== 'ident' || at.text !== 'at')
      return ts.unexpected(`'at' ADDRESS after ${fault.text}`, at);
    inject.push({ fault: fault.text, addr: parseExpr(ts), pos: keyword.pos });
    ts.expectEnd();
    skipBlankLines(ts);
  }
  const token = ts.peek();
  if (token.kind !== 'ident' || !(ts.isPunct('(', 1) || ts.isPunct('=', 1)))
    return ts.unexpected('the call the inject lines above apply to, such as mlock(a, 4P)');
  const stmt = ts.isPunct('=', 1)
    ? (ts.next(), ts.next(), parseCall(ts, token.pos, { name: token.text, pos: token.pos }))
    : parseCall(ts, token.pos);
  return { ...stmt, inject };
}

/** `= RESULT` or `!= RESULT` (anything but RESULT); `expected` names what the `=` begins. */
function parseResultClause(ts: TokenStream, expected = ''): Expectation {
  const not = ts.peek();
  if (!ts.eatPunct('!=')) {
    if (!ts.eatPunct('=')) ts.unexpected(`'=' or '!='${expected}`);
    return parseExpectation(ts);
  }
  return { kind: 'not', of: parseExpectation(ts, '!='), pos: not.pos };
}

/** After `=` (or `!=`): `-1 ERRNO`, `SIGSEGV`/`SIGBUS`/`SIGKILL`, `hang`, a value or a set. */
function parseExpectation(ts: TokenStream, op = '='): PositiveExpectation {
  const token = ts.peek();
  const one = ts.peek(1);
  if (ts.isPunct('-') && one.kind === 'number' && one.value === 1n) {
    const after = ts.peek(2);
    if (after.kind === 'ident') {
      ts.next();
      ts.next();
      ts.next();
      return { kind: 'errno', errno: after.text, pos: after.pos };
    }
    if (after.kind === 'newline' || after.kind === 'eof') {
      ts.fail(
        after.pos,
        'missing errno after -1',
        'an errno name such as EINVAL, strace style: = -1 EINVAL',
      );
    }
  }
  // `= ENOMEM` and `= -ENOMEM` (the kernel's own return) would read as an unknown name or a
  // negated one: a call's errno is written as strace prints it.
  const bare =
    token.kind === 'ident' ? token : ts.isPunct('-') && one.kind === 'ident' ? one : undefined;
  if (bare !== undefined && isErrno(bare.text)) {
    const written = bare === token ? bare.text : `-${bare.text}`;
    ts.fail(
      token.pos,
      `'${written}' is no result: an errno is written after -1`,
      `an errno result written strace style: ${op} -1 ${bare.text}`,
      written.length,
    );
  }
  if (token.kind === 'ident' && token.text.startsWith('SIG')) {
    ts.next();
    if (token.text === 'SIGSEGV' || token.text === 'SIGBUS' || token.text === 'SIGKILL') {
      return { kind: 'signal', signal: token.text, pos: token.pos };
    }
    return ts.fail(
      token.pos,
      `unknown signal '${token.text}'`,
      'SIGSEGV, SIGBUS or SIGKILL',
      token.text.length,
    );
  }
  if (
    token.kind === 'ident' &&
    token.text === 'hang' &&
    (one.kind === 'newline' || one.kind === 'eof' || (one.kind === 'ident' && one.text === 'on'))
  ) {
    ts.next();
    return { kind: 'hang', pos: token.pos };
  }
  if (ts.isPunct('{')) return parseExpectationSet(ts, op);
  if (ts.atEnd())
    ts.unexpected(
      `a result after '${op}': a value, -1 ERRNO, a signal (SIGSEGV), hang or a set {..}`,
    );
  return { kind: 'value', value: parseExpr(ts), pos: token.pos };
}

/** `{0, -1 ENOMEM}`: the results racing threads may give, one of which the call returns. */
function parseExpectationSet(ts: TokenStream, op: string): PositiveExpectation {
  const open = ts.next();
  const members: SingleExpectation[] = [];
  do {
    const member = parseExpectation(ts, op);
    if (member.kind === 'set')
      ts.fail(member.pos, 'a set inside a set', 'a value, -1 ERRNO, SIGSEGV or SIGBUS');
    else members.push(member);
  } while (ts.eatPunct(','));
  ts.expectPunct('}', " or ',' in the set of results");
  return { kind: 'set', members, pos: open.pos };
}

function parseFork(ts: TokenStream, depth: number): ForkStmt {
  const forkToken = ts.next();
  if (depth > MAX_FORK_DEPTH) {
    const words = forkLimitWords(`fork blocks nest ${depth} deep`);
    ts.fail(forkToken.pos, words.message, words.expected, 'fork'.length);
  }
  const open = ts.expectPunct('{', " after 'fork'");
  if (!ts.atEnd()) ts.unexpected("end of line after '{' (one statement a line)");
  const body: Stmt[] = [];
  for (;;) {
    skipBlankLines(ts);
    const token = ts.peek();
    if (token.kind === 'eof') {
      ts.fail(
        open.pos,
        'fork block is never closed',
        "'}' on a line of its own, closing the fork opened here",
      );
    }
    if (token.kind === 'punct' && token.text === '}') {
      ts.next();
      if (!ts.atEnd()) ts.unexpected("end of line after '}' (one statement a line)");
      return { kind: 'fork', body, pos: forkToken.pos };
    }
    if (isDirective(ts)) {
      ts.fail(
        token.pos,
        `directive '${token.text}' inside a fork block`,
        'directives (model, rlimit, cap, thp) before the first statement',
        token.text.length,
      );
    }
    body.push(parseStatement(ts, depth));
  }
}

// `thread NAME { ... }` blocks and the `schedule` line after them (spec/trace-format.md,
// Extensions: threads). A group is the consecutive blocks; its bodies hold calls and accesses
// only, so what each thread does is a list of calls an engine can run on a thread.

import type { CallStmt, Pos, ScheduleStepSyntax, Stmt, ThreadBlock, ThreadsStmt } from '../ast.js';
import { parseExpr } from './parseExpr.js';
import type { TokenStream } from './tokenStream.js';

const BODY_EXPECTED = "a call or an access (one a line), or '}' closing the thread";
const STEP_EXPECTED = 'a thread name, or NAME until fault(ADDR)';

/** Is the next line `thread NAME {`? */
export function atThread(ts: TokenStream): boolean {
  return ts.isIdent('thread') && ts.peek(1).kind === 'ident' && ts.isPunct('{', 2);
}

/** The group starting at `thread`, and its `schedule` line if one follows. */
export function parseThreads(ts: TokenStream, statement: (ts: TokenStream) => Stmt): ThreadsStmt {
  const pos = ts.peek().pos;
  const threads: ThreadBlock[] = [];
  for (;;) {
    threads.push(parseBlock(ts, statement, threads));
    skipBlankLines(ts);
    if (!atThread(ts)) break;
  }
  if (!ts.isIdent('schedule')) return { kind: 'threads', threads, pos };
  const at = ts.next().pos;
  const steps: ScheduleStepSyntax[] = [];
  do steps.push(parseStep(ts, threads));
  while (ts.eatPunct(','));
  ts.expectEnd();
  return { kind: 'threads', threads, schedule: { steps, pos: at }, pos };
}

function skipBlankLines(ts: TokenStream): void {
  while (ts.peek().kind === 'newline') ts.next();
}

function parseBlock(
  ts: TokenStream,
  statement: (ts: TokenStream) => Stmt,
  before: readonly ThreadBlock[],
): ThreadBlock {
  const pos = ts.next().pos;
  const nameToken = ts.next();
  const name = nameToken.text;
  if (before.some((b) => b.name === name))
    ts.fail(
      nameToken.pos,
      `thread '${name}' is named twice in this group`,
      'a new thread name',
      name.length,
    );
  const open = ts.expectPunct('{', ` after 'thread ${name}'`);
  if (!ts.atEnd()) ts.unexpected("end of line after '{' (one statement a line)");
  const body: CallStmt[] = [];
  for (;;) {
    skipBlankLines(ts);
    const token = ts.peek();
    if (token.kind === 'eof')
      ts.fail(open.pos, `thread ${name} is never closed`, "'}' on a line of its own");
    if (token.kind === 'punct' && token.text === '}') {
      ts.next();
      if (!ts.atEnd()) ts.unexpected("end of line after '}' (one statement a line)");
      return { name, body, pos };
    }
    if (atThread(ts))
      ts.fail(token.pos, 'a thread inside a thread', BODY_EXPECTED, 'thread'.length);
    const stmt = statement(ts);
    if (stmt.kind !== 'call')
      ts.fail(stmt.pos, `${what(stmt)} inside thread ${name}`, BODY_EXPECTED);
    // capset changes the calling thread's credentials only, where the model keeps one
    // CAP_IPC_LOCK for the process: outside a thread group it is the same thing.
    else if (stmt.call === 'execve' || stmt.call === 'capset')
      ts.fail(stmt.callPos, `${stmt.call} inside thread ${name}`, BODY_EXPECTED, stmt.call.length);
    else body.push(stmt);
  }
}

function what(stmt: Stmt): string {
  return stmt.kind === 'check' ? 'a check' : stmt.kind === 'fork' ? 'a fork block' : 'a thread';
}

function parseStep(ts: TokenStream, threads: readonly ThreadBlock[]): ScheduleStepSyntax {
  const token = ts.next();
  if (token.kind !== 'ident') return ts.unexpected(STEP_EXPECTED, token);
  const pos: Pos = token.pos;
  if (!threads.some((t) => t.name === token.text)) {
    const names = threads.map((t) => t.name).join(', ');
    ts.fail(pos, `no thread '${token.text}' in this group`, `one of ${names}`, token.text.length);
  }
  if (!ts.isIdent('until')) return { thread: token.text, until: 'return', pos };
  ts.next();
  const fault = ts.next();
  if (fault.kind !== 'ident' || fault.text !== 'fault')
    return ts.unexpected("'fault(ADDR)' after 'until'", fault);
  ts.expectPunct('(', " after 'fault'");
  const addr = parseExpr(ts);
  ts.expectPunct(')', ' closing fault(ADDR)');
  return { thread: token.text, until: 'fault', addr, pos };
}

// How many processes a trace may create. Every `fork {` block is a process on the real kernel
// (and a copy of the address space in the model), and traces are shared: a trace with
// thousands of nested forks must be refused when it is loaded, not discovered as a fork bomb.
// The walk is iterative, so it answers in time linear in the statements whatever the nesting.

import type { ForkStmt, Program, Stmt } from './ast.js';
import { TraceError } from './diagnostic.js';

/** The deepest nesting of `fork {` blocks a trace may have (the trace process is depth 0). */
export const MAX_FORK_DEPTH = 8;
/** The most processes one trace may create, the trace process included. */
export const MAX_PROCESSES = 32;

/**
 * Throws a TraceError at the first `fork {` that nests deeper than MAX_FORK_DEPTH or that
 * would create more than MAX_PROCESSES processes, counted in execution order.
 */
export function checkForkLimits(program: Program): void {
  let processes = 1;
  // Each frame: the statements of one block, the next to visit, the block's nesting depth.
  const stack: { body: readonly Stmt[]; next: number; depth: number }[] = [
    { body: program.body, next: 0, depth: 0 },
  ];
  for (let top = stack.at(-1); top !== undefined; top = stack.at(-1)) {
    const stmt = top.body[top.next++];
    if (stmt === undefined) {
      stack.pop();
      continue;
    }
    if (stmt.kind !== 'fork') continue;
    const depth = top.depth + 1;
    processes++;
    if (depth > MAX_FORK_DEPTH) refuse(program, stmt, `fork blocks nest ${depth} deep`);
    if (processes > MAX_PROCESSES) {
      refuse(program, stmt, `this fork would be the trace's process number ${processes}`);
    }
    stack.push({ body: stmt.body, next: 0, depth });
  }
}

/** The words of a refusal, the same from the parser (depth, as it reads) and from this pass. */
export function forkLimitWords(what: string): { message: string; expected: string } {
  return {
    message: `${what}: a trace may nest fork blocks at most ${MAX_FORK_DEPTH} deep and create at most ${MAX_PROCESSES} processes`,
    expected: `at most ${MAX_FORK_DEPTH} nested fork blocks and ${MAX_PROCESSES - 1} forks in all (the limits of every engine; see mmspec run --help)`,
  };
}

function refuse(program: Program, stmt: ForkStmt, what: string): never {
  throw new TraceError({
    file: program.file,
    source: program.source,
    pos: stmt.pos,
    ...forkLimitWords(what),
    width: 'fork'.length,
  });
}

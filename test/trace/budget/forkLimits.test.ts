import { describe, expect, it } from 'vitest';
import type { ForkStmt, Program, Stmt } from '../../../src/trace/ast.js';
import { TraceError, formatDiagnostic } from '../../../src/trace/diagnostic.js';
import { MAX_FORK_DEPTH, MAX_PROCESSES, checkForkLimits } from '../../../src/trace/forkLimits.js';
import { parse } from '../../../src/trace/parser.js';
import { resolveProgram } from '../../../src/trace/resolve.js';
import { deepForks } from './escapes.js';

function refusal(src: string): TraceError {
  try {
    resolveProgram(parse(src, 'forks.mmt'));
  } catch (error) {
    if (error instanceof TraceError) return error;
    throw error;
  }
  throw new Error('the trace was accepted');
}

describe('fork limits, checked when a trace is resolved', () => {
  it(`accepts ${MAX_FORK_DEPTH} nested fork blocks and refuses one more at its line`, () => {
    expect(() => resolveProgram(parse(deepForks(MAX_FORK_DEPTH), 'ok.mmt'))).not.toThrow();
    const e = refusal(deepForks(MAX_FORK_DEPTH + 1));
    expect([e.line, e.column]).toEqual([MAX_FORK_DEPTH + 1, 1]);
    expect(formatDiagnostic(e)).toBe(
      [
        `forks.mmt:9:1: error: fork blocks nest 9 deep: a trace may nest fork blocks at most 8 deep and create at most 32 processes`,
        ` 9 | fork {`,
        `   | ^^^^`,
        `expected at most 8 nested fork blocks and 31 forks in all (the limits of every engine; see mmspec run --help)`,
        '',
      ].join('\n'),
    );
  });

  it(`counts processes in execution order: ${MAX_PROCESSES - 1} forks pass, one more does not`, () => {
    const forks = (n: number) => 'fork {\n}\n'.repeat(n);
    expect(() => resolveProgram(parse(forks(MAX_PROCESSES - 1), 'ok.mmt'))).not.toThrow();
    const e = refusal(forks(MAX_PROCESSES));
    expect(e.line).toBe(2 * MAX_PROCESSES - 1);
    expect(e.message).toMatch(/process number 33/);
  });

  it('refuses a thousand nested forks (text) before the recursive passes run', () => {
    expect(refusal(deepForks(1000)).line).toBe(MAX_FORK_DEPTH + 1);
  });

  it('refuses 10,000 nested forks (a built tree: deeper than the parser takes today)', () => {
    const pos = (line: number) => ({ line, column: 1 });
    let body: readonly Stmt[] = [];
    for (let line = 10_000; line >= 1; line--) {
      const fork: ForkStmt = { kind: 'fork', body, pos: pos(line) };
      body = [fork];
    }
    const program: Program = { file: 'deep.mmt', source: '', directives: {}, body };
    expect(() => checkForkLimits(program)).toThrow(/fork blocks nest 9 deep/);
  });
});

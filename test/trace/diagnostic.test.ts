import { describe, expect, it } from 'vitest';
import { TraceError, formatDiagnostic } from '../../src/trace/diagnostic.js';
import { parse } from '../../src/trace/parser.js';
import { resolveProgram } from '../../src/trace/resolve.js';
import { MALFORMED } from './malformedTraces.js';

function diagnose(source: string): TraceError {
  try {
    resolveProgram(parse(source, 't.mmt'));
  } catch (error) {
    if (error instanceof TraceError) return error;
    throw error;
  }
  throw new Error('the trace was accepted');
}

describe('malformed traces', () => {
  it('has at least 25 of them', () => {
    expect(MALFORMED.length).toBeGreaterThanOrEqual(25);
  });

  it.each(MALFORMED)('$name', (m) => {
    const e = diagnose(m.source);
    expect({ line: e.line, column: e.column, message: e.message, expected: e.expected }).toEqual({
      line: m.line,
      column: m.column,
      message: m.message,
      expected: m.expected,
    });
    expect(e.file).toBe('t.mmt');
  });
});

describe('formatDiagnostic', () => {
  it('shows place, message, the line, a caret under the fault, and what was expected', () => {
    const e = diagnose('a = mmap(NULL, 4P, PROT_READ, MAP_PRIVATE|MAP_ANONYMUS, -1, 0)\n');
    expect(formatDiagnostic(e)).toBe(
      [
        "t.mmt:1:43: error: unknown name 'MAP_ANONYMUS'",
        ' 1 | a = mmap(NULL, 4P, PROT_READ, MAP_PRIVATE|MAP_ANONYMUS, -1, 0)',
        '   |                                           ^^^^^^^^^^^^',
        'expected a uapi constant such as MAP_PRIVATE, or a name bound by an earlier statement; did you mean MAP_ANONYMOUS?',
        '',
      ].join('\n'),
    );
  });

  it('keeps tabs so the caret lines up', () => {
    const e = diagnose('fork {\n\tmunlockall(1)\n}\n');
    expect(formatDiagnostic(e).split('\n')[2]).toBe('   | \t^^^^^^^^^^');
  });

  it('works without the source text', () => {
    const e = new TraceError({
      file: 'x.mmt',
      pos: { line: 3, column: 2 },
      message: 'm',
      expected: 'e',
    });
    expect(formatDiagnostic(e)).toBe('x.mmt:3:2: error: m\nexpected e\n');
  });
});

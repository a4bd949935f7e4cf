// Errors in a trace that stop it from running (bad syntax, unknown names, wrong arity), with
// the place they were found. They are reported gcc style so an editor can jump to them:
//
//   litmus/x.mmt:3:5: error: unknown call 'mmapp'
//       3 | a = mmapp(NULL, 4P, PROT_READ, MAP_PRIVATE|MAP_ANONYMOUS, -1, 0)
//         |     ^^^^^
//   expected a system call: mmap, munmap, ...

import type { Pos } from './ast.js';
import { printable } from './printable.js';

export interface TraceErrorInit {
  readonly file: string;
  readonly pos: Pos;
  /** What is wrong, without the place: `unknown call 'mmapp'`. */
  readonly message: string;
  /** What would have been right there: `')'`, `an errno name such as EINVAL`. */
  readonly expected: string;
  /** How many columns the caret underlines (the offending token); at least 1. */
  readonly width?: number;
  /** The source text, when the thrower has it, so the diagnostic can show the line. */
  readonly source?: string;
}

/** A trace that cannot be run. Thrown by the lexer, parser and resolver; caught by the CLI. */
export class TraceError extends Error {
  readonly file: string;
  readonly line: number;
  readonly column: number;
  readonly expected: string;
  readonly width: number;
  readonly source: string | undefined;

  constructor(init: TraceErrorInit) {
    super(init.message);
    this.name = 'TraceError';
    this.file = init.file;
    this.line = init.pos.line;
    this.column = init.pos.column;
    this.expected = init.expected;
    this.width = Math.max(1, init.width ?? 1);
    this.source = init.source;
  }
}

/**
 * The diagnostic as the CLI prints it: place, message, the source line, a caret, expected.
 * Control characters of the source (or of names quoted from it) are printed as escapes.
 */
export function formatDiagnostic(error: TraceError, source?: string): string {
  const text = source ?? error.source;
  const head = printable(`${error.file}:${error.line}:${error.column}: error: ${error.message}`);
  const srcLine = text?.split(/\r?\n/)[error.line - 1];
  if (srcLine === undefined) return `${head}\nexpected ${printable(error.expected)}\n`;
  const gutter = String(error.line);
  const pad = ' '.repeat(gutter.length);
  // Keep tabs in the caret's indentation so the caret lines up under tabbed source; an
  // escaped character is as wide as its escape.
  const before = printable(srcLine.slice(0, Math.max(0, error.column - 1)));
  const indent = before.replace(/[^\t]/g, ' ');
  const under = printable(srcLine.slice(error.column - 1, error.column - 1 + error.width));
  const room = Math.max(1, printable(srcLine).length - before.length);
  const caret = '^'.repeat(Math.min(Math.max(1, under.length), room));
  return [
    head,
    ` ${gutter} | ${printable(srcLine)}`,
    ` ${pad} | ${indent}${caret}`,
    `expected ${printable(error.expected)}`,
    '',
  ].join('\n');
}

/** One-line form for JSON reports and logs. */
export function diagnosticRecord(error: TraceError): {
  file: string;
  line: number;
  column: number;
  message: string;
  expected: string;
} {
  return {
    file: error.file,
    line: error.line,
    column: error.column,
    message: error.message,
    expected: error.expected,
  };
}

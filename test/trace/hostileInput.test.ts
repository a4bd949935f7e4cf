// Input an attacker of the parser would write: chains and nests deep enough to overflow a
// recursive parser, resolver, evaluator or printer, literals too large for 64 bits, control
// bytes, and mappings larger than a model can hold. Each is either handled or refused with a
// TraceError at its line and column, never a RangeError.

import { describe, expect, it } from 'vitest';
import { parse } from '../../src/trace/parser.js';
import { MAX_FORK_DEPTH } from '../../src/trace/forkLimits.js';
import { print, printExpr } from '../../src/trace/printer.js';
import { resolveProgram } from '../../src/trace/resolve.js';
import { evaluate } from '../../src/trace/evaluate.js';
import { runProgram } from '../../src/trace/runner.js';
import { TraceError, formatDiagnostic } from '../../src/trace/diagnostic.js';
import type { CallStmt, Expr } from '../../src/trace/ast.js';
import { engineOf } from '../../src/kernel/modelEngine.js';
import { MODEL_MAX_SINGLE_PAGES } from '../../src/kernel/modelPageLimit.js';
import { getModel, DEFAULT_MODEL } from '../../models/registry.js';

const firstArg = (src: string): Expr => {
  const stmt = parse(src, 't.mmt').body[0] as CallStmt;
  const arg = stmt.args[0];
  if (arg === undefined) throw new Error('no argument');
  return arg;
};
const value = (e: Expr) => evaluate(e, () => undefined);

/** The TraceError `f` throws (failing the test when it throws anything else or nothing). */
function traceError(f: () => unknown): TraceError {
  try {
    f();
  } catch (error) {
    if (error instanceof TraceError) return error;
    throw error;
  }
  throw new Error('expected a TraceError');
}

describe('deep expressions', () => {
  it('parses, resolves, evaluates and prints a chain of 20,000 subtractions', () => {
    const src = `mlock(${Array(20_000).fill('1').join(' - ')}, 1P)\n`;
    const program = parse(src, 't.mmt');
    resolveProgram(program);
    const arg = firstArg(src);
    expect(value(arg)).toBe(BigInt.asUintN(64, 1n - 19_999n));
    expect(print(program)).toBe(src);
  });

  it('keeps C precedence and associativity over a long mixed chain', () => {
    const text = Array(5_000).fill('2 * 3 - 1|8').join(' + ');
    // `|` binds loosest: (2*3 - 1) | (8 + 2*3 - 1) | ... | 8, printed as written.
    expect(printExpr(firstArg(`mlock(${text}, 1P)`)) === text).toBe(true);
    expect(value(firstArg('mlock(2 * 3 - 1|8 + 2 * 3 - 1|8, 1P)'))).toBe(13n); // 5 | 13 | 8
  });

  it('handles 20,000 unary minuses and 20,000 complements', () => {
    expect(value(firstArg(`mlock(${'- '.repeat(20_000)}5, 1P)`))).toBe(5n);
    expect(value(firstArg(`mlock(${'- '.repeat(20_001)}5, 1P)`))).toBe(BigInt.asUintN(64, -5n));
    expect(value(firstArg(`mlock(${'~'.repeat(20_001)}0, 1P)`))).toBe((1n << 64n) - 1n);
    const program = parse(`mlock(${'-'.repeat(3)}1, 1P)\n`, 't');
    expect(print(program)).toBe('mlock(-(-(-1)), 1P)\n');
  });

  it('handles 5,000 nested parentheses, left and right', () => {
    const deep = `${'('.repeat(5_000)}7${')'.repeat(5_000)}`;
    expect(value(firstArg(`mlock(${deep}, 1P)`))).toBe(7n);
    const right = `${'(1 - '.repeat(5_000)}1${')'.repeat(5_000)}`;
    const e = firstArg(`mlock(${right}, 1P)`);
    expect(value(e)).toBe(1n);
    expect(printExpr(e) === right.slice(1, -1)).toBe(true);
  });

  it('reports an unclosed parenthesis at the token where it should close', () => {
    const e = traceError(() => parse(`mlock(${'('.repeat(4_000)}1, 1P)`, 't.mmt'));
    expect(e.message).toBe("unexpected ','");
    expect([e.line, e.column]).toEqual([1, 4_008]);
    expect(e.expected).toBe("')' closing the '(' at column 4006");
  });

  it('finds the leftmost unknown name of a long chain', () => {
    const src = `mlock(${Array(10_000).fill('1').join(' + ')} + zz + yy, 1P)\n`;
    const e = traceError(() => resolveProgram(parse(src, 't.mmt')));
    expect(e.message).toBe("unknown name 'zz'");
    expect(e.column).toBe(src.indexOf('zz') + 1);
  });
});

describe('deep fork blocks', () => {
  const nested = (n: number) => `${'fork {\n'.repeat(n)}munlockall()\n${'}\n'.repeat(n)}`;

  it(`runs ${MAX_FORK_DEPTH} nested fork blocks`, () => {
    expect(() => resolveProgram(parse(nested(MAX_FORK_DEPTH), 't'))).not.toThrow();
  });

  it('refuses one more, and 5,000, at the fork that goes too deep', () => {
    for (const n of [MAX_FORK_DEPTH + 1, 5_000]) {
      const e = traceError(() => parse(nested(n), 't.mmt'));
      expect(e.message).toMatch(
        /^fork blocks nest \d+ deep: a trace may nest fork blocks at most 8 deep/,
      );
      expect([e.line, e.column]).toEqual([MAX_FORK_DEPTH + 1, 1]);
    }
  });
});

describe('numbers and values out of range', () => {
  it('takes 2^64 - 1 and refuses larger literals without reading all their digits', () => {
    expect(value(firstArg('mlock(0xffffffffffffffff, 1P)'))).toBe((1n << 64n) - 1n);
    expect(value(firstArg('mlock(18446744073709551615, 1P)'))).toBe((1n << 64n) - 1n);
    expect(value(firstArg(`mlock(${'0'.repeat(100)}1, 1P)`))).toBe(1n);
    for (const big of ['18446744073709551616', '0x10000000000000000', '9'.repeat(200_000)]) {
      const e = traceError(() => parse(`mlock(${big}, 1P)`, 't'));
      expect(e.message).toMatch(/does not fit in 64 bits$/);
      expect(e.column).toBe(7);
    }
    expect(value(firstArg('mlock(4503599627370495P, 1P)'))).toBe((1n << 64n) - 4096n);
    expect(() => parse('mlock(4503599627370496P, 1P)', 't')).toThrow(/does not fit in 64 bits/);
  });

  it('refuses a negative RLIMIT_MEMLOCK at the value', () => {
    const e = traceError(() => resolveProgram(parse('rlimit MEMLOCK -5\nmunlockall()\n', 't')));
    expect(e.message).toBe('RLIMIT_MEMLOCK of -5 bytes is negative');
    expect([e.line, e.column]).toEqual([1, 16]);
    expect(() => resolveProgram(parse('rlimit MEMLOCK 0\nmunlockall()\n', 't'))).not.toThrow();
  });

  it('refuses a VmFlags mnemonic the models do not know, with the nearest one', () => {
    const src = 'a = mmap(NULL, 1P, PROT_READ, MAP_PRIVATE|MAP_ANONYMOUS, -1, 0)\n';
    const e = traceError(() => resolveProgram(parse(`${src}check vmflags(a) has lo zz\n`, 't')));
    expect(e.message).toBe("unknown VmFlags mnemonic 'zz'");
    expect([e.line, e.column]).toEqual([2, 25]);
    const typo = traceError(() => resolveProgram(parse(`${src}check vmflags(a) has iq\n`, 't')));
    expect(typo.expected).toMatch(/did you mean io\?/);
  });
});

describe('diagnostics of binary garbage', () => {
  it('escapes control bytes in the message and the source line, caret aligned', () => {
    const src = 'mlock(\u0001\u001b[2J, 1P)\n';
    const e = traceError(() => parse(src, 'x\u0007.mmt'));
    const text = formatDiagnostic(e);
    // eslint-disable-next-line no-control-regex
    expect(text).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f]/);
    expect(text).toBe(
      [
        "x\\x07.mmt:1:7: error: unexpected character '\\x01'",
        ' 1 | mlock(\\x01\\x1b[2J, 1P)',
        '   |       ^^^^',
        'expected a name, a number, a string or an operator',
        '',
      ].join('\n'),
    );
  });
});

describe('huge mappings on a model (pages kept as runs)', () => {
  const runOnModel = async (src: string) => {
    const program = parse(src, 't.mmt');
    const constants = resolveProgram(program);
    return runProgram(program, engineOf(getModel(DEFAULT_MODEL)), { constants });
  };

  it('runs the lengths that used to stop the run (2^40 and 2^36 bytes, locked, populated)', async () => {
    for (const length of ['268435456P', '16777216P']) {
      const outcome = await runOnModel(
        `a = mmap(NULL, ${length}, PROT_READ, MAP_PRIVATE|MAP_ANONYMOUS|MAP_LOCKED|MAP_POPULATE, -1, 0)\n` +
          `check VmLck = ${length}\ncheck pages(a, 2P) = "zz"\n`,
      );
      expect(outcome.unsupported).toEqual([]);
      expect(outcome.steps).toHaveLength(3);
    }
  });

  it('still runs a length the kernel refuses before mapping anything', async () => {
    const outcome = await runOnModel(
      'a = mmap(NULL, -1, PROT_READ, MAP_PRIVATE|MAP_ANONYMOUS, -1, 0) = -1 ENOMEM\n',
    );
    expect(outcome.unsupported).toEqual([]);
  });

  it('stops a file population it would have to fault in page by page past the limit', async () => {
    const pages = MODEL_MAX_SINGLE_PAGES + 1;
    const outcome = await runOnModel(
      `f = tmpfile(${pages}P)\n` +
        `a = mmap(NULL, ${pages}P, PROT_READ, MAP_PRIVATE|MAP_POPULATE, f, 0)\n`,
    );
    expect(outcome.unsupported[0]?.line).toBe(2);
    expect(outcome.unsupported[0]?.reason).toMatch(/a model handles at most \d+ pages there/);
  });
});

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type {
  CheckSpec,
  Expectation,
  Expr,
  Observable,
  PositiveExpectation,
  Program,
  SingleExpectation,
  Stmt,
} from '../../src/trace/ast.js';
import { CALL_NAMES } from '../../src/uapi/callName.js';
import { parse } from '../../src/trace/parser.js';
import { print, printExpr } from '../../src/trace/printer.js';
import { stripPositions } from './stripPositions.js';

const pos = { line: 0, column: 0 };
const roundTrip = (p: Program) => stripPositions(parse(print(p), 'printed.mmt'));

// Arbitrary programs, over names the parser cannot mistake for keywords.
const names = fc.constantFrom(
  'a',
  'b',
  'buf',
  'f2',
  'NULL',
  'PAGE_SIZE',
  'MAP_SHARED',
  'PROT_READ',
  'has',
);
const expr: fc.Arbitrary<Expr> = fc.letrec<{ expr: Expr }>((tie) => ({
  expr: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.record({
      kind: fc.constant('number' as const),
      value: fc.bigInt(0n, 2n ** 64n - 1n),
      pos: fc.constant(pos),
    }),
    fc.record({
      kind: fc.constant('number' as const),
      value: fc.bigInt(0n, 2n ** 64n - 1n),
      hex: fc.constant(true),
      pos: fc.constant(pos),
    }),
    fc.record({
      kind: fc.constant('pages' as const),
      count: fc.bigInt(0n, 4096n),
      pos: fc.constant(pos),
    }),
    fc.record({ kind: fc.constant('name' as const), name: names, pos: fc.constant(pos) }),
    fc.record({
      kind: fc.constant('unary' as const),
      op: fc.constantFrom('-' as const, '~' as const),
      arg: tie('expr'),
      pos: fc.constant(pos),
    }),
    fc.record({
      kind: fc.constant('binary' as const),
      op: fc.constantFrom('+' as const, '-' as const, '*' as const, '|' as const),
      left: tie('expr'),
      right: tie('expr'),
      pos: fc.constant(pos),
    }),
  ),
})).expr;

const single: fc.Arbitrary<SingleExpectation> = fc.oneof(
  fc.record({ kind: fc.constant('value' as const), value: expr, pos: fc.constant(pos) }),
  fc.record({
    kind: fc.constant('errno' as const),
    errno: fc.constantFrom('EINVAL', 'ENOMEM', 'EAGAIN'),
    pos: fc.constant(pos),
  }),
  fc.record({
    kind: fc.constant('signal' as const),
    signal: fc.constantFrom('SIGSEGV' as const, 'SIGBUS' as const),
    pos: fc.constant(pos),
  }),
);

const positive: fc.Arbitrary<PositiveExpectation> = fc.oneof(
  single,
  fc.record({
    kind: fc.constant('set' as const),
    members: fc.array(single, { minLength: 2, maxLength: 3 }),
    pos: fc.constant(pos),
  }),
);

// `= RESULT` and `!= RESULT`.
const expectation: fc.Arbitrary<Expectation> = fc.oneof(
  positive,
  fc.record({ kind: fc.constant('not' as const), of: positive, pos: fc.constant(pos) }),
);

const callStmt: fc.Arbitrary<Stmt> = fc
  .record({
    call: fc.constantFrom(...CALL_NAMES),
    args: fc.array(expr, { maxLength: 6 }),
    label: fc.stringMatching(/^\[[a-z]{1,6}\]$/),
    bind: fc.option(names, { nil: undefined }),
    expect: fc.option(expectation, { nil: undefined }),
  })
  .map(({ call, args, label, bind, expect }) => ({
    kind: 'call' as const,
    call,
    callPos: pos,
    args: call === 'existing' ? [{ kind: 'string' as const, value: label, pos }] : args,
    pos,
    ...(bind === undefined ? {} : { bind: { name: bind, pos } }),
    ...(expect === undefined ? {} : { expect }),
  }));

const pattern = fc
  .array(fc.constantFrom('.', 'z', 'p', 'L', '?', '[pz]', '[.L]'), { maxLength: 6 })
  .map((a) => a.join(''));
const checkArb: fc.Arbitrary<[Observable, CheckSpec]> = fc.oneof(
  fc
    .tuple(expr, expr, fc.constantFrom('=' as const, '!=' as const), pattern)
    .map(([addr, len, op, p]): [Observable, CheckSpec] => [
      { kind: 'pages', addr, len },
      { kind: 'pattern', op, pattern: p, pos },
    ]),
  fc
    .tuple(
      fc.option(expr, { nil: undefined }),
      fc.constantFrom('has' as const, 'lacks' as const),
      fc.array(fc.constantFrom('lo', 'lf', 'rd', 'io'), { minLength: 1, maxLength: 3 }),
    )
    .map(([addr, op, mnemonics]): [Observable, CheckSpec] => [
      addr === undefined ? { kind: 'def_flags' } : { kind: 'vmflags', addr },
      { kind: 'mnemonics', op, mnemonics, pos },
    ]),
  fc
    .tuple(
      expr,
      fc.constantFrom('=' as const, '!=' as const),
      fc.option(fc.tuple(expr, expr), { nil: undefined }),
    )
    .map(([addr, op, e]): [Observable, CheckSpec] => [
      { kind: 'vma', addr },
      { kind: 'extent', op, extent: e === undefined ? 'none' : { start: e[0], end: e[1] }, pos },
    ]),
  fc
    .tuple(
      fc.option(fc.tuple(expr, expr), { nil: undefined }),
      fc.constantFrom(
        '=' as const,
        '!=' as const,
        '<' as const,
        '<=' as const,
        '>' as const,
        '>=' as const,
      ),
      expr,
    )
    .map(([range, op, value]): [Observable, CheckSpec] => [
      range === undefined ? { kind: 'VmLck' } : { kind: 'vmas', addr: range[0], len: range[1] },
      { kind: 'numeric', op, value, pos },
    ]),
);
const checkStmt: fc.Arbitrary<Stmt> = checkArb.map(([observable, spec]) => ({
  kind: 'check',
  observable,
  observablePos: pos,
  spec,
  pos,
}));

const stmt: fc.Arbitrary<Stmt> = fc.letrec<{ stmt: Stmt }>((tie) => ({
  stmt: fc.oneof(
    { depthSize: 'small' },
    callStmt,
    checkStmt,
    fc.array(tie('stmt'), { maxLength: 3 }).map((body): Stmt => ({ kind: 'fork', body, pos })),
  ),
})).stmt;

const program: fc.Arbitrary<Program> = fc
  .record({
    model: fc.option(fc.constantFrom('linux-6.18', 'proposal/mcl-populate', 'v6.1+fix'), {
      nil: undefined,
    }),
    rlimit: fc.option(fc.oneof(fc.constant('unlimited' as const), expr), { nil: undefined }),
    cap: fc.option(fc.boolean(), { nil: undefined }),
    thp: fc.option(fc.boolean(), { nil: undefined }),
    body: fc.array(stmt, { maxLength: 6 }),
  })
  .map(({ model, rlimit, cap, thp, body }) => ({
    file: 'generated.mmt',
    source: '',
    directives: {
      ...(model === undefined ? {} : { model: { name: model, pos } }),
      ...(rlimit === undefined ? {} : { rlimitMemlock: { value: rlimit, pos } }),
      ...(cap === undefined ? {} : { capIpcLock: { on: cap, pos } }),
      ...(thp === undefined ? {} : { thp: { on: thp, pos } }),
    },
    body,
  }));

describe('print', () => {
  it('prints a trace canonically', () => {
    const src = [
      'model linux-6.18',
      'rlimit MEMLOCK 16P',
      'rlimit DATA 1024P',
      '',
      'a = mmap(NULL, 4P, PROT_READ|PROT_WRITE, MAP_PRIVATE|MAP_ANONYMOUS, -1, 0)',
      'mlock2(a + 1P, 2P, MLOCK_ONFAULT) = 0',
      'mlockall(0x100) = -1 EINVAL',
      'fork {',
      '  check vmflags(a) lacks lo',
      '  check vma(a + 1P) = a + 0P .. a + 4P',
      '}',
      'check pages(a, 4P) = "[pz]?L."',
      '',
    ].join('\n');
    expect(print(parse(src, 't.mmt'))).toBe(src);
  });

  it('adds only the parentheses precedence needs', () => {
    const e = (s: string) => {
      const stmt = parse(`mlock(${s}, 0)`, 't').body[0];
      if (stmt?.kind !== 'call' || stmt.args[0] === undefined) throw new Error('bad');
      return printExpr(stmt.args[0]);
    };
    expect(e('(a + 1P) * 2')).toBe('(a + 1P) * 2');
    expect(e('a + (1P * 2)')).toBe('a + 1P * 2');
    expect(e('a - (b - c)')).toBe('a - (b - c)');
    expect(e('(a - b) - c')).toBe('a - b - c');
    expect(e('(A|B) + 1')).toBe('(A|B) + 1');
    expect(e('- (-1)')).toBe('-(-1)');
    expect(e('~(0)')).toBe('~0');
  });

  it('keeps a negative value expectation apart from -1 ERRNO', () => {
    const p = parse('read(a) = (-1)', 't');
    expect(print(p)).toBe('read(a) = (-1)\n');
    expect(roundTrip(p)).toEqual(stripPositions(p));
  });

  it('round-trips: parse(print(p)) is p, positions aside', () => {
    fc.assert(
      fc.property(program, (p) => {
        expect(roundTrip(p)).toEqual(stripPositions(p));
      }),
      { seed: 20240601, numRuns: 300 },
    );
  });
});

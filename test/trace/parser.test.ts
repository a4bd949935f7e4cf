import { describe, expect, it } from 'vitest';
import type { CallStmt, CheckStmt, Expr, ForkStmt, Stmt } from '../../src/trace/ast.js';
import { parse } from '../../src/trace/parser.js';
import { TraceError } from '../../src/trace/diagnostic.js';
import { stripPositions } from './stripPositions.js';

const body = (src: string): readonly Stmt[] => parse(src, 't.mmt').body;
const first = (src: string): Stmt => {
  const s = body(src)[0];
  if (s === undefined) throw new Error('no statement');
  return s;
};
const call = (src: string) => first(src) as CallStmt;
const check = (src: string) => stripPositions((first(src) as CheckStmt).spec);
const num = (value: bigint) => ({ kind: 'number', value });
const name = (n: string) => ({ kind: 'name', name: n });

describe('directives', () => {
  it('reads model, rlimit and cap before the first statement', () => {
    const p = parse(
      'model linux-6.18\nrlimit MEMLOCK 16P\ncap CAP_IPC_LOCK off\nmunlockall()\n',
      't',
    );
    expect(p.directives.model).toMatchObject({ name: 'linux-6.18', pos: { line: 1, column: 1 } });
    expect(stripPositions(p.directives.rlimitMemlock)).toEqual({
      value: { kind: 'pages', count: 16n },
    });
    expect(p.directives.capIpcLock?.on).toBe(false);
  });

  it('reads unlimited, a plain number and cap on', () => {
    expect(parse('rlimit MEMLOCK unlimited\n', 't').directives.rlimitMemlock?.value).toBe(
      'unlimited',
    );
    expect(stripPositions(parse('rlimit MEMLOCK 4095', 't').directives.rlimitMemlock)).toEqual({
      value: num(4095n),
    });
    expect(parse('cap CAP_IPC_LOCK on', 't').directives.capIpcLock?.on).toBe(true);
  });

  it('reads thp on and off, and leaves it absent (off) by default', () => {
    expect(parse('thp on\nmunlockall()\n', 't').directives.thp).toMatchObject({
      on: true,
      pos: { line: 1, column: 1 },
    });
    expect(parse('thp off', 't').directives.thp?.on).toBe(false);
    expect(parse('munlockall()', 't').directives.thp).toBeUndefined();
  });

  it('reads rlimit DATA next to rlimit MEMLOCK', () => {
    const p = parse('rlimit MEMLOCK 4P\nrlimit DATA 1024P\nmunlockall()\n', 't');
    expect(stripPositions(p.directives.rlimitData)).toEqual({
      value: { kind: 'pages', count: 1024n },
    });
    expect(stripPositions(p.directives.rlimitMemlock)).toEqual({
      value: { kind: 'pages', count: 4n },
    });
    expect(parse('rlimit DATA unlimited\n', 't').directives.rlimitData?.value).toBe('unlimited');
  });

  it('lets names that look like directives bind regions', () => {
    expect(call('model = mmap(NULL, 1P, 0, 0, -1, 0)').bind?.name).toBe('model');
  });
});

describe('calls', () => {
  it('binds and keeps C precedence: * over + over |', () => {
    const s = call('a = mmap(NULL, 2 * 1P + 1, PROT_READ|PROT_WRITE, MAP_PRIVATE, -1, 0)');
    expect(s.bind?.name).toBe('a');
    expect(s.call).toBe('mmap');
    const [, len, prot, , fd] = s.args.map(stripPositions) as Expr[];
    expect(len).toEqual({
      kind: 'binary',
      op: '+',
      left: { kind: 'binary', op: '*', left: num(2n), right: { kind: 'pages', count: 1n } },
      right: num(1n),
    });
    expect(prot).toEqual({
      kind: 'binary',
      op: '|',
      left: name('PROT_READ'),
      right: name('PROT_WRITE'),
    });
    expect(fd).toEqual({ kind: 'unary', op: '-', arg: num(1n) });
  });

  it('reads parentheses and ~', () => {
    expect(stripPositions(call('mlock(a, ~(1P - 1))').args[1])).toEqual({
      kind: 'unary',
      op: '~',
      arg: { kind: 'binary', op: '-', left: { kind: 'pages', count: 1n }, right: num(1n) },
    });
  });

  it('reads every expectation form', () => {
    expect(stripPositions(call('mlock2(a + 1P, 2P, MLOCK_ONFAULT) = 0').expect)).toEqual({
      kind: 'value',
      value: num(0n),
    });
    expect(stripPositions(call('mlockall(MCL_ONFAULT) = -1 EINVAL').expect)).toEqual({
      kind: 'errno',
      errno: 'EINVAL',
    });
    expect(stripPositions(call('read(b + 2P) = SIGBUS').expect)).toEqual({
      kind: 'signal',
      signal: 'SIGBUS',
    });
    expect(stripPositions(call('write(a) = SIGSEGV').expect)).toEqual({
      kind: 'signal',
      signal: 'SIGSEGV',
    });
    expect(stripPositions(call('read(a + 0P) = 7').expect)).toEqual({
      kind: 'value',
      value: num(7n),
    });
    expect(stripPositions(call('b = mmap(a, 1P, 0, 0, -1, 0) = a').expect)).toEqual({
      kind: 'value',
      value: name('a'),
    });
    expect(call('munlockall()').expect).toBeUndefined();
  });

  it('reads `!=`: anything but a result or a set, alone or in an on clause', () => {
    expect(stripPositions(call('mlock(a, 1P) != -1 ENOMEM').expect)).toEqual({
      kind: 'not',
      of: { kind: 'errno', errno: 'ENOMEM' },
    });
    expect(stripPositions(call('mremap(a, 1P, 2P, 0) != {-1 EINVAL, -1 EFAULT}').expect)).toEqual({
      kind: 'not',
      of: {
        kind: 'set',
        members: [
          { kind: 'errno', errno: 'EINVAL' },
          { kind: 'errno', errno: 'EFAULT' },
        ],
      },
    });
    const versioned = call('mlock(a, 1P) = 0 on linux-5.10 != -1 EAGAIN');
    expect(stripPositions(versioned.versions?.[0]?.expect)).toEqual({
      kind: 'not',
      of: { kind: 'errno', errno: 'EAGAIN' },
    });
    const refusal = (src: string) => {
      try {
        parse(src, 't');
      } catch (e) {
        if (e instanceof TraceError) return [e.column, e.message, e.expected];
      }
      return undefined;
    };
    expect(refusal('mlock(a, 1P) !=\n')).toEqual([
      16,
      'unexpected end of line',
      "a result after '!=': a value, -1 ERRNO, a signal (SIGSEGV), hang or a set {..}",
    ]);
    expect(refusal('mlock(a, 1P) != {0,\n')?.[2]).toMatch(/^a result after '!='/);
    expect(refusal('mlock(a, 1P) on linux-5.10 < 0\n')).toEqual([
      28,
      "unexpected '<'",
      "'=' or '!=' and the result on those versions (= -1 EINVAL)",
    ]);
  });

  it('reads existing, tmpfile and write with its byte', () => {
    expect(stripPositions(call('v = existing("[vvar]")').args)).toEqual([
      { kind: 'string', value: '[vvar]' },
    ]);
    expect(call('f = tmpfile(8P)').call).toBe('tmpfile');
    expect(call('write(a + 0P, 7)').args).toHaveLength(2);
  });

  it('keeps positions 1-based', () => {
    const s = call('\n  x = mremap(a, 1P, 2P, MREMAP_MAYMOVE)');
    expect(s.pos).toEqual({ line: 2, column: 3 });
    expect(s.callPos).toEqual({ line: 2, column: 7 });
  });
});

describe('checks', () => {
  it('reads pages patterns', () => {
    expect(check('check pages(a, 4P) = "L..."')).toEqual({
      kind: 'pattern',
      op: '=',
      pattern: 'L...',
    });
    expect(check('check pages(b, 3P) != "[pz]?L"')).toEqual({
      kind: 'pattern',
      op: '!=',
      pattern: '[pz]?L',
    });
  });

  it('reads has and lacks, on vmflags and def_flags', () => {
    expect(check('check vmflags(a) has lo lf')).toEqual({
      kind: 'mnemonics',
      op: 'has',
      mnemonics: ['lo', 'lf'],
    });
    expect(check('check vmflags(a + 2P) lacks lo')).toEqual({
      kind: 'mnemonics',
      op: 'lacks',
      mnemonics: ['lo'],
    });
    const s = first('check def_flags lacks lo') as CheckStmt;
    expect(s.observable).toEqual({ kind: 'def_flags' });
  });

  it('reads extents and none', () => {
    expect(check('check vma(a + 1P) = a + 0P .. a + 4P')).toEqual({
      kind: 'extent',
      op: '=',
      extent: {
        start: { kind: 'binary', op: '+', left: name('a'), right: { kind: 'pages', count: 0n } },
        end: { kind: 'binary', op: '+', left: name('a'), right: { kind: 'pages', count: 4n } },
      },
    });
    expect(check('check vma(a) = none')).toEqual({ kind: 'extent', op: '=', extent: 'none' });
    expect(check('check vma(a) != none')).toEqual({ kind: 'extent', op: '!=', extent: 'none' });
  });

  it('reads every numeric operator', () => {
    for (const op of ['=', '!=', '<', '<=', '>', '>=']) {
      expect(check(`check vmas(a, 8P) ${op} 3`)).toEqual({ kind: 'numeric', op, value: num(3n) });
    }
    expect(check('check VmLck = 2P')).toEqual({
      kind: 'numeric',
      op: '=',
      value: { kind: 'pages', count: 2n },
    });
    expect(check('check VmData >= 3P')).toEqual({
      kind: 'numeric',
      op: '>=',
      value: { kind: 'pages', count: 3n },
    });
  });
});

describe('fork', () => {
  it('nests blocks and skips comments and blank lines', () => {
    const src = [
      'a = mmap(NULL, 1P, PROT_READ, MAP_PRIVATE|MAP_ANONYMOUS, -1, 0)',
      'fork {',
      '  # the child',
      '',
      '  check vmflags(a) lacks lo',
      '  fork {',
      '    munlockall()',
      '  }',
      '}',
      'munlockall()',
    ].join('\n');
    const [, outer, last] = body(src);
    expect(outer?.kind).toBe('fork');
    const fork = outer as ForkStmt;
    expect(fork.body.map((s) => s.kind)).toEqual(['check', 'fork']);
    expect((fork.body[1] as ForkStmt).body.map((s) => s.pos.line)).toEqual([7]);
    expect(last?.pos.line).toBe(10);
  });

  it('accepts an empty block', () => {
    expect(first('fork {\n}\n')).toMatchObject({ kind: 'fork', body: [] });
  });
});

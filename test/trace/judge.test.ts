import { describe, expect, it } from 'vitest';
import { Bindings, constantTable } from '../../src/trace/bindings.js';
import type { CheckStmt } from '../../src/trace/ast.js';
import { compareNumbers, holds, judge } from '../../src/trace/judge.js';
import type { CallResult, Observed, Outcome } from '../../src/uapi/outcome.js';
import { parse } from '../../src/trace/parser.js';
import { pagesDiffer, pagesOf, pagesWithin, parsePattern } from '../../src/trace/pattern.js';

const names = Bindings.start(constantTable());
names.bind('a', 0x2000_0000_0000n, 'region');
const spec = (src: string) => (parse(src, 't').body[0] as CheckStmt).spec;
const pages = (letters: string): Observed => ({ kind: 'pages', letters });
const check = (src: string, o: Observed) => holds(spec(src), o, names);

describe('page patterns', () => {
  it('parses letters, ? and classes', () => {
    expect(parsePattern('L?[zp].')).toEqual({ ok: true, pages: ['L', '.zpL', 'zp', '.'] });
    expect(parsePattern('Lx')).toMatchObject({ ok: false, index: 1 });
    expect(parsePattern('[]')).toMatchObject({ ok: false, message: 'empty class in page pattern' });
  });

  it('matches letter by letter, ? anything, a class any letter inside', () => {
    expect(check('check pages(a, 4P) = "L..."', pages('L...'))).toBe(true);
    expect(check('check pages(a, 4P) = "L..."', pages('LL..'))).toBe(false);
    expect(check('check pages(a, 3P) = "[pz]?L"', pages('zpL'))).toBe(true);
    expect(check('check pages(a, 3P) = "[pz]?L"', pages('p.L'))).toBe(true);
    expect(check('check pages(a, 3P) = "[pz]?L"', pages('L.L'))).toBe(false);
    expect(check('check pages(a, 2P) = "LL"', pages('LLL'))).toBe(false);
    expect(check('check pages(a, 2P) != "LL"', pages('Lp'))).toBe(true);
    expect(check('check pages(a, 2P) != "LL"', pages('LL'))).toBe(false);
  });

  it('judges a model that allows a class: held only when every allowed letter fits', () => {
    expect(pagesWithin(pagesOf('[pL].'), pagesOf('?.'))).toBe(true);
    expect(pagesWithin(pagesOf('[pL].'), pagesOf('L.'))).toBe(false);
    expect(pagesDiffer(pagesOf('[pL].'), pagesOf('L.'))).toBe(false);
    expect(pagesDiffer(pagesOf('[pL].'), pagesOf('z.'))).toBe(true);
  });
});

describe('checks', () => {
  it('has and lacks mnemonics; no VMA fails both', () => {
    const flags: Observed = { kind: 'vmflags', mnemonics: ['rd', 'wr', 'lo', 'lf'] };
    expect(check('check vmflags(a) has lo lf', flags)).toBe(true);
    expect(check('check vmflags(a) has lo io', flags)).toBe(false);
    expect(check('check vmflags(a) lacks io pf', flags)).toBe(true);
    expect(check('check vmflags(a) lacks lo', flags)).toBe(false);
    expect(
      check('check vmflags(a) lacks lo', { kind: 'vmflags', mnemonics: null }),
    ).toBeUndefined();
    expect(check('check def_flags has lo', { kind: 'def_flags', mnemonics: ['lo'] })).toBe(true);
  });

  it('compares extents and none', () => {
    const vma: Observed = {
      kind: 'vma',
      extent: { start: 0x2000_0000_0000n, end: 0x2000_0000_4000n },
    };
    expect(check('check vma(a) = a + 0P .. a + 4P', vma)).toBe(true);
    expect(check('check vma(a) = a .. a + 3P', vma)).toBe(false);
    expect(check('check vma(a) != none', vma)).toBe(true);
    expect(check('check vma(a) = none', { kind: 'vma', extent: null })).toBe(true);
  });

  it('compares numbers with every operator', () => {
    const lck: Observed = { kind: 'VmLck', bytes: 8192n };
    expect(check('check VmLck = 2P', lck)).toBe(true);
    expect(check('check VmLck <= 1P', lck)).toBe(false);
    const data: Observed = { kind: 'VmData', bytes: 3n * 4096n };
    expect(check('check VmData = 3P', data)).toBe(true);
    expect(check('check VmData < 3P', data)).toBe(false);
    expect(check('check vmas(a, 8P) > 2', { kind: 'vmas', count: 3 })).toBe(true);
    const ops = ['=', '!=', '<', '<=', '>', '>='] as const;
    expect(ops.map((op) => compareNumbers(op, 1n, 2n))).toEqual([
      false,
      true,
      true,
      true,
      false,
      false,
    ]);
    expect(ops.map((op) => compareNumbers(op, 2n, 2n))).toEqual([
      true,
      false,
      false,
      true,
      false,
      true,
    ]);
  });
});

describe('judge', () => {
  it('lists every expectation and check with what was seen', () => {
    const p = parse(
      [
        'a = mmap(NULL, 1P, PROT_READ, MAP_PRIVATE|MAP_ANONYMOUS, -1, 0)',
        'mlockall(0) = -1 EINVAL',
        'read(a) = 7',
        'read(a + 2P) = SIGSEGV',
        'check pages(a, 1P) = "L"',
        'fork {',
        '}',
      ].join('\n'),
      't',
    );
    const outcome: Outcome = {
      engine: 'test',
      unsupported: [],
      steps: [
        { line: 1, kind: 'call', result: { kind: 'value', value: 0x2000_0000_0000n } },
        { line: 2, kind: 'call', result: { kind: 'errno', errno: 'EINVAL' } },
        { line: 3, kind: 'call', result: { kind: 'value', value: 0n } },
        { line: 4, kind: 'call', result: { kind: 'value', value: 0n } },
        { line: 5, kind: 'check', observed: pages('p') },
        { line: 6, kind: 'fork', exitStatus: 1 },
      ],
    };
    expect(judge(p, outcome).map((v) => [v.line, v.subject, v.held, v.expected, v.seen])).toEqual([
      [2, 'expectation', true, '-1 EINVAL', '-1 EINVAL'],
      [3, 'expectation', false, '7', '0'],
      [4, 'expectation', false, 'SIGSEGV', '0'],
      [5, 'check', false, '= "L"', '"p"'],
      [6, 'fork', false, 'exit 0', 'exit 1'],
    ]);
  });

  it('holds `!=` when the call returns anything but the result or the members of the set', () => {
    const p = parse(
      [
        'mlock(0, 1P) != -1 ENOMEM',
        'mlock(0, 1P) != -1 ENOMEM',
        'mlock(0, 1P) != {0, -1 EPERM}',
        'mlock(0, 1P) != {0, -1 EPERM}',
        'mlock(0, 1P) != 1P - 4096',
        'read(0) != SIGSEGV',
        'mlock(0, 1P) != 0 on linux-6.18 != -1 EAGAIN',
      ].join('\n'),
      't',
    );
    const call = (line: number, result: CallResult) => ({ line, kind: 'call', result }) as const;
    const outcome = (engine: string): Outcome => ({
      engine,
      unsupported: [],
      steps: [
        call(1, { kind: 'errno', errno: 'EAGAIN' }),
        call(2, { kind: 'errno', errno: 'ENOMEM' }),
        call(3, { kind: 'errno', errno: 'ENOMEM' }),
        call(4, { kind: 'errno', errno: 'EPERM' }),
        call(5, { kind: 'value', value: 0n }),
        call(6, { kind: 'signal', signal: 'SIGSEGV' }),
        call(7, { kind: 'value', value: 0n }),
      ],
    });
    const verdicts = (engine: string) =>
      judge(p, outcome(engine)).map((v) => [v.line, v.held, v.expected, v.seen]);
    expect(verdicts('test')).toEqual([
      [1, true, 'anything but -1 ENOMEM', '-1 EAGAIN'],
      [2, false, 'anything but -1 ENOMEM', '-1 ENOMEM'],
      [3, true, 'anything but {0, -1 EPERM}', '-1 ENOMEM'],
      [4, false, 'anything but {0, -1 EPERM}', '-1 EPERM'],
      [5, false, 'anything but 0', '0'],
      [6, false, 'anything but SIGSEGV', 'SIGSEGV'],
      [7, false, 'anything but 0', '0'],
    ]);
    // The `on` clause of the engine's version judges in place of the statement's own.
    expect(verdicts('linux-6.18').at(-1)).toEqual([7, true, 'anything but -1 EAGAIN', '0']);
  });
});

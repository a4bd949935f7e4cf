import { describe, expect, it } from 'vitest';
import { compareOutcomes } from '../../src/trace/compare.js';
import { renderComparisonText } from '../../src/trace/compareReport.js';
import type { Outcome, Step } from '../../src/uapi/outcome.js';
import { parse } from '../../src/trace/parser.js';

const TRACE = [
  'a = mmap(NULL, 2P, PROT_READ|PROT_WRITE, MAP_PRIVATE|MAP_ANONYMOUS, -1, 0)',
  'f = tmpfile(1P)',
  'b = mremap(a, 2P, 4P, MREMAP_MAYMOVE)',
  'mlock(b, 1P) = 0',
  'check pages(b, 2P) = "L?"',
  'check vmflags(b) has lo',
  'check vma(b) = b .. b + 4P',
].join('\n');
const program = parse(TRACE, 't.mmt');
const A = 0x2000_0000_0000n;

function outcome(engine: string, over: Partial<Record<number, Step>>): Outcome {
  const base: Step[] = [
    { line: 1, kind: 'call', result: { kind: 'value', value: A } },
    { line: 2, kind: 'call', result: { kind: 'value', value: 3n } },
    { line: 3, kind: 'call', result: { kind: 'value', value: 0x7f00_0000_0000n } },
    { line: 4, kind: 'call', result: { kind: 'value', value: 0n } },
    { line: 5, kind: 'check', observed: { kind: 'pages', letters: 'L.' } },
    {
      line: 6,
      kind: 'check',
      observed: { kind: 'vmflags', mnemonics: ['rd', 'wr', 'lo', 'sd', 'mg'] },
    },
    {
      line: 7,
      kind: 'check',
      observed: { kind: 'vma', extent: { start: 0x7f00_0000_0000n, end: 0x7f00_0000_4000n } },
    },
  ];
  return { engine, unsupported: [], steps: base.map((s) => over[s.line] ?? s), restPages: 500 };
}

describe('compareOutcomes', () => {
  it('compares moved addresses symbolically, fds as fds, and vmflags on modelled mnemonics', () => {
    const kernel = outcome('kernel', {});
    const model = outcome('model', {
      2: { line: 2, kind: 'call', result: { kind: 'value', value: 5n } },
      3: { line: 3, kind: 'call', result: { kind: 'value', value: 0x3000_0000_0000n } },
      6: { line: 6, kind: 'check', observed: { kind: 'vmflags', mnemonics: ['rd', 'wr', 'lo'] } },
      7: {
        line: 7,
        kind: 'check',
        observed: { kind: 'vma', extent: { start: 0x3000_0000_0000n, end: 0x3000_0000_4000n } },
      },
    });
    const c = compareOutcomes(program, kernel, model);
    expect(c.statements.map((s) => s.same)).toEqual([true, true, true, true, true, true, true]);
    expect(c.differences).toBe(0);
    expect(c.agreed).toBe(true);
  });

  it('lets the model allow a class of letters; the kernel letter must be in it', () => {
    const kernel = outcome('kernel', {});
    const allowing = outcome('model', {
      5: { line: 5, kind: 'check', observed: { kind: 'pages', letters: '[pL][.z]' } },
    });
    expect(compareOutcomes(program, kernel, allowing).differences).toBe(0);
    const other = outcome('model', {
      5: { line: 5, kind: 'check', observed: { kind: 'pages', letters: '[pz].' } },
    });
    expect(compareOutcomes(program, kernel, other).differences).toBe(1);
  });

  it('marks different errnos, a region against an address, and failed checks', () => {
    const kernel = outcome('kernel', {});
    const model = outcome('model', {
      3: { line: 3, kind: 'call', result: { kind: 'value', value: A + 0x4000n } },
      4: { line: 4, kind: 'call', result: { kind: 'errno', errno: 'ENOMEM' } },
    });
    const c = compareOutcomes(program, kernel, model);
    expect(c.statements.filter((s) => !s.same).map((s) => [s.line, s.kernel, s.model])).toEqual([
      [3, '0x7f0000000000 (an address)', '0x200000004000 (a + 4P)'],
      [4, '0', '-1 ENOMEM'],
      // The model's b is at a + 4P, so the kernel's extent of b is just "an address" there.
      [
        7,
        '0x7f0000000000 .. 0x7f0000004000 (b + 0P .. b + 4P)',
        '0x7f0000000000 .. 0x7f0000004000 (an address .. an address)',
      ],
    ]);
    expect(c.agreed).toBe(false);
    const text = renderComparisonText({ program, kernel, model, comparison: c });
    expect(text).toContain('! mlock(b, 1P) = 0');
    expect(text).toContain('kernel 0 held | model -1 ENOMEM FAILED');
    expect(text.split('\n')[0]).toBe(
      '# t.mmt: kernel (kernel) vs model model, rest of the process 500 pages',
    );
  });

  it('counts no difference where one side never ran the statement', () => {
    const model = outcome('m', {});
    // The kernel could not set the trace up (an rlimit it may not raise): no step at all.
    const kernel: Outcome = {
      engine: 'k',
      unsupported: [{ reason: 'rlimit MEMLOCK: not here' }],
      steps: [],
    };
    const c = compareOutcomes(program, kernel, model);
    expect(c.differences).toBe(0);
    expect(c.agreed).toBe(false);
    expect(c.statements.every((s) => s.same && s.kernel === 'not run')).toBe(true);
    // Stopped after the mremap: the lines before it are still compared.
    const stopped: Outcome = {
      ...kernel,
      steps: outcome('k', {
        2: { line: 2, kind: 'call', result: { kind: 'value', value: 4n } },
      }).steps.slice(0, 3),
    };
    expect(compareOutcomes(program, stopped, model).differences).toBe(0);
    const differing = outcome('k', {
      4: { line: 4, kind: 'call', result: { kind: 'errno', errno: 'ENOMEM' } },
    });
    expect(
      compareOutcomes(program, { ...differing, steps: differing.steps.slice(0, 4) }, model)
        .differences,
    ).toBe(1);
  });

  it('compares fork exit statuses', () => {
    const p = parse('fork {\n  munlockall()\n}\n', 't');
    const k: Outcome = {
      engine: 'k',
      unsupported: [],
      steps: [
        { line: 2, kind: 'call', result: { kind: 'value', value: 0n } },
        { line: 1, kind: 'fork', exitStatus: 0 },
      ],
    };
    const m: Outcome = {
      ...k,
      steps: [
        { line: 2, kind: 'call', result: { kind: 'value', value: 0n } },
        { line: 1, kind: 'fork', exitStatus: 1 },
      ],
    };
    const c = compareOutcomes(p, k, m);
    expect(c.statements[0]?.same).toBe(false);
    expect(c.statements[0]?.body[0]?.same).toBe(true);
  });

  it("compares a group's calls thread by thread, counts their differences, and prints them", () => {
    const p = parse(
      [
        'a = mmap(NULL, 8P, PROT_READ|PROT_WRITE, MAP_PRIVATE|MAP_ANONYMOUS, -1, 0)',
        'thread A {',
        '  madvise(a, 8P, MADV_POPULATE_WRITE) = -1 EINVAL',
        '}',
        'thread B {',
        '  mprotect(a + 4P, 4P, PROT_NONE) = 0',
        '}',
        'schedule A until fault(a + 4P), B, A',
        'check vmas(a, 8P) = 2',
      ].join('\n'),
      't.mmt',
    );
    const steps = (madvise: Step): Step[] => [
      { line: 1, kind: 'call', result: { kind: 'value', value: A } },
      madvise,
      { line: 6, kind: 'call', result: { kind: 'value', value: 0n } },
      { line: 9, kind: 'check', observed: { kind: 'vmas', count: 2 } },
    ];
    const k: Outcome = {
      engine: 'k',
      unsupported: [],
      steps: steps({ line: 3, kind: 'call', result: { kind: 'errno', errno: 'EINVAL' } }),
    };
    const m: Outcome = {
      engine: 'linux-6.18',
      unsupported: [],
      steps: steps({ line: 3, kind: 'call', result: { kind: 'value', value: 0n } }),
    };
    const c = compareOutcomes(p, k, m);
    expect(c.differences).toBe(1);
    expect(c.agreed).toBe(false);
    const text = renderComparisonText({ program: p, kernel: k, model: m, comparison: c });
    expect(text).toMatch(
      /\n {2}thread A \{\n! {3}madvise\(a, 8P, MADV_POPULATE_WRITE\) = -1 EINVAL +# kernel -1 EINVAL held \| model 0 FAILED\n {2}\}\n {2}thread B \{\n {4}mprotect\(a \+ 4P, 4P, PROT_NONE\) = 0 +# kernel 0 held \| model 0 held\n {2}\}\n {2}schedule A until fault\(a \+ 4P\), B, A\n/,
    );
    expect(text).not.toContain('not run');
  });

  it('a group with no schedule: results the trace allows on both sides are no difference', () => {
    const racy = (schedule: string) =>
      parse(
        [
          'a = mmap(NULL, 8P, PROT_READ|PROT_WRITE, MAP_PRIVATE|MAP_ANONYMOUS, -1, 0)',
          'thread A {',
          '  mlock(a, 8P) = {0, -1 ENOMEM}',
          '}',
          'thread B {',
          '  munmap(a + 4P, 4P) = 0',
          '}',
          schedule,
        ].join('\n'),
        't.mmt',
      );
    const steps = (mlock: Step): Step[] => [
      { line: 1, kind: 'call', result: { kind: 'value', value: A } },
      mlock,
      { line: 6, kind: 'call', result: { kind: 'value', value: 0n } },
    ];
    const k: Outcome = {
      engine: 'k',
      unsupported: [],
      steps: steps({ line: 3, kind: 'call', result: { kind: 'errno', errno: 'ENOMEM' } }),
    };
    const m: Outcome = {
      engine: 'linux-6.18',
      unsupported: [],
      steps: steps({ line: 3, kind: 'call', result: { kind: 'value', value: 0n } }),
    };
    // The kernel's scheduler ran B first, the model A first: both outcomes are allowed.
    expect(compareOutcomes(racy(''), k, m).differences).toBe(0);
    // Under a schedule both sides ran the same interleaving: different results differ.
    expect(compareOutcomes(racy('schedule A, B'), k, m).differences).toBe(1);
  });

  it('describes no address of the new image by a name of the old one (execve)', () => {
    // The model's new heap is where its old one was; the kernel's is elsewhere. Both are "an
    // address" of the new image, not `h + 0P` on the model alone.
    const p = parse('h = brk(0)\nexecve()\nk = brk(0)\nbrk(k + 1P) = k + 1P\n', 't');
    const value = (line: number, v: bigint): Step => ({
      line,
      kind: 'call',
      result: { kind: 'value', value: v },
    });
    const k: Outcome = {
      engine: 'k',
      unsupported: [],
      steps: [value(1, 0x1000n), value(2, 0n), value(3, 0x9000n), value(4, 0xa000n)],
    };
    const m: Outcome = {
      engine: 'm',
      unsupported: [],
      steps: [value(1, 0x1000n), value(2, 0n), value(3, 0x1000n), value(4, 0x2000n)],
    };
    const c = compareOutcomes(p, k, m);
    expect(c.statements.map((s) => s.same)).toEqual([true, true, true, true]);
    expect(c.differences).toBe(0);
  });
});

// The traces the fuzzer feeds to `mmspec run`: mutations of the litmus corpus, traces built
// from the grammar, and random byte strings. Mutations splice in what broke mmspec before:
// deep parentheses, long unary and binary chains, nested fork blocks, huge lengths, control
// bytes (issue 13).

import fc from 'fast-check';

const CALLS = ['mmap', 'munmap', 'mprotect', 'mremap', 'mlock', 'mlock2', 'munlock'];
const MORE_CALLS = ['mlockall', 'munlockall', 'madvise', 'read', 'write', 'tmpfile'];
const NAMES = ['a', 'b', 'f', 'NULL', 'PAGE_SIZE', 'PROT_READ', 'PROT_WRITE', 'MAP_PRIVATE'];
const FLAGS = ['MAP_ANONYMOUS', 'MAP_LOCKED', 'MAP_POPULATE', 'MAP_SHARED', 'MAP_FIXED'];
const MORE_FLAGS = ['MCL_CURRENT', 'MCL_FUTURE', 'MCL_ONFAULT', 'MLOCK_ONFAULT'];

/** Text that broke (or would break) a recursive or quadratic trace pipeline, by size. */
const hostile = fc.oneof(
  fc.integer({ min: 1, max: 3_000 }).map((n) => `${'('.repeat(n)}1${')'.repeat(n)}`),
  fc.integer({ min: 1, max: 3_000 }).map((n) => '('.repeat(n)),
  fc.integer({ min: 1, max: 10_000 }).map((n) => `${'- '.repeat(n)}1`),
  fc.integer({ min: 1, max: 10_000 }).map((n) => `${'~'.repeat(n)}0`),
  fc.integer({ min: 1, max: 10_000 }).map((n) => Array(n).fill('1').join(' - ')),
  fc.integer({ min: 1, max: 2_000 }).map((n) => Array(n).fill('1P').join(' + ')),
  fc
    .integer({ min: 1, max: 3_500 })
    .map((n) => `${'fork {\n'.repeat(n)}munlockall()\n${'}\n'.repeat(n)}`),
  fc.integer({ min: 1, max: 3_500 }).map((n) => 'fork {\n'.repeat(n)),
  fc.constantFrom(
    '268435456P',
    '16777216P',
    '4294967296P',
    '16385P',
    '-1',
    '0xffffffffffffffff',
    '18446744073709551616',
    '9'.repeat(5_000),
    '4503599627370496P',
    'MAP_LOCKED|MAP_POPULATE',
    '= -1 EINVAL',
    '"\u0000\u001b[2J"',
    '\u0007\u0008\r',
    '\ufeff',
    'check pages(a, -1) = "L"',
    'rlimit MEMLOCK -5',
    'check vmflags(a) has zz',
  ),
);

/** A small expression of the grammar, or a hostile one. */
const expr: fc.Arbitrary<string> = fc.oneof(
  { weight: 6, arbitrary: fc.constantFrom(...NAMES, ...FLAGS, ...MORE_FLAGS) },
  { weight: 4, arbitrary: fc.nat({ max: 20 }).map((n) => `${n}P`) },
  { weight: 3, arbitrary: fc.bigInt({ min: 0n, max: (1n << 64n) - 1n }).map(String) },
  {
    weight: 2,
    arbitrary: fc.tuple(fc.constantFrom(...NAMES), fc.nat(8)).map(([n, k]) => `${n} + ${k}P`),
  },
  {
    weight: 2,
    arbitrary: fc
      .constantFrom(...FLAGS)
      .chain((f) => fc.constantFrom(`${f}|MAP_PRIVATE`, `-${f}`, `~${f}`)),
  },
  { weight: 1, arbitrary: hostile },
);

const statement: fc.Arbitrary<string> = fc.oneof(
  {
    weight: 6,
    arbitrary: fc
      .tuple(
        fc.option(fc.constantFrom('a', 'b', 'f'), { nil: undefined }),
        fc.constantFrom(...CALLS, ...MORE_CALLS),
        fc.array(expr, { maxLength: 6 }),
        fc.option(
          fc.constantFrom(
            '= 0',
            '= -1 EINVAL',
            '= -1 ENOMEM',
            '= SIGSEGV',
            '= -1 EBOGUS',
            '!= -1 ENOMEM',
            '!= {0, -1 EPERM}',
            '!= {0, {0}}',
            '!=',
          ),
          { nil: undefined },
        ),
      )
      .map(
        ([bind, call, args, expect]) =>
          `${bind ? `${bind} = ` : ''}${call}(${args.join(', ')})${expect ? ` ${expect}` : ''}`,
      ),
  },
  {
    weight: 2,
    arbitrary: fc
      .tuple(
        fc.constantFrom(
          'pages(a, 4P)',
          'vmflags(a)',
          'vma(a)',
          'vmas(a, 8P)',
          'VmLck',
          'def_flags',
        ),
        fc.constantFrom(
          '= "L..."',
          'has lo',
          'lacks lf',
          '= a .. a + 4P',
          '= none',
          '<= 2P',
          '= 1',
        ),
      )
      .map(([o, spec]) => `check ${o} ${spec}`),
  },
  {
    weight: 1,
    arbitrary: fc.constantFrom(
      'fork {',
      '}',
      'model linux-6.18',
      'cap CAP_IPC_LOCK off',
      'rlimit MEMLOCK 16P',
    ),
  },
);

/** A trace built from the grammar: mostly well formed, often wrong in its arguments. */
export const grammarTrace: fc.Arbitrary<string> = fc
  .array(statement, { minLength: 1, maxLength: 12 })
  .map((lines) => `${lines.join('\n')}\n`);

/** Random text: bytes as Latin-1, or the characters a trace is made of. */
export const byteTrace: fc.Arbitrary<string> = fc.oneof(
  fc.uint8Array({ maxLength: 300 }).map((bytes) => String.fromCharCode(...bytes)),
  fc.string({
    unit: fc.constantFrom(...'a=(),+-*|~{}.<>!"#\n 0123456789PxL?[]_mlockfr'),
    maxLength: 300,
  }),
  fc.string({ unit: 'grapheme', maxLength: 100 }),
);

type Mutation = (text: string) => string;

/** One edit at a place chosen by `at` (0..1) in the text. */
const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc
    .tuple(fc.double({ min: 0, max: 1, noNaN: true }), fc.nat(40))
    .map(([at, n]): Mutation => (t) => {
      const i = Math.floor(at * t.length);
      return t.slice(0, i) + t.slice(i + n);
    }),
  fc
    .tuple(
      fc.double({ min: 0, max: 1, noNaN: true }),
      fc.oneof(hostile, expr, fc.string({ maxLength: 8 })),
    )
    .map(([at, insert]): Mutation => (t) => {
      const i = Math.floor(at * t.length);
      return t.slice(0, i) + insert + t.slice(i);
    }),
  // Replace a number, a name or a punctuation mark with something else from the grammar.
  fc.tuple(fc.nat(), fc.oneof(hostile, expr)).map(([k, replacement]): Mutation => (t) => {
    const tokens = [...t.matchAll(/[A-Za-z_0-9]+|[^\sA-Za-z_0-9]/g)];
    const m = tokens[k % Math.max(1, tokens.length)];
    if (m?.index === undefined) return t;
    return t.slice(0, m.index) + replacement + t.slice(m.index + m[0].length);
  }),
  fc.tuple(fc.nat(), fc.nat()).map(([i, j]): Mutation => (t) => {
    const lines = t.split('\n');
    const a = i % lines.length;
    const b = j % lines.length;
    [lines[a], lines[b]] = [lines[b] ?? '', lines[a] ?? ''];
    return lines.join('\n');
  }),
  fc.nat().map((i): Mutation => (t) => {
    const lines = t.split('\n');
    const a = i % lines.length;
    lines.splice(a, 0, lines[a] ?? '');
    return lines.join('\n');
  }),
);

/** A litmus trace with one to four edits. */
export function mutatedCorpus(corpus: readonly string[]): fc.Arbitrary<string> {
  return fc
    .tuple(fc.constantFrom(...corpus), fc.array(mutation, { minLength: 1, maxLength: 4 }))
    .map(([text, edits]) => edits.reduce((t, edit) => edit(t), text));
}

// The one builder from a run to a trace: what it prints, the positions it gives, and how it
// names a region (bound name in scope, else the computed address).

import { describe, expect, it } from 'vitest';
import { ProgramBuilder } from '../../src/trace/programBuilder.js';
import { parse } from '../../src/trace/parser.js';
import { print } from '../../src/trace/printer.js';
import { resolveProgram } from '../../src/trace/resolve.js';
import {
  checkMnemonics,
  checkPages,
  checkVmLck,
  expectationOf,
  named,
  num,
  pageCount,
  spelled,
} from '../../src/trace/syntax.js';

const NULL = named('NULL');
const mmapArgs = (flags: string) => [
  NULL,
  pageCount(2),
  spelled('PROT_READ|PROT_WRITE'),
  spelled(flags),
  num(-1),
  num(0),
];

describe('ProgramBuilder', () => {
  it('binds an existing mapping once, above the first call, when a check first asks for it', () => {
    const b = new ProgramBuilder({ file: 't' });
    b.call('mlockall', [spelled('MCL_CURRENT')]);
    b.fork();
    const stack = b.existing('[stack]', 'stack');
    b.check(checkMnemonics({ kind: 'vmflags', addr: stack }, 'lacks', ['lo']));
    expect(b.existing('[stack]', 'other')).toEqual(stack);
    b.exit();
    expect(print(b.build())).toBe(
      [
        'stack = existing("[stack]")',
        'mlockall(MCL_CURRENT)',
        'fork {',
        '  check vmflags(stack) lacks lo',
        '}',
        '',
      ].join('\n'),
    );
  });

  it('prints comments, directives and statements, with the positions of the printed text', () => {
    const b = new ProgramBuilder({
      file: '<test>',
      model: 'planted:mcl-future-unlocks',
      setup: { capIpcLock: false, rlimitBytes: 8192 },
      comments: ['first line'],
    });
    b.comment('second line');
    b.call('mmap', mmapArgs('MAP_PRIVATE|MAP_ANONYMOUS'), { bind: 'a', region: 0 });
    b.call('mlock', [b.region(0, 1), pageCount(1)], {
      expect: expectationOf('mlock', { kind: 'errno', errno: 'ENOMEM' }),
    });
    b.check(checkPages(b.region(0), 2, '.L'), checkVmLck(pageCount(1)));
    const program = b.build();
    const text = print(program);
    expect(text).toBe(
      [
        '# first line',
        '# second line',
        'model planted:mcl-future-unlocks',
        'rlimit MEMLOCK 2P',
        'cap CAP_IPC_LOCK off',
        '',
        'a = mmap(NULL, 2P, PROT_READ|PROT_WRITE, MAP_PRIVATE|MAP_ANONYMOUS, -1, 0)',
        'mlock(a + 1P, 1P) = -1 ENOMEM',
        'check pages(a, 2P) = ".L"',
        'check VmLck = 1P',
        '',
      ].join('\n'),
    );
    // Positions count the lines below the comments: the trace as parse reads it without them.
    const { comments: _comments, ...withoutComments } = program;
    expect(withoutComments).toEqual(parse(print(withoutComments), '<test>'));
    expect(program.body[1]?.pos).toEqual({ line: 6, column: 1 });
    expect(() => resolveProgram(program)).not.toThrow();
  });

  it('names a region by the name bound to it, else by its computed address', () => {
    const b = new ProgramBuilder({ file: '<test>' });
    // Region 0: the mmap fails, so no name is bound and the address is written out.
    b.call('mmap', mmapArgs('MAP_ANONYMOUS'), {
      expect: expectationOf('mmap', { kind: 'errno', errno: 'EINVAL' }),
    });
    b.call('mmap', mmapArgs('MAP_PRIVATE|MAP_ANONYMOUS'), { bind: 'b', region: 1 });
    b.call('mremap', [
      b.region(1),
      pageCount(2),
      pageCount(2),
      spelled('MREMAP_MAYMOVE'),
      b.region(0),
    ]);
    b.fork();
    b.call('mmap', mmapArgs('MAP_PRIVATE|MAP_ANONYMOUS'), { bind: 'c', region: 2 });
    b.check(checkMnemonics({ kind: 'vmflags', addr: b.region(2, 1) }, 'lacks', ['lo']));
    b.exit();
    // The child's name is gone after its block: the parent writes the address.
    b.check(checkMnemonics({ kind: 'vmflags', addr: b.region(2) }, 'lacks', ['lo']));
    const text = print(b.build());
    expect(text).toContain('\nmremap(b, 2P, 2P, MREMAP_MAYMOVE, 0x200000000000)\n');
    expect(text).toContain('  check vmflags(c + 1P) lacks lo\n}\n');
    expect(text).toContain('\ncheck vmflags(0x200080000000) lacks lo\n');
    expect(
      text.startsWith('mmap(NULL, 2P, PROT_READ|PROT_WRITE, MAP_ANONYMOUS, -1, 0) = -1 EINVAL'),
    ).toBe(true);
  });

  it('writes an address relative to its region, or in hex when it lies in none', () => {
    const b = new ProgramBuilder({ file: '<test>' });
    b.call('mmap', mmapArgs('MAP_PRIVATE|MAP_ANONYMOUS'), { bind: 'a', region: 0 });
    b.check(
      checkMnemonics({ kind: 'vmflags', addr: b.address(0x200000002000n) }, 'has', ['lo']),
      checkMnemonics({ kind: 'vmflags', addr: b.address(0x200000002010n) }, 'has', ['lo']),
      checkMnemonics({ kind: 'vmflags', addr: b.region(0, 0, 5) }, 'has', ['lo']),
    );
    expect(print(b.build())).toContain(
      [
        'check vmflags(a + 2P) has lo',
        'check vmflags(0x200000002010) has lo',
        'check vmflags(a + 5) has lo',
      ].join('\n'),
    );
  });

  it('closes open fork blocks when it builds, and states a negative value as the parser reads it', () => {
    const b = new ProgramBuilder({ file: '<test>' });
    b.fork();
    b.call('mlockall', [spelled('MCL_CURRENT|0x8')], {
      expect: expectationOf('mlockall', { kind: 'value', value: (1n << 64n) - 5n }),
    });
    const text = print(b.build());
    expect(text).toBe('fork {\n  mlockall(MCL_CURRENT|0x8) = (-5)\n}\n');
    expect(parse(text, '<test>').body).toHaveLength(1);
  });

  it('prints notes above the next statement, a fork block and a check, and keeps them when it builds', () => {
    const b = new ProgramBuilder({ file: '<test>' });
    b.note('first');
    b.call('mmap', mmapArgs('MAP_PRIVATE|MAP_ANONYMOUS'), { bind: 'a', region: 0 });
    b.note('the fork');
    b.fork();
    b.note('inside');
    b.call('munlockall', []);
    b.exit();
    b.note('last');
    b.check(checkPages(b.region(0), 2, '..'), checkVmLck(num(0)));
    const program = b.build();
    const text = print(program);
    // The trace as a reader sees it: each note on its own line above its statement.
    expect(text).toBe(`# first
a = mmap(NULL, 2P, PROT_READ|PROT_WRITE, MAP_PRIVATE|MAP_ANONYMOUS, -1, 0)
# the fork
fork {
  # inside
  munlockall()
}
# last
check pages(a, 2P) = ".."
check VmLck = 0
`);
    expect(print(b.draft())).toBe(text);
    expect(program.body[1]?.comments).toEqual(['the fork']);
    // Positions are those of the printed text, note lines counted.
    expect(program.body[0]?.pos).toEqual({ line: 2, column: 1 });
    expect(program.body[2]?.pos).toEqual({ line: 9, column: 1 });
  });
});

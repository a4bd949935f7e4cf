import { describe, expect, it } from 'vitest';
import { regionHint, UnavailableObservableError } from '../../src/uapi/engine.js';
import { parse } from '../../src/trace/parser.js';
import { fileRun, renderRunText, exitStatusOf } from '../../src/trace/report.js';
import { resolveProgram } from '../../src/trace/resolve.js';
import { runProgram } from '../../src/trace/runner.js';
import { fakeEngine, type FakeOptions } from './fakeEngine.js';

const ANON = 'PROT_READ|PROT_WRITE, MAP_PRIVATE|MAP_ANONYMOUS, -1, 0';

async function run(src: string, options: FakeOptions = {}) {
  const program = parse(src, 't.mmt');
  const constants = resolveProgram(program);
  const engine = fakeEngine(options);
  const outcome = await runProgram(program, engine, { constants });
  return { program, engine, outcome, report: fileRun(program, outcome, constants) };
}

describe('runProgram', () => {
  it('starts the session with the directives and closes it', async () => {
    const { engine } = await run('rlimit MEMLOCK 16P\ncap CAP_IPC_LOCK off\nmunlockall()\n');
    expect(engine.log.setups).toEqual([{ rlimitMemlock: 65536n, capIpcLock: false }]);
    expect(engine.log.closed).toBe(1);
    const { engine: defaults } = await run('munlockall()\n');
    expect(defaults.log.setups).toEqual([{ rlimitMemlock: null, capIpcLock: true }]);
  });

  it('places NULL hints at regionHint(k), binds names and evaluates against them', async () => {
    const { engine, outcome } = await run(
      [
        `a = mmap(NULL, 4P, ${ANON})`,
        `b = mmap(0, 1P, ${ANON})`,
        'mlock2(a + 1P, 2P, MLOCK_ONFAULT) = 0',
        'munlock(b, -1)',
      ].join('\n'),
    );
    const [ma, mb, lock, unlock] = engine.log.calls;
    expect(ma?.args[0]).toBe(regionHint(0));
    expect(mb?.args[0]).toBe(regionHint(1));
    expect(lock).toEqual({ call: 'mlock2', args: [regionHint(0) + 4096n, 8192n, 1n] });
    expect(unlock?.args).toEqual([regionHint(1), 2n ** 64n - 1n]);
    expect(outcome.steps.map((s) => s.line)).toEqual([1, 2, 3, 4]);
  });

  it('does not add MAP_FIXED to a hint, and leaves an explicit address alone', async () => {
    const { engine } = await run(
      [
        `a = mmap(NULL, 4P, ${ANON})`,
        `b = mmap(a + 4P, 1P, PROT_READ, MAP_PRIVATE|MAP_ANONYMOUS|MAP_FIXED, -1, 0)`,
      ].join('\n'),
    );
    expect(engine.log.calls[0]?.args[3]).toBe(0x22n);
    expect(engine.log.calls[1]?.args[0]).toBe(regionHint(0) + 0x4000n);
  });

  it('binds a failed mmap to where the region would have gone', async () => {
    const { engine, report } = await run(
      [
        `a = mmap(NULL, 0, ${ANON}) = -1 EINVAL`,
        'check vma(a) = none',
        'check pages(a, 1P) = "."',
      ].join('\n'),
    );
    expect(engine.log.observed[0]).toEqual({ kind: 'vma', addr: regionHint(0) });
    expect(exitStatusOf(report)).toBe(0);
    expect(renderRunText(report)).toContain('= -1 EINVAL');
    expect(renderRunText(report)).toContain('a := 0x200000000000');
  });

  it('binds files and existing mappings', async () => {
    const { engine } = await run(
      [
        'f = tmpfile(8P)',
        'b = mmap(NULL, 2P, PROT_READ, MAP_SHARED, f, 0)',
        'v = existing("[vvar]")',
        'mlock(v, 1P)',
      ].join('\n'),
    );
    expect(engine.log.calls[1]?.args[4]).toBe(3n);
    expect(engine.log.calls[2]).toEqual({ call: 'existing', args: [], name: '[vvar]' });
    expect(engine.log.calls[3]?.args[0]).toBe(0x7fff_0000_0000n);
  });

  it('runs fork blocks in a child that keeps counting hints, and scopes names to the child', async () => {
    const { engine, outcome, report } = await run(
      [
        `a = mmap(NULL, 1P, ${ANON})`,
        'fork {',
        `  c = mmap(NULL, 1P, ${ANON})`,
        '  fork {',
        '    munlockall()',
        '  }',
        '}',
        `d = mmap(NULL, 1P, ${ANON})`,
      ].join('\n'),
    );
    expect(engine.log.events).toEqual([
      'mmap',
      'forkEnter',
      'mmap',
      'forkEnter',
      'munlockall',
      'forkExit',
      'forkExit',
      'mmap',
    ]);
    expect(engine.log.calls.map((c) => c.args[0])).toEqual([
      regionHint(0),
      regionHint(1),
      undefined,
      regionHint(2),
    ]);
    expect(outcome.steps.filter((s) => s.kind === 'fork').map((s) => s.line)).toEqual([4, 2]);
    expect(exitStatusOf(report)).toBe(0);
  });

  it('reports a failing child as a failure of the trace', async () => {
    const { report } = await run('fork {\n  munlockall()\n}\n', { childExit: 1 });
    expect(exitStatusOf(report)).toBe(1);
  });

  it('records an engine that cannot go on, and still closes the session', async () => {
    const { engine, outcome, report } = await run(
      'munlockall()\nmlockall(MCL_CURRENT) = 0\nmunlockall()\n',
      { throwAtCall: 1 },
    );
    expect(outcome.unsupported).toEqual([{ line: 2, reason: 'fake: cannot do that here' }]);
    expect(outcome.steps).toHaveLength(1);
    expect(engine.log.closed).toBe(1);
    expect(exitStatusOf(report)).toBe(2);
    expect(renderRunText(report)).toContain(
      'mlockall(MCL_CURRENT)                                           # not run (expected 0)',
    );
  });

  it('skips a check the engine cannot see and goes on', async () => {
    const { outcome, report } = await run(
      'munlockall()\ncheck pages(NULL, 1P) = "."\nmunlockall() = 0\n',
      {
        onObserve: () => {
          throw new UnavailableObservableError('pages', '/proc/self/pagemap unreadable');
        },
      },
    );
    expect(outcome.unsupported).toEqual([
      { line: 2, reason: 'pages is unavailable: /proc/self/pagemap unreadable' },
    ]);
    expect(outcome.steps.map((s) => s.line)).toEqual([1, 3]);
    expect(exitStatusOf(report)).toBe(2);
    expect(renderRunText(report)).toContain(
      'munlockall() = 0                                                # held',
    );
  });

  it('echoes every statement with its result and marks verdicts', async () => {
    const { report } = await run(
      [
        `a = mmap(NULL, 2P, ${ANON})`,
        'mlock(a, 2P) = 0',
        'check pages(a, 2P) = "L."',
        'read(a + 4P) = SIGSEGV',
      ].join('\n'),
    );
    expect(renderRunText(report)).toBe(
      [
        '# t.mmt on fake',
        'a = mmap(NULL, 2P, PROT_READ|PROT_WRITE, MAP_PRIVATE|MAP_ANONYMOUS, -1, 0) = 0x200000000000 # a + 0P',
        'mlock(a, 2P) = 0                                                # held',
        'check pages(a, 2P) = "L."                                       # FAILED: saw "LL"',
        'read(a + 4P) = SIGSEGV                                          # held',
        '# t.mmt: 2 held, 1 failed',
        '',
      ].join('\n'),
    );
  });
});

// Thread groups in the trace language (issue 16): the syntax, the resolver's scope rule, the
// printer, and running a group on a model: a schedule, every interleaving, and an engine that
// cannot run threads.
import { describe, expect, it } from 'vitest';
import { parse } from '../../src/trace/parser.js';
import { TraceError } from '../../src/trace/diagnostic.js';
import { print } from '../../src/trace/printer.js';
import { resolveProgram } from '../../src/trace/resolve.js';
import { runProgram } from '../../src/trace/runner.js';
import { judge } from '../../src/trace/judge.js';
import { runTrace } from '../../src/runTrace.js';
import { engineOf } from '../../src/kernel/modelEngine.js';
import { getModel } from '../../models/registry.js';
import type { Engine } from '../../src/uapi/engine.js';

const SCHEDULED = `a = mmap(NULL, 8P, PROT_READ|PROT_WRITE, MAP_PRIVATE|MAP_ANONYMOUS, -1, 0)
thread A {
  mlock(a, 8P) = 0
}
thread B {
  munmap(a + 4P, 4P) = {0, -1 EINVAL}
}
schedule A until fault(a + 4P), B, A
check pages(a, 4P) = "LLLL"
check some vma(a + 4P) = none
`;

const RACE = `a = mmap(NULL, 8P, PROT_NONE, MAP_PRIVATE|MAP_ANONYMOUS, -1, 0)
thread A {
  mmap(a, 8P, PROT_READ|PROT_WRITE, MAP_PRIVATE|MAP_ANONYMOUS|MAP_FIXED|MAP_POPULATE, -1, 0) = a
}
thread B {
  mmap(a + 4P, 4P, PROT_READ, MAP_PRIVATE|MAP_ANONYMOUS|MAP_FIXED, -1, 0) = a + 4P
}
check pages(a, 4P) = "pppp"
check some pages(a + 4P, 4P) = "zzzz"
check pages(a + 4P, 4P) = "[pz.][pz.][pz.][pz.]"
`;

const fails = (source: string) => () => resolveProgram(parse(source, 't.mmt'));

/** Where a trace is refused: `line:column: message`. */
function refusal(source: string): string {
  try {
    fails(source)();
  } catch (error) {
    if (error instanceof TraceError) return `${error.line}:${error.column}: ${error.message}`;
    throw error;
  }
  return 'accepted';
}

describe('thread groups: syntax', () => {
  it('parses a group with its schedule and prints it back as written', () => {
    expect(print(parse(SCHEDULED, 't.mmt'))).toBe(SCHEDULED);
    expect(print(parse(RACE, 't.mmt'))).toBe(RACE);
  });

  it('refuses what a thread body cannot hold, with the place', () => {
    const inBody = (
      line: string,
    ) => `a = mmap(NULL, 1P, PROT_READ, MAP_PRIVATE|MAP_ANONYMOUS, -1, 0)
thread A {
  ${line}
}
`;
    expect(refusal(inBody('check pages(a, 1P) = "."'))).toBe('3:3: a check inside thread A');
    expect(fails(inBody('fork {'))).toThrow(/a fork block inside thread A/);
    expect(fails(inBody('execve()'))).toThrow(/execve inside thread A/);
    expect(fails(inBody('capset(CAP_IPC_LOCK, 0)'))).toThrow(/capset inside thread A/);
    expect(fails(inBody('thread B {'))).toThrow(/a thread inside a thread/);
    expect(fails('thread A {\n  munmap(0, 1P)\n')).toThrow(/thread A is never closed/);
  });

  it('refuses a schedule naming no thread of the group, and a set inside a set', () => {
    const t = 'thread A {\n  munmap(0, 1P)\n}\nschedule A, C\n';
    expect(refusal(t)).toBe("4:13: no thread 'C' in this group");
    expect(fails('thread A {\n  munmap(0, 1P) = {0, {0}}\n}\n')).toThrow(/a set inside a set/);
  });

  it('a name a thread binds is seen after the group, not by another thread or later calls', () => {
    const other = `thread A {
  a = mmap(NULL, 1P, PROT_READ, MAP_PRIVATE|MAP_ANONYMOUS, -1, 0)
}
thread B {
  munmap(a, 1P)
}
`;
    expect(fails(other)).toThrow(/'a' is bound in thread A: another thread does not see it/);
    const same = `thread A {
  a = mmap(NULL, 1P, PROT_READ, MAP_PRIVATE|MAP_ANONYMOUS, -1, 0)
  munmap(a, 1P)
}
`;
    expect(fails(same)).toThrow(/'a' is bound earlier in thread A/);
    expect(fails(`${other.split('thread B')[0] ?? ''}munmap(a, 1P) = 0\n`)).not.toThrow();
  });
});

describe('thread groups: running on a model', () => {
  it('a schedule runs exactly that interleaving', async () => {
    const run = await runTrace(SCHEDULED, { file: 't.mmt' });
    expect(run.verdicts.every((v) => v.held)).toBe(true);
    expect(run.outcome.interleavings).toBeUndefined();
    expect(run.exitStatus).toBe(0);
  });

  it('without a schedule every interleaving runs: outcome sets, check some', async () => {
    const run = await runTrace(RACE, { file: 't.mmt' });
    expect(run.exitStatus).toBe(0);
    expect(run.outcome.interleavings?.length).toBe(6);
    const some = run.verdicts.find((v) => v.line === 9);
    expect(some?.seen).toBe('{"....", "...z", "..zz", ".zzz", "zzzz", "pppp"}');
    const strict = await runTrace(RACE.replace('"[pz.][pz.][pz.][pz.]"', '"pppp"'));
    expect(strict.exitStatus).toBe(1);
    const old = await runTrace(RACE, { model: 'rfc-vm-populate' });
    expect(old.verdicts.find((v) => v.line === 9)).toMatchObject({
      held: false,
      seen: '{"....", "pppp"}',
    });
  });

  it('a schedule that cannot be followed leaves the group not run, with the reason', async () => {
    const run = await runTrace(
      RACE.replace('check pages(a, 4P)', 'schedule A until fault(a + 4P), B\ncheck pages(a, 4P)'),
      {
        model: 'linux-3.8',
      },
    );
    expect(run.exitStatus).toBe(2);
    expect(run.outcome.unsupported[0]?.reason).toMatch(/schedule step 1 cannot be followed/);
  });

  it('an engine without runThreads reports the group Unsupported', async () => {
    const model = engineOf(getModel('linux-6.18'));
    const plain: Engine = {
      name: 'linux-6.18',
      start: async (setup) => {
        const s = await model.start(setup);
        return {
          restPages: s.restPages,
          call: (c) => s.call(c),
          observe: (w) => s.observe(w),
          forkEnter: () => s.forkEnter(),
          forkExit: () => s.forkExit(),
          close: () => s.close(),
        };
      },
    };
    const program = parse(SCHEDULED, 't.mmt');
    const constants = resolveProgram(program);
    const outcome = await runProgram(program, plain, { constants });
    expect(outcome.unsupported).toEqual([
      { line: 2, reason: expect.stringMatching(/cannot run threads/) as string },
    ]);
    expect(judge(program, outcome, constants).length).toBe(0);
  });
});

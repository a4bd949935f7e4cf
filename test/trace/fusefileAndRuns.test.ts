// The holdable file (`fusefile`, issue 16) on the models, a proposal's name in an `on` clause,
// and a kernel's `check some` judged over several runs (`mmspec run --kernel --runs N`).
import { describe, expect, it } from 'vitest';
import { parse } from '../../src/trace/parser.js';
import { print } from '../../src/trace/printer.js';
import { judge } from '../../src/trace/judge.js';
import { exitStatusOf, fileRun, renderRunText, tally } from '../../src/trace/report.js';
import { runRepeatedly } from '../../src/trace/repeatedRuns.js';
import { runProgram } from '../../src/trace/runner.js';
import { runTrace } from '../../src/runTrace.js';
import { engineOf } from '../../src/kernel/modelEngine.js';
import { getModel } from '../../models/registry.js';
import type { Engine } from '../../src/uapi/engine.js';
import type { Outcome } from '../../src/uapi/outcome.js';

const RACE = `f = fusefile(4P)
a = mmap(NULL, 4P, PROT_NONE, MAP_PRIVATE|MAP_ANONYMOUS, -1, 0)
thread A {
  mmap(a, 4P, PROT_READ, MAP_SHARED|MAP_FIXED|MAP_POPULATE, f, 0) = a
}
thread B {
  mmap(a + 2P, 2P, PROT_READ, MAP_PRIVATE|MAP_ANONYMOUS|MAP_FIXED, -1, 0) = a + 2P
}
schedule A until fault(a + 2P), B, A
check pages(a, 2P) = "pp"
check pages(a + 2P, 2P) = "zz" on rfc-vm-populate = ".."
`;

describe('fusefile on a model: a regular file that reads nothing ahead', () => {
  it('a read fault brings in its own page only, where a tmpfile reads around it', async () => {
    const read = (file: string) =>
      runTrace(`f = ${file}(4P)
a = mmap(NULL, 4P, PROT_READ, MAP_SHARED, f, 0)
read(a + 1P) = 0
check pages(a, 4P) = "${file === 'fusefile' ? '.p..' : 'pppp'}"
`);
    expect((await read('fusefile')).exitStatus).toBe(0);
    expect((await read('tmpfile')).exitStatus).toBe(0);
  });

  it('so a MAP_POPULATE of it can be held at any page: the race per version', async () => {
    expect((await runTrace(RACE, { model: 'linux-6.18' })).exitStatus).toBe(0);
    expect((await runTrace(RACE, { model: 'rfc-vm-populate' })).exitStatus).toBe(0);
    // 3.8 populates mmap under the write lock: no point to hold A at, the group is not run.
    expect((await runTrace(RACE, { model: 'linux-3.8' })).exitStatus).toBe(2);
    // The same race on a tmpfile cannot be held at page 2: read-around brought it in.
    const tmp = await runTrace(RACE.replace('fusefile', 'tmpfile'), { model: 'linux-6.18' });
    expect(tmp.exitStatus).toBe(2);
    expect(tmp.outcome.unsupported[0]?.reason).toMatch(/no call of the thread faults in/);
  });

  it('prints back as written, the proposal name in its clause included', () => {
    expect(print(parse(RACE, 't.mmt'))).toBe(RACE);
    const program = parse(RACE, 't.mmt');
    const check = program.body.at(-1);
    expect(check?.kind === 'check' ? check.versions?.[0]?.versions : undefined).toEqual([
      'rfc-vm-populate',
    ]);
  });

  it('a name written with spaces around the minus is no proposal name', () => {
    expect(() => parse('check VmLck = 0 on rfc - vm = 0\n', 't.mmt')).toThrow();
  });
});

/** An engine standing for a kernel: the model's answers, under a kernel's name. */
function asKernel(engine: Engine): Engine {
  return { ...engine, name: 'kernel 6.18.44 (test)', start: (s) => engine.start(s) };
}

describe('check some on a kernel, over N runs', () => {
  const source = `a = mmap(NULL, 2P, PROT_READ|PROT_WRITE, MAP_PRIVATE|MAP_ANONYMOUS, -1, 0)
write(a)
check pages(a, 2P) = "p."
check some pages(a, 2P) = "pp"
`;

  it('says "not witnessed in N runs" and is no failure when no run saw it', async () => {
    const program = parse(source, 't.mmt');
    const engine = asKernel(engineOf(getModel('linux-6.18')));
    const outcome = await runRepeatedly(program, engine, {}, 3);
    expect(outcome.repeated).toBe(3);
    expect(outcome.interleavings).toHaveLength(3);
    const run = fileRun(program, outcome);
    expect(tally(run.verdicts)).toEqual({ held: 1, failed: 0, notWitnessed: 1 });
    expect(exitStatusOf(run)).toBe(0);
    expect(renderRunText(run)).toMatch(/# not witnessed in 3 runs: saw "p\."/);
    expect(renderRunText(run)).toMatch(/1 held, 0 failed, 1 not witnessed \(3 runs\)/);
  });

  it('holds when one run of several witnessed it; a plain check must hold in all', async () => {
    const program = parse(source, 't.mmt');
    const engine = engineOf(getModel('linux-6.18'));
    // A second "run" where the race went the other way: the same lines, both pages present.
    const other = parse(source.replace('MAP_ANONYMOUS, -1', 'MAP_ANONYMOUS|MAP_POPULATE, -1'), 't');
    const one = await runProgram(program, engine);
    const two = await runProgram(other, engine);
    const outcome: Outcome = {
      ...one,
      engine: 'kernel 6.18.44',
      interleavings: [one.steps, two.steps],
      repeated: 2,
    };
    const verdicts = judge(program, outcome);
    const some = verdicts.find((v) => v.line === 4);
    const plain = verdicts.find((v) => v.line === 3);
    expect(some?.held).toBe(true);
    expect(plain?.held).toBe(false);
    expect(plain?.unwitnessedIn).toBeUndefined();
  });

  it('refuses a count out of range', async () => {
    const program = parse(source, 't.mmt');
    const engine = engineOf(getModel('linux-6.18'));
    await expect(runRepeatedly(program, engine, {}, 0)).rejects.toThrow(RangeError);
  });
});

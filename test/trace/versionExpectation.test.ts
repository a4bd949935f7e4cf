import { describe, expect, it } from 'vitest';
import { parse } from '../../src/trace/parser.js';
import { print } from '../../src/trace/printer.js';
import { resolveProgram } from '../../src/trace/resolve.js';
import { TraceError } from '../../src/trace/diagnostic.js';
import { runProgram } from '../../src/trace/runner.js';
import { judge } from '../../src/trace/judge.js';
import { versionOfEngine } from '../../src/trace/versionExpectation.js';
import { engineOf } from '../../src/kernel/modelEngine.js';
import { getModel } from '../../models/registry.js';

const TRACE = `a = mmap(NULL, 2P, PROT_READ|PROT_WRITE, MAP_PRIVATE|MAP_ANONYMOUS, -1, 0)
madvise(a, 1P, MADV_GUARD_INSTALL) = 0 on linux-6.12, linux-6.1 = -1 EINVAL
check vmflags(a) has rd on linux-6.12 lacks lo on linux-7.3 has wr
check vmas(a, 2P) = 1 on linux-6.12 = 2
`;

async function verdicts(model: string): Promise<boolean[]> {
  const program = parse(TRACE, 't.mmt');
  const constants = resolveProgram(program);
  const outcome = await runProgram(program, engineOf(getModel(model)), { constants });
  return judge(program, outcome, constants).map((v) => v.held);
}

describe('on VERSION clauses', () => {
  it('parse, and print back as written', () => {
    expect(print(parse(TRACE, 't.mmt'))).toContain(
      'madvise(a, 1P, MADV_GUARD_INSTALL) = 0 on linux-6.12, linux-6.1 = -1 EINVAL',
    );
    expect(print(parse(TRACE, 't.mmt'))).toContain(
      'has rd on linux-6.12 lacks lo on linux-7.3 has wr',
    );
  });

  it("judge a run by the engine's version: 6.18 by the statement, 6.12 by its clause", async () => {
    expect(await verdicts('linux-6.18')).toEqual([true, true, true]);
    // On 6.12 the guard advice is EINVAL as its clause says; vmas = 2 is stated wrongly on purpose.
    expect(await verdicts('linux-6.12')).toEqual([true, true, false]);
  });

  it('refuse a version nobody is named, at its column, when the names are known', () => {
    const known = { versions: ['linux-5.10', 'linux-6.1', 'linux-6.12', 'linux-7.3', 'host'] };
    const program = (text: string) => parse(`${TRACE}${text}\n`, 't.mmt');
    expect(() => resolveProgram(program(''), known)).not.toThrow();
    // Without the names (a table's probe, a model file's trace), any clause goes.
    expect(() => resolveProgram(program('check VmLck = 0 on linux-5.1 = 1P'))).not.toThrow();
    const refusal = (text: string) => {
      try {
        resolveProgram(program(text), known);
      } catch (error) {
        if (error instanceof TraceError) return `${error.line}:${error.column} ${error.message}`;
        throw error;
      }
      return 'resolved';
    };
    expect(refusal('mlock(a, 1P) = 0 on host, linux-5.1 = -1 EPERM')).toBe(
      "5:27 no model or kernel is named 'linux-5.1'; did you mean 'linux-5.10'?",
    );
    expect(refusal('check VmLck = 0 on linux-9.9 = 1P')).toMatch(
      /^5:20 no model or kernel is named 'linux-9\.9'/,
    );
  });

  it('name the version of models, guests and the host', () => {
    expect(versionOfEngine('linux-6.1')).toBe('linux-6.1');
    expect(
      versionOfEngine('kernel 6.1.0-57-cloud-amd64 (linux-6.1: Debian x 6.1.192-3; qemu tcg)'),
    ).toBe('linux-6.1');
    expect(versionOfEngine('kernel 6.18.44-fc-v1147')).toBe('host');
  });

  it('state "no VMA there" with vmflags(ADDR) = none, in a clause or alone', async () => {
    const text = `a = mmap(NULL, 2P, PROT_READ|PROT_WRITE, MAP_DROPPABLE|MAP_ANONYMOUS, -1, 0)
check vmflags(a) has dp on linux-6.1 = none
check vmflags(a) != none on linux-6.1 = none
check vmflags(a) = none
`;
    const program = parse(text, 'd.mmt');
    expect(print(program)).toContain('check vmflags(a) has dp on linux-6.1 = none\n');
    expect(print(program)).toContain('check vmflags(a) != none on linux-6.1 = none\n');
    const held = async (model: string) => {
      const constants = resolveProgram(program);
      const outcome = await runProgram(program, engineOf(getModel(model)), { constants });
      return judge(program, outcome, constants).map((v) => v.held);
    };
    // 6.1 has no MAP_DROPPABLE: no VMA; 6.18 makes one, so the last check fails there.
    expect(await held('linux-6.1')).toEqual([true, true, true]);
    expect(await held('linux-6.18')).toEqual([true, true, false]);
    expect(() =>
      parse('a = mmap(NULL, 1P, 0, MAP_PRIVATE, -1, 0)\ncheck vmflags(a) = lo\n', 't'),
    ).toThrow(/unexpected 'lo'/);
  });

  it('reject a clause without a result, and unknown errnos in clauses', () => {
    expect(() => parse('madvise(0, 1P, MADV_NORMAL) on linux-6.1 -1 EINVAL\n', 't')).toThrow(
      /unexpected '-'/,
    );
    const program = parse('madvise(0, 1P, MADV_NORMAL) on linux-6.1 = -1 EINVALL\n', 't');
    expect(() => resolveProgram(program)).toThrow(/unknown errno/);
  });
});

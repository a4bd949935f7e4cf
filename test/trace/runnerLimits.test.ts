import { describe, expect, it } from 'vitest';
import { regionHint } from '../../src/uapi/engine.js';
import { parse } from '../../src/trace/parser.js';
import { resolveProgram } from '../../src/trace/resolve.js';
import { runProgram } from '../../src/trace/runner.js';
import { TraceError, formatDiagnostic } from '../../src/trace/diagnostic.js';
import { budgetedEngine } from '../../src/trace/budget/budgetedEngine.js';
import { engineOf } from '../../src/kernel/modelEngine.js';
import { getModel } from '../../models/registry.js';
import { fakeEngine } from './fakeEngine.js';

const RW_ANON = 'PROT_READ|PROT_WRITE, MAP_PRIVATE|MAP_ANONYMOUS';

function load(src: string) {
  const program = parse(src, 't.mmt');
  return { program, constants: resolveProgram(program) };
}

describe('what a run refuses on every engine', () => {
  it('a pages() range over 32768 pages known only at run time stops the model at that check, as the kernel side does', async () => {
    const { program, constants } = load(
      `a = mmap(NULL, 4P, ${RW_ANON}, -1, 0)\ncheck pages(a, a) = "...."\ncheck VmLck = 0\n`,
    );
    const outcome = await runProgram(program, engineOf(getModel('linux-6.18')), { constants });
    expect(outcome.steps).toHaveLength(1);
    expect(outcome.unsupported).toEqual([
      {
        line: 2,
        reason: `pages() over ${regionHint(0) / 4096n} pages: one check reads at most 32768 pages (128 MiB)`,
      },
    ]);
  });

  it('a constant length no check may read is refused when the trace loads, at the length', () => {
    const refused = (check: string) => {
      try {
        load(`a = mmap(NULL, 4P, ${RW_ANON}, -1, 0)\n${check}\n`);
      } catch (error) {
        return error instanceof TraceError ? formatDiagnostic(error) : String(error);
      }
      return 'loaded';
    };
    expect(refused('check pages(a, -1) = "...."')).toBe(
      [
        't.mmt:2:16: error: pages(a, -1) reads a negative length (-1 bytes)',
        ' 2 | check pages(a, -1) = "...."',
        '   |                ^^',
        'expected a length of 0 bytes or more (4P, 4096)',
        '',
      ].join('\n'),
    );
    expect(refused('check vmas(a, 1P - 2P) = 0')).toMatch(
      /^t\.mmt:2:15: error: vmas\(a, 1P - 2P\) reads a negative length \(-4096 bytes\)\n.*\n {3}\| {15}\^{7}\n/,
    );
    expect(refused('check pages(a, 32769P) = "."')).toMatch(
      /^t\.mmt:2:16: error: pages\(a, 32769P\) reads 32769 pages: one check reads at most 32768 pages \(128 MiB\)\n/,
    );
    // At the budget, and a length a binding gives, load.
    expect(refused(`check pages(a, 32768P) = "${'.'.repeat(32768)}"`)).toBe('loaded');
    expect(refused('check pages(a, a) = "."')).toBe('loaded');
  });

  it('a model under the budget stops where the kernel side is refused (a run-time size)', async () => {
    const { program, constants } = load(
      [
        `a = mmap(NULL, 1P, ${RW_ANON}, -1, 0)`,
        `b = mmap(NULL, 1P, ${RW_ANON}, -1, 0)`,
        `c = mmap(NULL, b - a, ${RW_ANON}|MAP_POPULATE, -1, 0)`,
      ].join('\n'),
    );
    const model = budgetedEngine(engineOf(getModel('linux-6.18')));
    const outcome = await runProgram(program, model, { constants });
    expect(outcome.steps).toHaveLength(2);
    expect(outcome.unsupported[0]?.line).toBe(3);
    expect(outcome.unsupported[0]?.reason).toMatch(/^refusing to run on the real kernel: mapping/);
  });

  it('NULL with MAP_FIXED or MAP_FIXED_NOREPLACE is address 0, never a region spot', async () => {
    const { program, constants } = load(
      [
        `a = mmap(NULL, 1P, ${RW_ANON}|MAP_FIXED, -1, 0)`,
        `b = mmap(NULL, 1P, ${RW_ANON}|MAP_FIXED_NOREPLACE, -1, 0)`,
        `c = mmap(NULL, 1P, ${RW_ANON}, -1, 0)`,
      ].join('\n'),
    );
    const engine = fakeEngine();
    await runProgram(program, engine, { constants });
    expect(engine.log.calls.map((c) => c.args[0])).toEqual([0n, 0n, regionHint(0)]);
  });

  it('an aborted run records where it stopped and keeps what ran', async () => {
    const { program, constants } = load(
      [`a = mmap(NULL, 1P, ${RW_ANON}, -1, 0)`, 'write(a)', 'write(a)', 'write(a)'].join('\n'),
    );
    const abort = new AbortController();
    const engine = fakeEngine({
      onCall: (_call, index) => {
        if (index === 1) abort.abort('SIGINT');
        return undefined;
      },
    });
    const outcome = await runProgram(program, engine, { constants, signal: abort.signal });
    // The signal came while the engine ran line 2: its answer is not waited for.
    expect(outcome.steps).toHaveLength(1);
    expect(outcome.unsupported).toEqual([
      { line: 2, reason: 'interrupted by SIGINT while this statement ran' },
    ]);
    expect(engine.log.closed).toBe(1);
  });
});

// Counterexamples of a planted bug, built by the one trace builder: a failed mmap binds no
// name (a later call writes the address it would have had), and every trace replays on its
// model with only the final checks failing.

import { describe, expect, it } from 'vitest';
import { checkKernel } from '../../src/check/checkKernel.js';
import { SMALL_KERNEL_BOUND } from '../../src/check/kernelBounds.js';
import { getModel } from '../../models/registry.js';
import { engineOf } from '../../src/kernel/modelEngine.js';
import type { Stmt } from '../../src/trace/ast.js';
import { judge } from '../../src/trace/judge.js';
import { parse } from '../../src/trace/parser.js';
import { runProgram } from '../../src/trace/runner.js';

const model = getModel('planted:mcl-future-unlocks');

const calls = (body: readonly Stmt[]): Stmt[] =>
  body.flatMap((s) => (s.kind === 'fork' ? calls(s.body) : s.kind === 'call' ? [s] : []));

describe('counterexample traces', () => {
  it('bind no name to a failed mmap, and replay on the model failing at the checks', async () => {
    const r = await checkKernel(model, SMALL_KERNEL_BOUND, { workers: 1 });
    const violated = r.properties.filter((p) => p.counterexample !== undefined);
    expect(violated.length).toBeGreaterThan(0);
    for (const p of violated) {
      const c = p.counterexample;
      if (c === undefined) continue;
      for (const t of [c.trace, c.prediction]) {
        const failedBinds = calls(t.program.body).filter(
          (s) => s.kind === 'call' && s.bind !== undefined && s.expect?.kind === 'errno',
        );
        expect(failedBinds, t.text).toEqual([]);
      }
      const program = parse(c.trace.text, `${p.name}.mmt`);
      const verdicts = judge(program, await runProgram(program, engineOf(model)));
      const failed = verdicts.filter((v) => !v.held);
      expect(failed.length, c.trace.text).toBeGreaterThan(0);
      expect(failed.every((v) => c.trace.text.split('\n')[v.line - 1]?.startsWith('check'))).toBe(
        true,
      );
    }
  }, 60_000);

  it.each([
    ['mmapPostcondition', '[pzL]'],
    ['lockBreaksCow', '[pL]'],
  ])(
    '%s: the counterexample checks the pages the property demands',
    async (property, letter) => {
      // planted:map-populate-foll populates nothing (and reads where it should write): these
      // counterexamples used to check the extent and lock bits alone, or nothing, and held when
      // replayed on the model they came from.
      const planted = getModel('planted:map-populate-foll');
      const r = await checkKernel(planted, SMALL_KERNEL_BOUND, {
        workers: 1,
        properties: [property],
      });
      const c = r.properties.find((p) => p.name === property)?.counterexample;
      expect(c).toBeDefined();
      const text = c?.trace.text ?? '';
      expect(text).toContain(`= "${letter}`);
      const program = parse(text, `${property}.mmt`);
      const failed = judge(program, await runProgram(program, engineOf(planted))).filter(
        (v) => !v.held,
      );
      expect(failed.map((v) => v.expected)).toEqual([expect.stringContaining(letter)]);
      // On linux-6.18 the same calls keep the promise.
      const ok = judge(program, await runProgram(program, engineOf(getModel('linux-6.18'))));
      expect(ok.filter((v) => !v.held)).toEqual([]);
    },
    60_000,
  );
});

// The laws on a model: the verdicts Linux gives, and each broken law's two traces: each passes
// on the model (and on this machine's kernel when it can run them), and each side's checks
// fail after the other side's calls, so the pair shows the law broken.

import { afterAll, describe, expect, it } from 'vitest';
import { getModel } from '../../models/registry.js';
import { DEFAULT_KERNEL_BOUND } from '../../src/check/kernelBounds.js';
import type { KernelModel } from '../../src/kernel/model.js';
import { engineOf } from '../../src/kernel/modelEngine.js';
import type { Engine } from '../../src/uapi/engine.js';
import { kernelEngine } from '../../src/oracle/kernelEngine.js';
import { checkLaws } from '../../src/review/checkLaws.js';
import { lawView } from '../../src/review/lawView.js';
import { judge } from '../../src/trace/judge.js';
import { parse } from '../../src/trace/parser.js';
import { runProgram } from '../../src/trace/runner.js';
import { regionHint } from '../../src/uapi/engine.js';
import type { Observation } from '../../src/review/observables.js';
import { kernelTestsSkipped, SKIP_REASON } from '../oracle/kernelTestKit.js';

const linux = getModel('linux-6.18');
const laws = checkLaws(linux, DEFAULT_KERNEL_BOUND, 2);

/** The checks and expectations of `text` that fail on `engine`, as source lines. */
async function failures(text: string, engine: Engine): Promise<string[]> {
  const program = parse(text, 'law.mmt');
  const verdicts = judge(program, await runProgram(program, engine));
  const lines = text.split('\n');
  return verdicts.filter((v) => !v.held).map((v) => (lines[v.line - 1] ?? '').trim());
}

const isCheck = (line: string) => line.trim().startsWith('check ');

/** `calls`'s trace with the checks of `checks`'s trace: one side's calls, the other's values. */
function crossed(calls: string, checks: string): string {
  const keep = calls.split('\n').filter((l) => !isCheck(l));
  const theirs = checks.split('\n').filter(isCheck);
  // The checks go where the side's own were: before a fork block's closing brace, if any.
  const at = calls.split('\n').findIndex(isCheck);
  return [...keep.slice(0, at), ...theirs, ...keep.slice(at)].join('\n');
}

const broken = (model: KernelModel) =>
  checkLaws(model, DEFAULT_KERNEL_BOUND, 2).flatMap((l) =>
    l.counterexample === undefined ? [] : [{ name: l.name, ...l.counterexample.traces }],
  );

describe('the laws on linux-6.18', () => {
  it('are broken where Linux breaks them, and kept elsewhere', () => {
    expect(Object.fromEntries(laws.map((l) => [l.name, l.verdict]))).toEqual({
      mlockIdempotent: 'holds',
      munlockIdempotent: 'holds',
      mlockallCommutes: 'broken',
      mlock2FlagsCommute: 'broken',
      munlockallUndoesMlockall: 'broken',
      lockOnFaultPopulatesNothing: 'holds',
    });
  });

  it.each(broken(linux))(
    '$name: each side passes on the model, the other side fails its checks',
    async (t) => {
      const model = engineOf(linux);
      expect(await failures(t.left, model), t.left).toEqual([]);
      expect(await failures(t.right, model), t.right).toEqual([]);
      const leftChecksOnRight = await failures(crossed(t.right, t.left), model);
      const rightChecksOnLeft = await failures(crossed(t.left, t.right), model);
      expect(leftChecksOnRight.length, crossed(t.right, t.left)).toBeGreaterThan(0);
      expect(rightChecksOnLeft.length, crossed(t.left, t.right)).toBeGreaterThan(0);
    },
  );

  it('a design in a file of its own: each side says to run it with --model FILE', () => {
    const design: KernelModel = { ...linux, name: 'my-design', file: '/work/my-design.ts' };
    const traces = broken(design)[0];
    expect(traces?.left).toContain(
      '# my-design is the model file /work/my-design.ts:\n# run the trace with `mmspec run --model /work/my-design.ts`\n',
    );
    expect(traces?.left).toContain('\nmodel my-design\n');
  });

  it("states the sides with the law's calls and the prefix the search found", () => {
    const commutes = laws.find((l) => l.name === 'mlockallCommutes')?.counterexample;
    expect(commutes?.traces.left).toContain(
      'mlockall(MCL_CURRENT|MCL_ONFAULT) = 0\nmlockall(MCL_FUTURE) = 0\ncheck def_flags has lo',
    );
    expect(commutes?.traces.right).toContain(
      'mlockall(MCL_FUTURE) = 0\nmlockall(MCL_CURRENT|MCL_ONFAULT) = 0\ncheck def_flags lacks lo',
    );
    expect(commutes?.differences).toEqual([{ name: 'def_flags', left: 'lo', right: '(none)' }]);
  });
});

describe.skipIf(kernelTestsSkipped)(
  `the laws' traces on this machine's kernel${SKIP_REASON}`,
  () => {
    const engine = kernelEngine();
    afterAll(() => engine.close());
    it.each(broken(linux))('$name: both sides hold on the kernel as on linux-6.18', async (t) => {
      expect(await failures(t.left, engine), t.left).toEqual([]);
      expect(await failures(t.right, engine), t.right).toEqual([]);
    });
  },
);

describe('what a law reads of an observation', () => {
  const pages = (letters: string): Observation => ({
    name: 'pages(a, 4P)',
    what: { kind: 'pages', addr: regionHint(0), len: 4n * 4096n },
    observed: { kind: 'pages', letters },
    value: `"${letters}"`,
  });
  it('locking: a page mlocked or not, either where the kernel allows both', () => {
    const v = lawView(pages('L.p[pL]'), 'locking');
    expect(v?.observed).toEqual({ kind: 'pages', letters: 'L[.zp][.zp][pL]' });
    expect(v?.value).toBe('"L..[.L]"');
  });
  it('presence: a page there or not', () => {
    const v = lawView(pages('.zL[.p]'), 'presence');
    expect(v?.observed).toEqual({ kind: 'pages', letters: '.[zpL][zpL][.p]' });
    expect(v?.value).toBe('".##[.#]"');
  });
  it('locking: the lock bits alone of VmFlags; nothing of a VMA extent', () => {
    const flags: Observation = {
      name: 'vmflags(a)',
      what: { kind: 'vmflags', addr: regionHint(0) },
      observed: { kind: 'vmflags', mnemonics: ['rd', 'wr', 'lo', 'lf'] },
      value: 'rd wr lo lf',
    };
    expect(lawView(flags, 'locking')).toMatchObject({
      observed: { kind: 'vmflags', mnemonics: ['lo', 'lf'] },
      value: 'lo lf',
    });
    expect(lawView(flags, 'presence')).toBeNull();
    expect(lawView(flags, 'everything')).toBe(flags);
  });
});

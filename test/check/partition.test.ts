// `mmspec check --partition I/N` + `mmspec merge`: the parts of a bound, merged, decide every
// property as one run of the whole bound does, with counterexamples as short.

import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../runCli.js';
import { checkKernel, markExpected, onlyExpected } from '../../src/check/checkKernel.js';
import { expectedViolations } from '../../models/expectedVerdicts.js';
import type { CheckReport } from '../../src/check/checkKernel.js';
import { SMALL_KERNEL_BOUND } from '../../src/check/kernelBounds.js';
import { MergeError, mergeReports, mergedStatus } from '../../src/check/mergeReports.js';
import { renderMergedText } from '../../src/check/mergeReports.js';
import { checkJson } from '../../src/check/renderCheckReport.js';
import { getModel } from '../../models/registry.js';

const N = 4;

/** The whole bound and its N parts, each marked with the model's known violations as check does. */
async function parts(model: string): Promise<[CheckReport, CheckReport[]]> {
  const m = getModel(model);
  const known = expectedViolations(model);
  const whole = markExpected(await checkKernel(m, SMALL_KERNEL_BOUND), known);
  const split: CheckReport[] = [];
  for (let index = 0; index < N; index++) {
    const part = await checkKernel(m, SMALL_KERNEL_BOUND, { partition: { index, count: N } });
    split.push(markExpected(part, known));
  }
  return [whole, split];
}

/** check's exit status for a report (src/cli/check.ts). */
const checkStatus = (r: CheckReport): number => (onlyExpected(r) ? 0 : 1);

const verdicts = (r: CheckReport) =>
  r.properties.map((p) => [p.name, p.verdict, p.counterexample?.shortest ?? null]);

describe('check --partition I/N and merge', () => {
  for (const model of ['linux-6.18', 'planted:map-populate-foll', 'planted:mcl-future-unlocks']) {
    it(`${model}: 4 parts merged give the verdicts and shortest lengths of one run`, async () => {
      const [whole, split] = await parts(model);
      const merged = mergeReports(split.map(checkJson));
      expect(merged.missing).toEqual([]);
      expect(merged.properties.map((p) => [p.name, p.verdict, p.shortest])).toEqual(
        verdicts(whole),
      );
      // Each part is a real share of the work, and together they cover at least every state.
      for (const part of split) expect(part.states).toBeLessThan(whole.states);
      expect(merged.states).toBeGreaterThanOrEqual(whole.states);
      // Every call the whole run made, some part made too.
      for (const call of whole.coverage.calls.keys())
        expect(merged.coverage.calls[call]).toBeDefined();
      // A violation the model is known for stays known, and the exit status is check's.
      expect(merged.properties.map((p) => [p.name, p.expected])).toEqual(
        whole.properties.map((p) => [p.name, p.expected ?? null]),
      );
      expect(mergedStatus(merged)).toBe(checkStatus(whole));
    });
  }

  it('a missing part makes every verdict that is not a violation unknown, naming the part', async () => {
    const [whole, split] = await parts('planted:map-populate-foll');
    const merged = mergeReports(split.filter((_, k) => k !== 2).map(checkJson));
    expect(merged.missing).toEqual([3]);
    for (const p of merged.properties) {
      const one = whole.properties.find((q) => q.name === p.name);
      if (p.verdict === 'violated') expect(one?.verdict).toBe('violated');
      else {
        expect(p.verdict).toBe('unknown');
        expect(p.reason).toBe('missing part 3 of 4');
      }
    }
  });

  it('parts that stopped early merge as unknown, held as far as the shallowest of them', async () => {
    const m = getModel('linux-6.18');
    const split: CheckReport[] = [];
    for (let index = 0; index < 2; index++)
      split.push(
        await checkKernel(m, SMALL_KERNEL_BOUND, {
          partition: { index, count: 2 },
          maxStates: index === 0 ? 60 : 400,
        }),
      );
    const held = split.map((r) => r.properties.find((p) => p.verdict === 'unknown')?.heldToDepth);
    expect(held[0]).toBeLessThan(held[1] ?? 0);
    const merged = mergeReports(split.map(checkJson));
    const unknown = merged.properties.filter((p) => p.verdict === 'unknown');
    expect(unknown.length).toBeGreaterThan(0);
    for (const p of unknown) expect(p.heldToDepth).toBe(held[0]);
    expect(renderMergedText(merged)).toContain(
      `not decided in parts 1, 2; held on every run of up to ${held[0]} call`,
    );
  });

  it('linux-6.18: the known quirks merge as violated as expected, exit 0 as check', async () => {
    const [whole, split] = await parts('linux-6.18');
    const merged = mergeReports(split.map(checkJson));
    expect(checkStatus(whole)).toBe(0);
    expect(mergedStatus(merged)).toBe(0);
    const text = renderMergedText(merged);
    expect(text).toMatch(/: violated as expected \(shortest run \d+ steps, part \d\)\n {4}known: /);
    expect(text).not.toContain('VIOLATED');
    // The small bound has no brk, execve, ... : the properties about them held unasked, in
    // every part as in the whole run.
    const vacuous = whole.properties.filter((p) => p.vacuous === true).map((p) => p.name);
    expect(vacuous).toContain('execveResets');
    expect(merged.properties.filter((p) => p.vacuous).map((p) => p.name)).toEqual(vacuous);
    expect(text).toContain(
      `${merged.properties.length - 2} held (${vacuous.length} vacuously), 2 violated\n`,
    );
    expect(text).toContain('  execveResets: holds vacuously (no call of the bound');
  });

  it('refuses reports of different bounds or a part given twice', async () => {
    const m = getModel('linux-6.18');
    const a = checkJson(
      await checkKernel(m, SMALL_KERNEL_BOUND, {
        partition: { index: 0, count: 2 },
        maxStates: 50,
      }),
    );
    expect(() => mergeReports([a, a])).toThrow(MergeError);
    expect(() => mergeReports([a, { ...a, bound: 'default' }])).toThrow(/different searches/);
  });

  it('takes two spellings of one bound as one bound', async () => {
    const report = checkJson(
      await checkKernel(getModel('linux-6.18'), SMALL_KERNEL_BOUND, {
        partition: { index: 0, count: 2 },
        maxStates: 50,
      }),
    );
    const part = (k: number, bound: string) => ({
      ...report,
      bound,
      partition: { part: k, of: 2 },
    });
    const merged = mergeReports([
      part(1, 'default+regions=2,pages=2,calls=mlock+munlock'),
      part(2, 'default+pages=2,calls=munlock+mlock,regions=2'),
    ]);
    expect(merged.missing).toEqual([]);
    expect(() =>
      mergeReports([part(1, 'default+regions=2'), part(2, 'default+regions=3')]),
    ).toThrow(/different searches/);
    expect(() => mergeReports([part(1, 'small'), part(2, 'default+depth=3')])).toThrow(
      /different searches/,
    );
  });

  it('merge refuses a report whose verdict is none of holds, violated, unknown (exit 2)', async () => {
    const m = getModel('linux-6.18');
    const dir = mkdtempSync(join(tmpdir(), 'mmspec-merge-'));
    const files: string[] = [];
    for (let index = 0; index < 2; index++) {
      const doc = checkJson(
        await checkKernel(m, SMALL_KERNEL_BOUND, { partition: { index, count: 2 }, maxStates: 50 }),
      );
      const file = join(dir, `p${index + 1}.json`);
      const text = JSON.stringify(doc);
      writeFileSync(
        file,
        index === 0 ? text.replace('"verdict":"unknown"', '"verdict":"bogus"') : text,
      );
      files.push(file);
    }
    const r = await runCli(['merge', ...files]);
    expect(r.stderr).toBe(
      `mmspec merge: ${files[0]}: a property's verdict is "bogus", expected holds, violated or unknown\n`,
    );
    expect(r.status).toBe(2);
  });
});

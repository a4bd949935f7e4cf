// `check --bound ...,threads=2` (issue 16): the ownership property fails on a model without
// VM_POPULATE-style protection with a shortest two-thread counterexample that replays on the
// model as a thread trace; it holds on 3.8 and rfc-vm-populate where only mmap populates; the
// progress property fails only with an environment that retries for ever; the reduction
// keeps every verdict.

import { describe, expect, it } from 'vitest';
import { checkKernel } from '../../src/check/checkKernel.js';
import { checkThreads } from '../../src/check/checkThreads.js';
import { parseBound } from '../../src/check/parseBound.js';
import { THREADS_KERNEL_BOUND } from '../../src/check/kernelBounds.js';
import { getModel } from '../../models/registry.js';
import { engineOf } from '../../src/kernel/modelEngine.js';
import { judge } from '../../src/trace/judge.js';
import { parse } from '../../src/trace/parser.js';
import { runProgram } from '../../src/trace/runner.js';

const OWN = 'deferredPopulationOwnsItsMappings';
const PROGRESS = 'populationMakesProgress';
const bound = (text: string) => parseBound(text, THREADS_KERNEL_BOUND);
const MMAP_ONLY = bound('calls=mmap+mmapFixed+munmap');

async function verdict(model: string, b = THREADS_KERNEL_BOUND, prop = OWN) {
  const report = await checkKernel(getModel(model), b, { properties: [prop] });
  const p = report.properties.find((x) => x.name === prop);
  if (p === undefined) throw new Error(`no verdict for ${prop}`);
  return p;
}

describe('check --bound threads=2', () => {
  it('fails the ownership property on linux-6.18 in 4 steps, as a thread trace that replays', async () => {
    const model = getModel('linux-6.18');
    const p = await verdict('linux-6.18');
    expect(p.verdict).toBe('violated');
    const c = p.counterexample;
    if (c === undefined) throw new Error('no counterexample');
    expect(c.shortest).toBe(4);
    expect(c.trace.text).toContain('thread A {');
    expect(c.trace.text).toContain('schedule A until fault(a + 1P), B, A');
    // The demand fails on the model at its check, and only there; the prediction holds.
    const demand = parse(c.trace.text, 'demand.mmt');
    const failed = judge(demand, await runProgram(demand, engineOf(model))).filter((v) => !v.held);
    expect(failed.length, c.trace.text).toBe(1);
    expect(c.trace.text.split('\n')[(failed[0]?.line ?? 0) - 1]).toMatch(/^check pages/);
    const prediction = parse(c.prediction.text, 'prediction.mmt');
    const seen = judge(prediction, await runProgram(prediction, engineOf(model)));
    expect(
      seen.every((v) => v.held),
      c.prediction.text,
    ).toBe(true);
  }, 60_000);

  it('with mmap alone: fails on 6.18 (MAP_LOCKED populates a replacement), holds on 3.8 and the RFC', async () => {
    expect((await verdict('linux-6.18', MMAP_ONLY)).verdict).toBe('violated');
    expect((await verdict('linux-3.8', MMAP_ONLY)).verdict).toBe('holds');
    expect((await verdict('rfc-vm-populate', MMAP_ONLY)).verdict).toBe('holds');
  }, 60_000);

  it('with mlock: 3.8 fails too (do_mlock_pages after the lock is dropped)', async () => {
    expect((await verdict('linux-3.8')).verdict).toBe('violated');
  }, 60_000);

  it('bounded progress fails only when the environment retries for ever', async () => {
    const base = 'calls=mmap+mlock,depth=2';
    expect((await verdict('linux-6.18', bound(base), PROGRESS)).verdict).toBe('holds');
    const p = await verdict('linux-6.18', bound(`${base},env=noprogress`), PROGRESS);
    expect(p.verdict).toBe('violated');
    expect(p.counterexample?.trace.text).toContain('inject VM_FAULT_RETRY_FOREVER');
  }, 60_000);

  it('the reduction keeps the verdicts and explores no more states', async () => {
    const b = bound('pages=4');
    const model = getModel('linux-6.18');
    const on = await checkThreads(model, b, { reduce: ['calls', 'populations'] });
    const off = await checkThreads(model, b, { reduce: [] });
    expect(on.properties.map((p) => p.verdict)).toEqual(off.properties.map((p) => p.verdict));
    expect(on.states).toBeLessThanOrEqual(off.states);
  }, 60_000);

  it('refuses threads other than 1 or 2', () => {
    expect(() => bound('threads=3')).toThrow(/--bound threads takes 1..2, got 3/);
  });
});

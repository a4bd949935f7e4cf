// `thp on` (issue 14 item 4): a model whose version's large folios are not modelled
// (decisions.ts:thpUnmodelled, linux-6.1 and older) refuses such a trace with the reason
// instead of answering with 4 KiB pages where a kernel maps a PMD; linux-6.18 runs it; `thp off`
// (and no directive) runs as before, and a model reads no large-folio word and no
// AnonHugePages.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { engineOf } from '../../src/kernel/modelEngine.js';
import { parse } from '../../src/trace/parser.js';
import { resolveProgram } from '../../src/trace/resolve.js';
import { runProgram } from '../../src/trace/runner.js';
import { UnsupportedSetupError } from '../../src/uapi/engine.js';
import { getModel } from '../../models/registry.js';

const model = getModel('linux-6.18');
const old = getModel('linux-6.1');
const THP_UNMODELLED = old.decisions.thpUnmodelled ?? 'linux-6.1 models large folios';

async function run(source: string, on = model) {
  const program = parse(source, 't.mmt');
  const constants = resolveProgram(program, { extraConstants: model.constants });
  return runProgram(program, engineOf(on), { constants });
}

describe('thp directive on a model', () => {
  it('refuses a thp on session on a version without a large-folio model, with the reason', async () => {
    expect(THP_UNMODELLED).toMatch(/^thp on: linux-6.1 /);
    await expect(
      engineOf(old).start({ rlimitMemlock: null, capIpcLock: true, thp: true }),
    ).rejects.toThrow(new UnsupportedSetupError(THP_UNMODELLED));
  });

  it('reports a thp on trace unsupported there and runs none of it', async () => {
    const outcome = await run(
      'thp on\na = mmap(NULL, 512P, PROT_READ|PROT_WRITE, MAP_PRIVATE|MAP_ANONYMOUS, -1, 0)\n',
      old,
    );
    expect(outcome.steps).toEqual([]);
    expect(outcome.unsupported).toEqual([{ reason: THP_UNMODELLED }]);
  });

  it('runs a thp on trace on linux-6.18, which models large folios', async () => {
    const outcome = await run(
      'thp on\na = mmap(NULL, 512P, PROT_READ|PROT_WRITE, MAP_PRIVATE|MAP_ANONYMOUS, -1, 0)\n' +
        'madvise(a, 512P, MADV_HUGEPAGE) = 0\nwrite(a, 1)\ncheck AnonHugePages = 512P\n',
    );
    const observed = outcome.steps.flatMap((s) => (s.kind === 'check' ? [s.observed] : []));
    expect(outcome.unsupported).toEqual([]);
    expect(observed).toEqual([{ kind: 'AnonHugePages', bytes: 512n * 4096n }]);
  });

  it('runs the thp off litmus trace, where MADV_HUGEPAGE faults 4 KiB pages', async () => {
    const file = 'spec/litmus/thp/MADV_HUGEPAGE+thp_off.mmt';
    const outcome = await run(readFileSync(file, 'utf8'));
    const observed = outcome.steps.flatMap((s) => (s.kind === 'check' ? [s.observed] : []));
    expect(outcome.unsupported).toEqual([]);
    expect(observed).toContainEqual({ kind: 'page', flags: ['present', 'anon'] });
    expect(observed).toContainEqual({ kind: 'AnonHugePages', bytes: 0n });
    expect(observed).toContainEqual({ kind: 'pages', letters: 'p...' });
  });
});

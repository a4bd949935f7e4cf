// The recorded flag flow (src/review/recordedFlagFlow.ts) is what the models' source says
// today, and widens every model's alphabet exactly as reading the source with ts-morph does:
// alone (check), side by side (diff, review), and for a model file of the user's own.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEFAULT_KERNEL_BOUND } from '../../src/check/kernelBounds.js';
import { widenBound } from '../../src/cli/_internals/widenBound.js';
import { extend } from '../../src/kernel/model.js';
import { type DecisionReads, SOURCE_FLAG_FLOW, alphabetExtras } from '../../src/review/flagFlow.js';
import {
  FLAG_FLOW_FACTS,
  recordFlagFlow,
  recordedFlagFlow,
} from '../../src/review/recordedFlagFlow.js';
import { REGISTERED, getModel, modelNames, modelSource } from '../../models/registry.js';

const recorded = recordedFlagFlow();
const sides = (names: readonly string[]) => names.map((n) => ({ model: getModel(n) }));

describe('recorded flag flow', () => {
  it('matches the source today (regenerate: npm run facts)', () => {
    expect(FLAG_FLOW_FACTS).toEqual(recordFlagFlow());
  });

  it('reads each model from the file that defines it', () => {
    // A model read from another model's file took that file's first decisions literal: the
    // planted models of plantedPromises.ts were recorded with mcl-current-keeps-future's.
    for (const name of modelNames()) {
      const file = modelSource(name);
      if (file === undefined) continue;
      expect(readFileSync(file, 'utf8'), name).toContain(`name: '${name}'`);
    }
  });

  it('widens every model alone, in check and side by side, as the source does', () => {
    for (const name of modelNames())
      for (const sideBySide of [false, true])
        expect(alphabetExtras(sides([name]), sideBySide, recorded), name).toEqual(
          alphabetExtras(sides([name]), sideBySide),
        );
  });

  it('widens every pair of registered models side by side as the source does', () => {
    const names = REGISTERED.map((m) => m.name);
    for (const a of names)
      for (const b of names.filter((n) => n > a))
        expect(alphabetExtras(sides([a, b]), true, recorded), `${a} ${b}`).toEqual(
          alphabetExtras(sides([a, b]), true),
        );
  });

  it("gives each registered and planted model's check the bound the source gives", () => {
    const bound = DEFAULT_KERNEL_BOUND;
    for (const m of modelNames().map(getModel)) {
      const extras = alphabetExtras([{ model: m, file: undefined }], false);
      const old = extras.length === 0 ? bound : { ...bound, extraFlags: extras };
      expect(widenBound(bound, [{ model: m, ref: m.name }]), m.name).toEqual(old);
    }
  });

  it('reads a model file of the user’s own from its source, and its bases from the record', () => {
    const file = join(mkdtempSync(join(tmpdir(), 'mmspec-flow-')), 'mine.ts');
    // Only the source is read here: the analysis never loads the file.
    writeFileSync(
      file,
      `export default extend(linux510, {
  name: 'mine',
  decisions: { mmapPopulates: (flags) => (flags & MAP_NONBLOCK) === 0 },
});
`,
    );
    const base = getModel('linux-5.10');
    const mine = extend(base, {
      name: 'mine',
      description: 'a test model',
      provenance: 'test',
      decisions: { mmapPopulates: (ctx) => base.decisions.mmapPopulates(ctx) },
    });
    const wide = alphabetExtras([{ model: mine, file }], false, recorded);
    expect(wide).toEqual(alphabetExtras([{ model: mine, file }], false));
    expect(wide.map((f) => f.name)).toContain('MAP_NONBLOCK');
    expect(recorded.chain(mine, file).map((o) => o.decision)).toEqual(
      SOURCE_FLAG_FLOW.chain(mine, file).map((o) => o.decision),
    );
  });

  it('reads the source again where a file changed since the facts were recorded', () => {
    const stale = {
      sources: FLAG_FLOW_FACTS.sources.map((s) => ({ ...s, sha256: '0'.repeat(64) })),
      models: FLAG_FLOW_FACTS.models.map((m) => ({ ...m, overrides: [] })),
      linux: {},
    };
    const flow = recordedFlagFlow(stale);
    expect(flow.linux()).toEqual(SOURCE_FLAG_FLOW.linux());
    const reads = (chain: readonly DecisionReads[]) =>
      chain.map(({ decision, reads, delegates }) => ({ decision, reads, delegates }));
    for (const m of REGISTERED)
      expect(reads(flow.chain(m)), m.name).toEqual(reads(SOURCE_FLAG_FLOW.chain(m)));
  });
});

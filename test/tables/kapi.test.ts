import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { engineOf } from '../../src/kernel/modelEngine.js';
import { computeTable } from '../../src/tables/computeTable.js';
import { observations } from '../../src/tables/kapi/kapiObservations.js';
import { kapiSpec } from '../../src/tables/kapi/kapiSpec.js';
import { TABLES } from '../../src/tables/tables.js';
import { verifyTable } from '../../src/tables/verifyTable.js';
import { getModel } from '../../models/registry.js';

const linux = engineOf(getModel('linux-6.18'));

describe('KAPI export', () => {
  it('states errors, transitions, side effects and parameters in KAPI fields, each with its cells', async () => {
    const obs = (await Promise.all(TABLES.map((t) => computeTable(t, [linux])))).flatMap(
      observations,
    );
    const spec = kapiSpec(obs, { kernels: [], disagreeing: new Set() }, 'linux-6.18');
    const api = (name: string) => spec.apis.find((a) => a.name === name);
    const flags = (name: string) => api(name)?.parameters.find((p) => p.name === 'flags');
    expect(flags('sys_mlock2')).toMatchObject({
      valid_mask: 1,
      min_value: 0,
      max_value: 1,
      alignment: 0,
    });
    expect(flags('sys_mlockall')).toMatchObject({ valid_mask: 7 });
    expect(api('sys_madvise')?.parameters.find((p) => p.name === 'start')?.alignment).toBe(4096);
    expect(api('sys_mlock')?.parameters.find((p) => p.name === 'start')?.alignment).toBe(0);
    const einval = api('sys_mlockall')?.errors.find((e) => e.name === 'EINVAL');
    expect(einval).toMatchObject({ error_code: -22 });
    expect(Object.keys(einval ?? {})).toEqual(
      expect.arrayContaining(['error_code', 'name', 'condition', 'description', 'evidence']),
    );
    const t = api('sys_mlock2')?.state_transitions[0];
    expect(Object.keys(t ?? {})).toEqual(
      expect.arrayContaining(['object', 'from_state', 'to_state', 'condition', 'description']),
    );
    const e = api('sys_mlockall')?.side_effects[0];
    expect(Object.keys(e ?? {})).toEqual(
      expect.arrayContaining(['effect_type', 'target', 'condition', 'description', 'reversible']),
    );
    for (const a of spec.apis)
      for (const entry of [...a.errors, ...a.state_transitions, ...a.side_effects])
        expect(entry.evidence.length).toBeGreaterThan(0);
  });

  it('cites as evidence of a side effect only the lines where the call made it', async () => {
    const obs = (await Promise.all(TABLES.map((t) => computeTable(t, [linux])))).flatMap(
      observations,
    );
    const spec = kapiSpec(obs, { kernels: [], disagreeing: new Set() }, 'x');
    const effects = spec.apis.find((a) => a.name === 'sys_mlock2')?.side_effects ?? [];
    const cited = (type: string, target: string) =>
      effects.find((e) => e.effect_type === type && e.target === target)?.evidence ?? [];
    // Line 1: p... -> LLLL, 0 -> 4P. Line 2 (MLOCK_ONFAULT): p... -> L..., faults nothing in.
    // Lines 6, 7: already locked by mlock (LLLL, 4P), so nothing changes.
    const populated = cited('KAPI_EFFECT_ALLOC_MEMORY', 'the pages of the range');
    expect(populated).toContain('mlock2-flags 1');
    for (const line of [2, 6, 7, 12]) expect(populated).not.toContain(`mlock2-flags ${line}`);
    const charged = cited('KAPI_EFFECT_MODIFY_STATE', 'mm->locked_vm');
    expect(charged).toEqual(expect.arrayContaining(['mlock2-flags 1', 'mlock2-flags 2']));
    for (const line of [6, 7, 11, 12]) expect(charged).not.toContain(`mlock2-flags ${line}`);
    // MADV_POPULATE_* fault pages into a range nothing had touched.
    const madvise = spec.apis.find((a) => a.name === 'sys_madvise')?.side_effects ?? [];
    expect(madvise.some((e) => e.effect_type === 'KAPI_EFFECT_ALLOC_MEMORY')).toBe(true);
  });

  it('an entry whose cells a kernel disagrees on is not marked verified on it', async () => {
    const mlockall = TABLES.find((t) => t.name === 'mlockall-flags');
    if (mlockall === undefined) throw new Error('no mlockall-flags');
    const planted = engineOf(getModel('planted:mcl-future-unlocks'));
    const v = await verifyTable(mlockall, planted, linux);
    const disagreeing = new Set(v.disagreements.map((d) => `mlockall-flags ${d.id}`));
    expect(disagreeing.size).toBeGreaterThan(0);
    const spec = kapiSpec(
      observations(v.computed),
      { kernels: ['planted'], disagreeing },
      'linux-6.18',
    );
    const entries = spec.apis.flatMap((a) => [
      ...a.errors,
      ...a.state_transitions,
      ...a.side_effects,
    ]);
    expect(entries.some((x) => !x.verified_on.includes('planted'))).toBe(true);
    expect(entries.some((x) => x.verified_on.includes('planted'))).toBe(true);
  });

  it('names the model as a model, not as a kernel the entries were verified on', async () => {
    const text = await readFile(join('spec', 'tables', 'kapi.json'), 'utf8');
    const doc = JSON.parse(text) as {
      verified_on: string[];
      apis: { errors: { verified_on: string[] }[] }[];
    };
    expect(doc.verified_on).toEqual(['model linux-6.18']);
    for (const api of doc.apis)
      for (const e of api.errors) expect(e.verified_on).toEqual(['model linux-6.18']);
  });
});

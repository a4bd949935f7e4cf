// The alphabet diff and review widen by: a proposal's names, and Linux's names of a decision only
// where the override does not hand them on unchanged to its base's choice.
import { describe, expect, it } from 'vitest';
import { alphabetExtras } from '../../src/review/flagFlow.js';
import { getModel } from '../../models/registry.js';

const names = (sideBySide: boolean, ...models: string[]) =>
  alphabetExtras(
    models.map((m) => ({ model: getModel(m) })),
    sideBySide,
  ).map((f) => f.name);

describe('alphabetExtras', () => {
  it('side by side, leaves out what a delegating override reads only through its base', () => {
    const pair = ['proposal-map-lockonfault', 'proposal-map-faultpopulate'];
    const wide = names(false, ...pair);
    const narrow = names(true, ...pair);
    // (6.18's mapSharedValidateMask is LEGACY_MAP_MASK now, a constant that names no flag in
    // the override, so MAP_DROPPABLE is no longer among the names its base reads.)
    expect(wide).toEqual(expect.arrayContaining(['MAP_GROWSDOWN', 'MAP_STACK']));
    expect(narrow).toEqual(expect.arrayContaining(['MAP_LOCKONFAULT', 'MAP_FAULTPOPULATE']));
    for (const n of ['MAP_GROWSDOWN', 'MAP_STACK']) expect(narrow).not.toContain(n);
  });

  it("keeps Linux's names where the override replaces the choice (linux-3.8's calc_vm_flag_bits)", () => {
    expect(names(true, 'linux-3.8', 'linux-6.18')).toEqual(
      expect.arrayContaining(['MAP_GROWSDOWN', 'MAP_STACK']),
    );
  });

  it('spells a name only one model knows by a uapi name of the same value (MAP_SYNC)', () => {
    const f = alphabetExtras(
      ['proposal-map-lockonfault', 'proposal-map-faultpopulate'].map((m) => ({
        model: getModel(m),
      })),
      true,
    );
    expect(f.find((x) => x.name === 'MAP_LOCKONFAULT')?.text).toBe('MAP_SYNC');
    expect(f.find((x) => x.name === 'MAP_FAULTPOPULATE')?.text).toBe('0x200000');
  });
});

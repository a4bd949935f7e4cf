// extend refuses a constant that would read as another: a name the base has, or a value its
// family has (a MAP_ flag at MAP_LOCKED's 0x2000), unless sameValueAs says the value is meant.
import { describe, expect, it } from 'vitest';
import { ModelChangeError, extend } from '../../src/kernel/model.js';
import { linux618 } from '../../models/linux-6.18.js';
import { REGISTERED } from '../../models/registry.js';

const adding = (name: string, value: bigint, sameValueAs?: string) => () =>
  extend(linux618, {
    name: 'test-model',
    description: 'a test',
    provenance: 'test',
    constants: [{ name, value, since: 'proposal', ...(sameValueAs ? { sameValueAs } : {}) }],
  });

describe('extend', () => {
  it("refuses a value its family has: MAP_LOCKONFAULT = 0x2000 is MAP_LOCKED's", () => {
    expect(adding('MAP_LOCKONFAULT', 0x2000n)).toThrow(ModelChangeError);
    expect(adding('MAP_LOCKONFAULT', 0x2000n)).toThrow(
      "model 'test-model' adds MAP_LOCKONFAULT = 0x2000, which is MAP_LOCKED's value: expected a value no MAP_ constant of linux-6.18 has, or sameValueAs: 'MAP_LOCKED' where the design takes that value on purpose",
    );
    // madvise's advice is an enumeration, written in decimal as mman-common.h does.
    expect(adding('MADV_MINE', 22n)).toThrow('adds MADV_MINE = 22, which is MADV_POPULATE_READ');
  });

  it('takes a value another family has, and a shared value sameValueAs names', () => {
    // MLOCK_ONFAULT and MCL_CURRENT are both 1: different arguments' values.
    expect(adding('MLOCK_MINE', 2n)).not.toThrow();
    expect(adding('MAP_LOCKONFAULT', 0x2000n, 'MAP_LOCKED')).not.toThrow();
    expect(adding('MAP_LOCKONFAULT', 0x400000n, 'MAP_LOCKED')).toThrow(
      "says MAP_LOCKONFAULT takes MAP_LOCKED's value, which MAP_LOCKONFAULT = 0x400000 is not",
    );
    // A misspelt name is said to be one, not a wrong value.
    expect(adding('MAP_LOCKONFAULT', 0x80000n, 'MAP_SYNCC')).toThrow(
      "says MAP_LOCKONFAULT takes MAP_SYNCC's value, but linux-6.18 has no constant MAP_SYNCC; did you mean 'MAP_SYNC'?",
    );
  });

  it('refuses a name the base has', () => {
    const e = (() => {
      try {
        adding('MAP_POPULATE', 0x400000n)();
      } catch (error) {
        return error;
      }
      return undefined;
    })();
    expect(e).toBeInstanceOf(ModelChangeError);
    expect(e).toMatchObject({ constant: 'MAP_POPULATE', field: 'name' });
  });

  it('every registered model that shares a value says so', () => {
    const shared = REGISTERED.flatMap((m) => m.constants.filter((c) => c.sameValueAs));
    expect(shared.map((c) => `${c.name}=${c.sameValueAs ?? ''}`)).toEqual([
      'MAP_LOCKONFAULT=MAP_SYNC',
      'MADV_POPULATE=MADV_POPULATE_READ',
    ]);
  });
});

import { describe, expect, it } from 'vitest';
import * as constants from '../../src/uapi/constants.js';
import { UAPI_CONSTANTS } from '../../src/uapi/uapiConstants.js';
import { MADV_ADVICE } from '../../src/uapi/madviseAdvice.js';
import { LEGACY_MAP_MASK } from '../../src/uapi/legacyMapMask.js';

describe('the uapi vocabulary', () => {
  it('names every number constants.ts declares, once', () => {
    const names = UAPI_CONSTANTS.map((c) => c.name);
    expect(new Set(names).size).toBe(names.length);
    for (const [name, value] of Object.entries(constants))
      if (typeof value === 'number') expect(names, name).toContain(name);
  });

  it('finds the kernel name of a value before its alias (MAP_ANONYMOUS, not MAP_ANON)', () => {
    const first = UAPI_CONSTANTS.find(
      (c) => c.value === BigInt(constants.MAP_ANONYMOUS) && c.name.startsWith('MAP_'),
    );
    expect(first?.name).toBe('MAP_ANONYMOUS');
    expect(UAPI_CONSTANTS.find((c) => c.name === 'MAP_ANON')?.value).toBe(0x20n);
  });

  it('lists every advice value, from MADV_NORMAL to MADV_GUARD_REMOVE, and nothing else', () => {
    expect(MADV_ADVICE.size).toBe(27);
    expect(MADV_ADVICE.has(constants.MADV_HWPOISON)).toBe(true);
    expect(MADV_ADVICE.has(constants.MAP_LOCKED)).toBe(false);
  });

  it('has LEGACY_MAP_MASK take the huge page size field and MAP_ABOVE4G but not MAP_SYNC', () => {
    expect(LEGACY_MAP_MASK & constants.MAP_HUGE_1GB).toBe(constants.MAP_HUGE_1GB);
    expect(LEGACY_MAP_MASK & constants.MAP_ABOVE4G).toBe(constants.MAP_ABOVE4G);
    expect(LEGACY_MAP_MASK & constants.MAP_SYNC).toBe(0);
    expect(LEGACY_MAP_MASK & constants.MAP_FIXED_NOREPLACE).toBe(0);
  });
});

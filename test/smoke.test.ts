import { describe, expect, it } from 'vitest';
import { UAPI_CONSTANTS, MAP_LOCKED } from '../src/uapi/constants.js';

describe('uapi', () => {
  it('names MAP_LOCKED with its x86-64 value', () => {
    expect(UAPI_CONSTANTS.find((c) => c.name === 'MAP_LOCKED')?.value).toBe(BigInt(MAP_LOCKED));
  });
});

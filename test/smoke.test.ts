import { describe, expect, it } from 'vitest';
import { MAP_LOCKED } from '../src/uapi/constants.js';
import { UAPI_CONSTANTS } from '../src/uapi/uapiConstants.js';

describe('uapi', () => {
  it('names MAP_LOCKED with its x86-64 value', () => {
    expect(UAPI_CONSTANTS.find((c) => c.name === 'MAP_LOCKED')?.value).toBe(BigInt(MAP_LOCKED));
  });
});

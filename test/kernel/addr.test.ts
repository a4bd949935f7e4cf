// Address arithmetic (src/kernel/addr.ts): the number fast paths (the two words of a
// BigInt64Array) give what the bigint operations they replace give, on every value a register
// can hold and past it, so the step's semantics do not depend on which path a value takes.

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  asInt,
  limitPages,
  lowU32,
  offsetInPage,
  pageAlign,
  pagesIn,
  toVpn,
  u64,
} from '../../src/kernel/addr.js';

const TWO53 = 1n << 53n;
const TWO63 = 1n << 63n;
const TWO64 = 1n << 64n;
/** Values around the edges where a double stops being exact or a register wraps. */
const edges = [0n, 1n, 4095n, 4096n, 4097n, TWO53 - 4097n, TWO53 - 1n, TWO53, TWO53 + 1n]
  .concat([TWO53 + 4095n, TWO63 - 4097n, TWO63 - 1n, TWO63, TWO63 + 4096n])
  .concat([TWO64 - 4096n, TWO64 - 1n, TWO64, TWO64 + 4097n])
  .flatMap((x) => [x, -x]);
const anyValue = fc.oneof(
  fc.constantFrom(...edges),
  fc.bigInt({ min: -(TWO64 * 2n), max: TWO64 * 2n }),
  fc.bigInt({ min: -TWO53 - 8192n, max: TWO53 + 8192n }),
);

describe('address arithmetic', () => {
  it('toVpn shifts right by PAGE_SHIFT, rounding down, on both sides of 2^53 and 2^63', () => {
    fc.assert(fc.property(anyValue, (x) => toVpn(x) === Number(x >> 12n)));
    for (const x of edges) expect(toVpn(x)).toBe(Number(x >> 12n));
  });

  it('pagesIn divides a length that is not negative by PAGE_SIZE', () => {
    fc.assert(
      fc.property(anyValue, (x) => {
        const len = x < 0n ? -x : x;
        return pagesIn(len) === Number(len / 4096n);
      }),
    );
  });

  it('u64, lowU32 and asInt keep the low bits as the masks did, negative values included', () => {
    fc.assert(
      fc.property(
        anyValue,
        (x) =>
          u64(x) === (x & (TWO64 - 1n)) &&
          lowU32(x) === Number(x & 0xffffffffn) &&
          asInt(x) === Number(BigInt.asIntN(32, x)),
      ),
    );
    for (const x of [(1n << 31n) - 1n, 1n << 31n, (1n << 32n) - 1n, 1n << 32n].flatMap((y) => [
      y,
      -y,
    ]))
      expect([lowU32(x), asInt(x)]).toEqual([
        Number(x & 0xffffffffn),
        Number(BigInt.asIntN(32, x)),
      ]);
  });

  it('pageAlign and offsetInPage round and take the offset as the plain bigint masks do', () => {
    const PAGE_MASK = ~4095n & (TWO64 - 1n);
    fc.assert(
      fc.property(
        anyValue,
        (x) => pageAlign(x) === ((x + 4095n) & PAGE_MASK) && offsetInPage(x) === (x & 4095n),
      ),
    );
    expect([pageAlign(TWO64 - 1n), pageAlign(TWO64 - 4096n), pageAlign(1n)]).toEqual([
      0n,
      TWO64 - 4096n,
      4096n,
    ]);
  });

  it('limitPages is the limit in whole pages, RLIM_INFINITY 2^52 - 1', () => {
    expect(limitPages(null)).toBe(2 ** 52 - 1);
    expect(limitPages(8191n)).toBe(1);
    expect(limitPages(TWO64 - 1n)).toBe(2 ** 52 - 1);
  });
});

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  headerBytes,
  keyBytes,
  readRecord,
  recordEquals,
  writeRecord,
} from '../../src/explore/_internals/keyArena.js';

/** Words with zero bytes anywhere, often at the end (a packed state's zero tail). */
const word = fc.oneof(
  fc.constant(0),
  fc.integer({ min: 1, max: 255 }),
  fc.integer({ min: 256, max: 0xffff }),
  fc.integer({ min: -(2 ** 31), max: 2 ** 31 - 1 }),
);
const key = (width: number): fc.Arbitrary<Int32Array> =>
  fc.array(word, { minLength: width, maxLength: width }).map((w) => Int32Array.from(w));

describe('key arena records', () => {
  it('read back every key, cut at its last non-zero byte, with a one- or two-byte length', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 67 }).chain(key), (k) => {
        const width = k.length;
        const length = keyBytes(k, 0, width);
        const arena = new Uint8Array(2 + 4 * width + 3);
        writeRecord(arena, 3, k, 0, length);
        expect(readRecord(arena, 3, new Int32Array(width).fill(-1), width)).toEqual(k);
        expect(recordEquals(arena, 3, k, 0, width)).toBe(true);
        const bytes = new Uint8Array(k.buffer);
        expect(length === 0 || bytes[length - 1] !== 0).toBe(true);
        expect(bytes.subarray(length).every((b) => b === 0)).toBe(true);
        expect(headerBytes(length)).toBe(length < 128 ? 1 : 2);
      }),
    );
  });

  it('tell apart keys that differ in any byte, past the record included', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 67 }).chain(key),
        fc.nat(),
        fc.integer({ min: 1, max: 255 }),
        (k, at, flip) => {
          const width = k.length;
          const arena = new Uint8Array(2 + 4 * width);
          writeRecord(arena, 0, k, 0, keyBytes(k, 0, width));
          const other = new Uint8Array(Int32Array.from(k).buffer);
          const i = at % other.length;
          other[i] = (other[i] ?? 0) ^ flip;
          expect(recordEquals(arena, 0, new Int32Array(other.buffer), 0, width)).toBe(false);
        },
      ),
    );
  });

  it('read a key from inside a larger buffer', () => {
    const keys = Int32Array.from([7, 7, 0x0102, 0, 0, 9]);
    const arena = new Uint8Array(16);
    writeRecord(arena, 0, keys, 2, keyBytes(keys, 2, 3));
    expect(arena.subarray(0, 3)).toEqual(Uint8Array.from([2, 2, 1]));
    expect(recordEquals(arena, 0, keys, 2, 3)).toBe(true);
    expect(recordEquals(arena, 0, keys, 3, 3)).toBe(false);
    expect([...readRecord(arena, 0, new Int32Array(3), 3)]).toEqual([0x0102, 0, 0]);
  });
});

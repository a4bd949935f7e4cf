import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Decoder } from '../../src/explore/decoder.js';
import { Encoder } from '../../src/explore/encoder.js';
import { ARENA_MAX_LOAD, MAX_LOAD, StateStore } from '../../src/explore/stateStore.js';
import { hashWords } from '../../src/explore/_internals/hashWords.js';

describe('Encoder and Decoder', () => {
  it('read back any mix of bit fields and words', () => {
    const field = fc.oneof(
      fc.integer({ min: 1, max: 32 }).chain((width) =>
        fc.record({
          width: fc.constant(width),
          value: fc.integer({ min: 0, max: 2 ** width - 1 }),
        }),
      ),
      fc.record({
        width: fc.constant(0),
        value: fc.integer({ min: -(2 ** 31), max: 2 ** 31 - 1 }),
      }),
    );
    fc.assert(
      fc.property(fc.array(field, { maxLength: 40 }), (fields) => {
        const encoder = new Encoder(64);
        for (const { width, value } of fields) {
          if (width === 0) encoder.word(value);
          else encoder.bits(value, width);
        }
        encoder.finish();
        const decoder = new Decoder().reset(encoder.words);
        const back = fields.map(({ width }) =>
          width === 0 ? decoder.word() : decoder.bits(width),
        );
        expect(back).toEqual(fields.map((f) => f.value));
      }),
    );
  });

  it('zero-pads short encodings and names the fix when one is too long', () => {
    const encoder = new Encoder(3, 'demo.encode');
    encoder.word(-1);
    encoder.finish();
    expect([...encoder.words]).toEqual([-1, 0, 0]);
    encoder.reset();
    expect(() => [1, 2, 3, 4].forEach((w) => encoder.word(w))).toThrow(/demo.encode.*encodedWords/);
  });

  it('clears, when told how far the buffer was written last, only up to there', () => {
    const buffer = new Int32Array(12);
    const encoder = new Encoder(6);
    encoder.resetInto(buffer, 6);
    for (const w of [5, 6, 7, 8]) encoder.word(w);
    encoder.finish(0);
    const written = encoder.length;
    encoder.resetInto(buffer, 6);
    encoder.word(9);
    encoder.finish(written);
    expect([...buffer]).toEqual([0, 0, 0, 0, 0, 0, 9, 0, 0, 0, 0, 0]);
    // Told less than was written, the rest stays: the caller's count is trusted.
    encoder.resetInto(buffer, 6);
    for (const w of [5, 6, 7, 8]) encoder.word(w);
    encoder.finish(0);
    encoder.resetInto(buffer, 6);
    encoder.word(1);
    encoder.finish(2);
    expect([...buffer.subarray(6)]).toEqual([1, 0, 7, 8, 0, 0]);
  });
});

describe('hashWords', () => {
  const words = fc.array(fc.integer({ min: -(2 ** 31), max: 2 ** 31 - 1 }), { maxLength: 12 });

  it('is the same for a key whatever zero padding it carries, and whatever zeroFrom says past its last non-zero word', () => {
    fc.assert(
      fc.property(words, fc.nat(20), fc.nat(20), fc.nat(2 ** 31), (body, pad, past, seed) => {
        const width = body.length + pad + past + 1;
        const key = new Int32Array(width + 3);
        key.set(body, 3);
        let last = body.length;
        while (last > 0 && body[last - 1] === 0) last--;
        const whole = hashWords(key, width, 3, seed);
        // The encoder's length: anywhere from the last non-zero word to the width.
        const zeroFrom = Math.min(width, last + pad);
        expect(hashWords(key, width, 3, seed, zeroFrom)).toBe(whole);
        expect(hashWords(key, width, 3, seed, width)).toBe(whole);
      }),
    );
  });

  it('tells apart keys that differ in any word before the padding', () => {
    fc.assert(
      fc.property(words, fc.nat(11), fc.integer({ min: 1, max: 2 ** 30 }), (body, at, flip) => {
        fc.pre(body.length > 0);
        const i = at % body.length;
        const a = new Int32Array(16);
        a.set(body);
        const b = a.slice();
        b[i] = (b[i] ?? 0) ^ flip;
        // Not a promise of a hash (they may collide), but murmur over two different lists of
        // up to 12 words does not within fast-check's hundred runs; a hash that stopped at the
        // first zero word, say, would.
        expect(hashWords(a, 16, 0, 7, 16)).not.toBe(hashWords(b, 16, 0, 7, 16));
      }),
    );
  });
});

describe('StateStore', () => {
  it('keeps 200,000 keys through growth, colliding home slots included', () => {
    const store = StateStore.create(3, 4, false);
    const key = new Int32Array(3);
    const n = 200_000;
    for (let i = 0; i < n; i++) {
      key.set([i, i * 31, -i]);
      expect(store.insert(key, 0, hashWords(key, 3), i - 1)).toBe(i);
    }
    expect(store.size).toBe(n);
    // Every key is found again, at its own index; keyOf gives it back.
    for (let i = 0; i < n; i += 7) {
      key.set([i, i * 31, -i]);
      expect(store.insert(key, 0, hashWords(key, 3), 0)).toBe(-(i + 1));
      expect([...store.keyOf(i, new Int32Array(3))]).toEqual([i, i * 31, -i | 0]);
      expect(store.parentOf[i]).toBe(i - 1);
    }
  });

  it('resolves keys that all hash to the same slot', () => {
    const store = StateStore.create(1, 1024, false);
    const key = new Int32Array(1);
    for (let i = 0; i < 500; i++) {
      key[0] = i;
      expect(store.insert(key, 0, 12345, -1)).toBe(i);
    }
    for (let i = 0; i < 500; i++) {
      key[0] = i;
      expect(store.insert(key, 0, 12345, -1)).toBe(-(i + 1));
    }
  });

  it('asks to grow at 0.6 load for inline keys and 0.75 for arena keys', () => {
    for (const [width, limit] of [
      [3, Math.ceil(1024 * MAX_LOAD)],
      [40, Math.ceil(1024 * ARENA_MAX_LOAD)],
    ] as const) {
      const store = StateStore.create(width, 1024, false);
      const key = new Int32Array(width);
      for (let i = 0; i < limit; i++) {
        expect(store.full).toBe(false);
        key[0] = i + 1;
        store.insert(key, 0, hashWords(key, width), -1);
      }
      expect(store.full).toBe(true);
      expect(store.capacity).toBe(1024);
    }
  });

  it('keeps wide keys in the arena without their zero tails, through growth of both', () => {
    // Width 40: keys of 1 to 40 used words, some sharing a hash, the table and the arena
    // grown many times over (the arena starts at a few MB and ends near 20 MB).
    const width = 40;
    const keyFor = (i: number, out: Int32Array): Int32Array => {
      out.fill(0);
      const used = 1 + (i % width);
      for (let w = 0; w < used; w++) out[w] = (i * 7919 + w * 31) | 1;
      return out;
    };
    for (const shared of [false, true]) {
      let store = StateStore.create(width, 16, shared);
      const key = new Int32Array(width);
      const n = 60_000;
      for (let i = 0; i < n; i++) {
        if (shared && store.full) store = store.grown(true);
        keyFor(i, key);
        const hash = i < 300 ? 42 : hashWords(key, width);
        expect(store.insert(key, 0, hash, i - 1, shared)).toBe(i);
      }
      expect(store.size).toBe(n);
      expect(store.arenaBytes).toBeLessThan(n * (2 * width + 8));
      const out = new Int32Array(width);
      for (let i = 0; i < n; i += 13) {
        keyFor(i, key);
        const hash = i < 300 ? 42 : hashWords(key, width);
        expect(store.insert(key, 0, hash, 0)).toBe(-(i + 1));
        expect([...store.keyOf(i, out)]).toEqual([...key]);
        expect(store.parentOf[i]).toBe(i - 1);
      }
    }
  });
});

// MurmurHash3 (x86, 32-bit) over the `n` words of a key from `offset`: cheap, and mixes well enough
// for linear probing on keys that differ in a few bits. Another `seed` gives an independent
// hash (the bit-state mode's second hash function).

export function hashWords(key: Int32Array, n: number, offset = 0, seed = 0x9747b28c): number {
  let h = seed ^ n;
  for (let i = 0; i < n; i++) {
    let k = Math.imul(key[offset + i] ?? 0, 0xcc9e2d51);
    k = (k << 15) | (k >>> 17);
    h ^= Math.imul(k, 0x1b873593);
    h = (h << 13) | (h >>> 19);
    h = (Math.imul(h, 5) + 0xe6546b64) | 0;
  }
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  return h ^ (h >>> 16);
}

// MurmurHash3 (x86, 32-bit) over the words of an `n`-word key from `offset`, up to its last
// non-zero word: cheap, and mixes well enough for linear probing on keys that differ in a few
// bits. Another `seed` gives an independent hash (the bit-state mode's second hash function).
// Why trailing zeros are left out: a packed kernel state uses about 12 of its 68 words (the
// layout's width is the widest state a bound can reach, src/check/_internals/layout.ts), and
// mixing the zero padding was five sixths of every successor's hash. Keys of one store all
// have the same width, so two keys that differ only past their last non-zero word are equal:
// the hash stays a function of the key. `zeroFrom`: the words from there on are known to be zero
// (an Encoder's length), which spares looking for the last non-zero word from the end.

export function hashWords(
  key: Int32Array,
  n: number,
  offset = 0,
  seed = 0x9747b28c,
  zeroFrom = n,
): number {
  let used = zeroFrom;
  while (used > 0 && key[offset + used - 1] === 0) used--;
  let h = seed ^ n;
  for (let i = 0; i < used; i++) {
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

// The key arena of a StateStore whose keys are too wide to sit in their slots (the kernel
// system's: 67 words wide, about 12 used). A key is kept as bytes, `[length, bytes...]`: its
// words in little-endian byte order with the trailing zero bytes cut off, after a length of one
// byte (below 128) or two. A packed kernel state is a bit string, so cutting at the byte rather
// than at the word, and a one-byte length instead of a word, take a record of the default bound
// from 52.9 to 48.3 bytes on average.
// Records are appended, never moved: a state's record lives at the byte offset the store keeps
// for it (StateStore.whereOf), read as unsigned so that the arena may pass 2 GiB.

/** The most bytes the arena's growable buffer may reserve (V8's limit for one buffer). */
export const ARENA_MAX_BYTES = 2 ** 32;

/** Buffer constructors with ES2024's maxByteLength (Node 20 has it; this TypeScript lib not). */
type GrowableCtor = new (bytes: number, options: { maxByteLength: number }) => ArrayBufferLike;

/** A growable buffer of `bytes` bytes that may grow to ARENA_MAX_BYTES. */
export function growableBuffer(bytes: number, shared: boolean): ArrayBufferLike {
  const Ctor = (shared ? SharedArrayBuffer : ArrayBuffer) as unknown as GrowableCtor;
  return new Ctor(bytes, { maxByteLength: ARENA_MAX_BYTES });
}

/** Grows a buffer made by growableBuffer to `bytes` bytes, in place. */
export function growBuffer(buffer: ArrayBufferLike, bytes: number): void {
  const b = buffer as ArrayBufferLike & {
    grow?: (n: number) => void;
    resize?: (n: number) => void;
  };
  if (bytes > ARENA_MAX_BYTES)
    throw new RangeError(
      'StateStore: the key arena would pass 4 GiB; use --bitstate or a partition',
    );
  if (b.grow !== undefined) b.grow(bytes);
  else if (b.resize !== undefined) b.resize(bytes);
  else throw new TypeError('StateStore: the key arena is not growable');
}

/**
 * Bytes of the key at `keys[at .. at + width)` without its trailing zero bytes (`width` may stop
 * short of the key's: where its words are known to be zero from).
 */
export function keyBytes(keys: Int32Array, at: number, width: number): number {
  let words = width;
  while (words > 0 && (keys[at + words - 1] ?? 0) === 0) words--;
  if (words === 0) return 0;
  const last = keys[at + words - 1] ?? 0;
  const tail = last >>> 24 !== 0 ? 4 : last >>> 16 !== 0 ? 3 : last >>> 8 !== 0 ? 2 : 1;
  return (words - 1) * 4 + tail;
}

/** Bytes of a record's length header: one below 128, else two. */
export const headerBytes = (length: number): number => (length < 128 ? 1 : 2);

/** Byte `i` of the little-endian byte string of `keys[at ..]`. */
const byteOf = (keys: Int32Array, at: number, i: number): number =>
  ((keys[at + (i >> 2)] ?? 0) >>> ((i & 3) << 3)) & 255;

/** Writes the record of a key of `length` bytes at `offset` (room checked by the caller). */
export function writeRecord(
  arena: Uint8Array,
  offset: number,
  keys: Int32Array,
  at: number,
  length: number,
): void {
  let p = offset;
  if (length < 128) arena[p++] = length;
  else {
    arena[p++] = 128 | (length & 127);
    arena[p++] = length >> 7;
  }
  for (let i = 0; i < length; i++) arena[p + i] = byteOf(keys, at, i);
}

/** The length in bytes of the key of the record at `offset` (after its header). */
function lengthAt(arena: Uint8Array, offset: number): number {
  const first = arena[offset] ?? 0;
  return first < 128 ? first : (first & 127) | ((arena[offset + 1] ?? 0) << 7);
}

/** Word `w` of a record's bytes from `p` (four of them, little-endian). */
const wordAt = (arena: Uint8Array, p: number, w: number): number => {
  const q = p + (w << 2);
  return (
    (arena[q] ?? 0) |
    ((arena[q + 1] ?? 0) << 8) |
    ((arena[q + 2] ?? 0) << 16) |
    ((arena[q + 3] ?? 0) << 24)
  );
};

/**
 * Word `w` of the key of a record of `length` bytes from `p`: four bytes, the last word's
 * fewer (w below (length + 3) >> 2).
 */
function recordWord(arena: Uint8Array, p: number, length: number, w: number): number {
  const from = w << 2;
  if (from + 4 <= length) return wordAt(arena, p, w);
  let tail = 0;
  for (let i = from; i < length; i++) tail |= (arena[p + i] ?? 0) << ((i & 3) << 3);
  return tail;
}

/**
 * Copies the key of the record at `offset` into `out` as words, zero-padded to `width`. A word
 * at a time: the explorer reads a record for every state it expands.
 */
export function readRecord(
  arena: Uint8Array,
  offset: number,
  out: Int32Array,
  width: number,
): Int32Array {
  const length = lengthAt(arena, offset);
  const p = offset + headerBytes(length);
  const words = (length + 3) >> 2;
  for (let w = 0; w < words; w++) out[w] = recordWord(arena, p, length, w);
  for (let w = words; w < width; w++) out[w] = 0;
  return out;
}

/**
 * Whether the record at `offset` holds the key at `keys[at .. at + width)`, compared a word at
 * a time as the record is read (`width` may stop short of the key's: where its words are known
 * to be zero from). The store asks for every successor whose full hash matches a
 * stored one, nearly always the same key (a state found again), so nothing is copied first.
 */
export function recordEquals(
  arena: Uint8Array,
  offset: number,
  keys: Int32Array,
  at: number,
  width: number,
): boolean {
  const length = lengthAt(arena, offset);
  const words = (length + 3) >> 2;
  for (let w = 0, p = offset + headerBytes(length); w < words; w++)
    if (recordWord(arena, p, length, w) !== keys[at + w]) return false;
  // Past the record, the key must be zero: the record cut its trailing zero bytes.
  for (let w = words; w < width; w++) if (keys[at + w] !== 0) return false;
  return true;
}

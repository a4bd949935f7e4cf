// One BFS level of packed states, in the order they were found, kept in memory until it holds
// `spillBytes`, then written out to a temporary file in segments and streamed back a segment at
// a time: what lets a search whose visited set is small (the bit-state search's bitmap) go on
// when its frontier would not fit. A state is a record `[length, words...]`, its key with the
// trailing zero words cut off (the store's arena cuts at the byte), so a record costs the words
// it uses.
// The caller owns the temporary folder and removes it, interrupted or not.

import { closeSync, openSync, readSync, rmSync, writeSync } from 'node:fs';

export class FrontierQueue {
  private buffer = new Int32Array(4096);
  /** Words of `buffer` in use: whole records only. */
  private used = 0;
  /** Words of each segment written to the file, in order. */
  private readonly segments: number[] = [];
  private fd: number | null = null;
  /** States appended since the last clear. */
  count = 0;
  /** Words written to the file since the last clear (for the figures). */
  spilledWords = 0;

  /**
   * `spillBytes`: the most bytes of records held in memory before they go to `file`; null
   * keeps everything in memory.
   */
  constructor(
    private readonly width: number,
    private readonly spillBytes: number | null,
    private readonly file: string,
  ) {}

  /** Bytes held in memory. */
  get bytes(): number {
    return this.buffer.byteLength;
  }

  /** Appends a key of `length` words (its trailing zero words cut off) from `keys[at]`. */
  append(keys: Int32Array, at: number, length: number): void {
    if (this.used + length + 1 > this.buffer.length) this.makeRoom(length + 1);
    const buffer = this.buffer;
    buffer[this.used] = length;
    buffer.set(keys.subarray(at, at + length), this.used + 1);
    this.used += length + 1;
    this.count++;
  }

  /**
   * Each state's key, zero-padded to the width in one reused array, in the
   * order appended: the segments on disk first, then what is still in memory.
   */
  *keys(): Generator<Int32Array> {
    const key = new Int32Array(this.width);
    let offset = 0;
    for (const words of this.segments) {
      const segment = new Int32Array(words);
      const bytes = words * 4;
      const view = new Uint8Array(segment.buffer);
      const fd = this.fd;
      if (fd === null) throw new Error('FrontierQueue: a segment without its file');
      for (let done = 0; done < bytes;)
        done += readSync(fd, view, done, bytes - done, offset + done);
      offset += bytes;
      yield* records(segment, words, key);
    }
    yield* records(this.buffer, this.used, key);
  }

  /** Empties the queue for reuse as a later level; its file is truncated, not removed. */
  clear(): void {
    this.used = 0;
    this.count = 0;
    this.spilledWords = 0;
    this.segments.length = 0;
    if (this.fd !== null) {
      closeSync(this.fd);
      this.fd = null;
      rmSync(this.file, { force: true });
    }
  }

  /** Closes and removes the file (the folder is the caller's). */
  dispose(): void {
    this.clear();
  }

  private makeRoom(record: number): void {
    const limitWords = this.spillBytes === null ? Infinity : Math.floor(this.spillBytes / 4);
    if (this.used > 0 && this.used + record > limitWords) {
      this.spill();
      if (record <= this.buffer.length) return;
    }
    let size = this.buffer.length * 2;
    while (size < this.used + record) size *= 2;
    const bigger = new Int32Array(size);
    bigger.set(this.buffer.subarray(0, this.used));
    this.buffer = bigger;
  }

  private spill(): void {
    this.fd ??= openSync(this.file, 'w+');
    const bytes = this.used * 4;
    const view = new Uint8Array(this.buffer.buffer, 0, bytes);
    for (let done = 0; done < bytes;) done += writeSync(this.fd, view, done, bytes - done);
    this.segments.push(this.used);
    this.spilledWords += this.used;
    this.used = 0;
  }
}

/** The words of `key` (`width` of them) without its trailing zero words. */
export function trimmedLength(key: Int32Array, width: number): number {
  let length = width;
  while (length > 0 && (key[length - 1] ?? 0) === 0) length--;
  return length;
}

function* records(words: Int32Array, used: number, key: Int32Array): Generator<Int32Array> {
  for (let at = 0; at < used;) {
    const length = words[at] ?? 0;
    key.set(words.subarray(at + 1, at + 1 + length));
    key.fill(0, length);
    at += length + 1;
    yield key;
  }
}

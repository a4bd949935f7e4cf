// The visited states of the exact search on disk: one file of packed records `[length,
// words...]` (a key without its trailing zero words; the store's arena cuts at the byte) in
// discovery order, so, as in the store, a BFS level is a contiguous run of records and the file
// is also the queue. Memory holds only each state's record offset and parent index, 8 bytes a
// state, and a write buffer. The caller owns the file's folder and removes it, interrupted or
// not.

import { closeSync, openSync, readSync, writeSync } from 'node:fs';
import { GrowingInts } from './growingInts.js';

/** Words buffered before a write, and read at a time. */
const WRITE_WORDS = 1 << 14;
const READ_WORDS = 1 << 16;

export class DiskStates {
  private readonly fd: number;
  /** Word offset of each state's record in the file (the write buffer counts as written). */
  private readonly offsets = new GrowingInts();
  private readonly parents = new GrowingInts();
  private readonly pending = new Int32Array(WRITE_WORDS);
  private pendingWords = 0;
  /** Words of the file, the write buffer included. */
  private words = 0;
  /** Words actually written to the file. */
  private writtenWords = 0;

  constructor(
    readonly width: number,
    file: string,
  ) {
    this.fd = openSync(file, 'w+');
  }

  get size(): number {
    return this.offsets.length;
  }

  /** Bytes held in memory: the offsets, the parents and the write buffer. */
  get bytesHeld(): number {
    return this.offsets.bytes + this.parents.bytes + this.pending.byteLength;
  }

  /** Bytes of the file. */
  get diskBytes(): number {
    return this.words * 4;
  }

  /** The index of the state `index` was first reached from (-1 for an initial state). */
  parentAt(index: number): number {
    return this.parents.at(index);
  }

  /** Appends the key at `keys[at .. at + width)` as the next state; returns its index. */
  append(keys: Int32Array, at: number, parent: number): number {
    let length = this.width;
    while (length > 0 && (keys[at + length - 1] ?? 0) === 0) length--;
    if (this.words + length + 1 > 0x7fffffff)
      throw new RangeError('explore: the states file would pass 8 GiB; use --bitstate');
    if (this.pendingWords + length + 1 > this.pending.length) this.flush();
    this.offsets.push(this.words);
    this.parents.push(parent);
    this.pending[this.pendingWords] = length;
    this.pending.set(keys.subarray(at, at + length), this.pendingWords + 1);
    this.pendingWords += length + 1;
    this.words += length + 1;
    return this.offsets.length - 1;
  }

  /** Writes the buffered records to the file. */
  flush(): void {
    const view = new Uint8Array(this.pending.buffer, 0, this.pendingWords * 4);
    const at = this.writtenWords * 4;
    for (let done = 0; done < view.length;)
      done += writeSync(this.fd, view, done, view.length - done, at + done);
    this.writtenWords += this.pendingWords;
    this.pendingWords = 0;
  }

  /**
   * Calls `visit(key, index)` for states `from` .. `to` - 1 in order, reading the file a block
   * at a time; `key` is one reused array, zero-padded to the width. Records appended meanwhile
   * (past `to`) are not read.
   */
  scan(from: number, to: number, visit: (key: Int32Array, index: number) => void): void {
    if (from >= to) return;
    this.flush();
    const key = new Int32Array(this.width);
    const end = to < this.size ? this.offsets.at(to) : this.words;
    let position = this.offsets.at(from);
    // At least one whole record; no more than the records asked for.
    const block = new Int32Array(Math.max(this.width + 1, Math.min(READ_WORDS, end - position)));
    const bytes = new Uint8Array(block.buffer);
    let index = from;
    while (position < end) {
      const n = Math.min(block.length, end - position);
      for (let done = 0; done < n * 4;)
        done += readSync(this.fd, bytes, done, n * 4 - done, position * 4 + done);
      let at = 0;
      // Whole records only: a record cut by the block's end is read again with the next block.
      while (at < n && at + (block[at] ?? 0) + 1 <= n) {
        const length = block[at] ?? 0;
        key.set(block.subarray(at + 1, at + 1 + length));
        key.fill(0, length);
        visit(key, index++);
        at += length + 1;
      }
      position += at;
    }
  }

  /** Copies the key of state `index` into `out` (zero-padded to the width). */
  keyOf(index: number, out: Int32Array): Int32Array {
    this.scan(index, index + 1, (key) => out.set(key));
    return out;
  }

  close(): void {
    closeSync(this.fd);
  }
}

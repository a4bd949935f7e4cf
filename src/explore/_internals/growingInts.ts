// A list of 32-bit integers in one Int32Array that doubles as it fills: the bit-state search's
// levels of packed states and its parent links, without an object per entry.

export class GrowingInts {
  private data = new Int32Array(1024);
  length = 0;

  /** Bytes held (the capacity, not the length). */
  get bytes(): number {
    return this.data.byteLength;
  }

  push(value: number): void {
    if (this.length === this.data.length) this.grow(this.length + 1);
    this.data[this.length++] = value;
  }

  pushWords(words: Int32Array, n: number): void {
    if (this.length + n > this.data.length) this.grow(this.length + n);
    this.data.set(words.subarray(0, n), this.length);
    this.length += n;
  }

  at(index: number): number {
    const v = this.data[index];
    if (v === undefined || index >= this.length)
      throw new RangeError(`GrowingInts: no entry ${index}`);
    return v;
  }

  /** Copies `n` entries from `from` into `out`. */
  copyWords(from: number, n: number, out: Int32Array): void {
    out.set(this.data.subarray(from, from + n));
  }

  /** Empties the list, keeping its buffer for reuse. */
  clear(): void {
    this.length = 0;
  }

  private grow(atLeast: number): void {
    let size = this.data.length * 2;
    while (size < atLeast) size *= 2;
    const bigger = new Int32Array(size);
    bigger.set(this.data.subarray(0, this.length));
    this.data = bigger;
  }
}

// Reads back what an Encoder wrote, in the same order and widths.

export class Decoder {
  private words: Int32Array = new Int32Array(0);
  private pos = 0;
  private acc = 0;
  private accBits = 0;

  /** Starts reading `words` from the beginning (the array is read, never kept past the next reset). */
  reset(words: Int32Array): this {
    this.words = words;
    this.pos = 0;
    this.acc = 0;
    this.accBits = 0;
    return this;
  }

  /** Reads one whole word, as a signed 32-bit integer (pending bits are dropped first). */
  word(): number {
    this.accBits = 0;
    return this.next();
  }

  /** Reads `width` bits (1..32) as an unsigned number. */
  bits(width: number): number {
    let value: number;
    if (this.accBits >= width) {
      value = this.acc;
      this.acc = width >= 32 ? 0 : this.acc >>> width;
      this.accBits -= width;
    } else {
      const have = this.accBits;
      const low = have === 0 ? 0 : this.acc;
      const w = this.next();
      value = low | (w << have);
      const used = width - have;
      this.acc = used >= 32 ? 0 : w >>> used;
      this.accBits = 32 - used;
    }
    return width >= 32 ? value >>> 0 : value & ((1 << width) - 1);
  }

  private next(): number {
    if (this.pos >= this.words.length) {
      throw new RangeError(
        'decode: read past the end of the encoded state; encode and decode disagree',
      );
    }
    return this.words[this.pos++] ?? 0;
  }
}

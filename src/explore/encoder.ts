// Writes a state as packed 32-bit words into one reusable buffer: the explorer encodes every
// successor, so this must not allocate.

export class Encoder {
  /** The encoder's own buffer, written after `reset()`; `capacity` long. */
  readonly words: Int32Array;
  length = 0;
  /** Where the words go: `words`, or a caller's buffer from `resetInto`. */
  private out: Int32Array;
  private at = 0;
  private acc = 0;
  private accBits = 0;

  constructor(
    readonly capacity: number,
    private readonly owner = 'encode',
  ) {
    if (!Number.isInteger(capacity) || capacity < 1) {
      throw new RangeError(`Encoder: capacity must be a positive integer, got ${capacity}`);
    }
    this.words = new Int32Array(capacity);
    this.out = this.words;
  }

  /** Starts a new encoding in `words`. */
  reset(): void {
    this.resetInto(this.words, 0);
  }

  /**
   * Starts a new encoding written straight into `out[at .. at + capacity)`: the explorer
   * encodes every successor into its insert batch this way, sparing a copy a transition.
   */
  resetInto(out: Int32Array, at: number): void {
    this.out = out;
    this.at = at;
    this.length = 0;
    this.acc = 0;
    this.accBits = 0;
  }

  /** Appends one whole word (pending bits are flushed first). */
  word(value: number): void {
    if (this.accBits > 0) this.flushBits();
    this.push(value | 0);
  }

  /** Appends the low `width` bits of `value` (1..32), packed after the previous bits. */
  bits(value: number, width: number): void {
    const masked = width >= 32 ? value | 0 : value & ((1 << width) - 1);
    const used = this.accBits;
    this.acc |= masked << used;
    if (used + width < 32) {
      this.accBits = used + width;
      return;
    }
    this.push(this.acc);
    // The bits of `masked` that did not fit in the word just pushed.
    const spilled = 32 - used;
    this.acc = spilled >= 32 ? 0 : masked >>> spilled;
    this.accBits = used + width - 32;
  }

  /**
   * Flushes pending bits and zero-pads to `capacity`, so every state has the same width.
   * `zeroFrom`: the words of the buffer from there on are zero already (the caller knows how far
   * it wrote there last), so only those between get cleared: a kernel state uses about 12 of
   * its 68 words, and clearing the other 56 for every successor was 0.4% of a search.
   */
  finish(zeroFrom = this.capacity): void {
    if (this.accBits > 0) this.flushBits();
    // A loop, not fill(): it runs for every transition and almost always does little.
    const { out, at } = this;
    for (let i = this.length; i < zeroFrom; i++) out[at + i] = 0;
  }

  private flushBits(): void {
    this.push(this.acc);
    this.acc = 0;
    this.accBits = 0;
  }

  private push(value: number): void {
    if (this.length >= this.capacity) {
      throw new RangeError(
        `${this.owner}: the encoding needs more than ${this.capacity} words; raise encodedWords`,
      );
    }
    this.out[this.at + this.length++] = value;
  }
}

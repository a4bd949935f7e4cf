// What the walks of `quietFuture` found (spec/reduction.md, 'ends'): each state a walk met, by
// its packed words, numbered, with whether its future is known quiet, known loud, or not yet
// settled. Keyed by the words themselves (open addressing over a hash of them, the words kept
// in one arena): a string key cost more to build and hash than the steps it saved.

const UNSETTLED = 0;
const QUIET = 1;
const LOUD = 2;

export class QuietMemo {
  private slots = new Int32Array(1 << 12);
  private arena = new Int32Array(1 << 14);
  private used = 0;
  /** Per state: its words' offset and length in the arena, and its verdict. */
  private offset = new Int32Array(1 << 11);
  private length = new Int32Array(1 << 11);
  private verdict = new Uint8Array(1 << 11);
  private count = 0;

  /** At most `capacity` states; `clearIfFull` (between walks) starts again empty past it. */
  constructor(private readonly capacity: number) {}

  get size(): number {
    return this.count;
  }

  /** Forgets every state when more than `capacity` are kept (no walk holds a number then). */
  clearIfFull(): void {
    if (this.count < this.capacity) return;
    this.slots.fill(0);
    this.used = 0;
    this.count = 0;
  }

  /** The number of the state whose words are `key` (numbered anew if unseen). */
  intern(key: Int32Array): number {
    const mask = this.slots.length - 1;
    for (let at = hash(key) & mask; ; at = (at + 1) & mask) {
      const tag = this.slots[at] ?? 0;
      if (tag === 0) {
        const id = this.add(key);
        this.slots[at] = id + 1;
        if (this.count * 2 > this.slots.length) this.rehash();
        return id;
      }
      if (this.equals(tag - 1, key)) return tag - 1;
    }
  }

  /** true: quiet; false: loud; undefined: not settled. */
  get(id: number): boolean | undefined {
    const v = this.verdict[id];
    return v === QUIET ? true : v === LOUD ? false : undefined;
  }

  set(id: number, quiet: boolean): void {
    this.verdict[id] = quiet ? QUIET : LOUD;
  }

  private add(key: Int32Array): number {
    if (this.used + key.length > this.arena.length)
      this.arena = grown(this.arena, this.used + key.length);
    this.arena.set(key, this.used);
    const id = this.count++;
    if (id >= this.offset.length) {
      this.offset = grown(this.offset, id + 1);
      this.length = grown(this.length, id + 1);
      this.verdict = grown(this.verdict, id + 1);
    }
    this.offset[id] = this.used;
    this.length[id] = key.length;
    this.verdict[id] = UNSETTLED;
    this.used += key.length;
    return id;
  }

  private equals(id: number, key: Int32Array): boolean {
    if (this.length[id] !== key.length) return false;
    const from = this.offset[id] ?? 0;
    for (let k = 0; k < key.length; k++) if (this.arena[from + k] !== key[k]) return false;
    return true;
  }

  private rehash(): void {
    const slots = new Int32Array(this.slots.length * 2);
    const mask = slots.length - 1;
    for (let id = 0; id < this.count; id++) {
      const from = this.offset[id] ?? 0;
      let at = hash(this.arena.subarray(from, from + (this.length[id] ?? 0))) & mask;
      while (slots[at] !== 0) at = (at + 1) & mask;
      slots[at] = id + 1;
    }
    this.slots = slots;
  }
}

function grown<T extends Int32Array | Uint8Array>(a: T, atLeast: number): T {
  let n = a.length * 2;
  while (n < atLeast) n *= 2;
  const b = new (a.constructor as new (n: number) => T)(n);
  b.set(a);
  return b;
}

/** FNV-1a over the words, then a final mix: the table is probed linearly. */
function hash(key: Int32Array): number {
  let h = 0x811c9dc5 ^ key.length;
  for (let k = 0; k < key.length; k++) h = Math.imul(h ^ (key[k] ?? 0), 0x01000193);
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  return h ^ (h >>> 13);
}
